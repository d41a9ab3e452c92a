// Offsets ↔ LSP positions for one text (0-based lines and UTF-16 characters).
import type { Position, Range } from '../diagnostics';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - (this.starts[lo] as number) };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  offset(p: Position): number {
    const start = this.starts[Math.min(Math.max(p.line, 0), this.starts.length - 1)] as number;
    return Math.min(start + p.character, this.text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const next = this.starts[line + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1).replace(/\r$/, '');
  }
}
