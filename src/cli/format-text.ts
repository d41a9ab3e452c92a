// Text for people and editors' problem matchers: `file:line:col: severity code: message`, 1-based line and column.
import type { Position } from '../core/diagnostics';
import type { Formatter } from './report';

const at = (p: Position): string => `${p.line + 1}:${p.character + 1}`;

export const formatText: Formatter = (files) => {
  const lines: string[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) {
      // Continuation lines of a long message are indented so each diagnostic still starts a line of its own.
      lines.push(`${file.path}:${at(d.range.start)}: ${d.severity} ${d.code}: ${d.message.replace(/\n/g, '\n    ')}`);
      // Related places (e.g. the other stage writing the same output) follow, indented, in the same shape.
      for (const r of d.related ?? []) lines.push(`  ${r.file}:${at(r.range.start)}: ${r.message}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
