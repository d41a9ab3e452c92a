// The "suppress this diagnostic for this line" fix: a `# mlops-disable-next-line code` comment above the
// diagnostic's line (tuning.ts honours it), or the code added to a directive that is already there.
import type { Diagnostic, Fix } from '../../diagnostics';

const DIRECTIVE = /^(\s*)#\s*mlops-disable-next-line\b([^\n]*?)(\s+--\s.*)?$/;

export function suppressFix(text: string, diagnostic: Pick<Diagnostic, 'code' | 'range'>): Fix {
  const lines = text.split('\n');
  const line = diagnostic.range.start.line;
  const title = `Suppress \`${diagnostic.code}\` on this line`;
  const above = line > 0 ? (lines[line - 1] ?? '').replace(/\r$/, '') : undefined;
  const existing = above === undefined ? null : DIRECTIVE.exec(above);
  if (existing && above !== undefined) {
    const codes = (existing[2] ?? '').trim();
    // An empty directive already suppresses everything; only a list of codes needs this one added.
    const end = above.slice(0, above.length - (existing[3]?.length ?? 0)).trimEnd().length;
    const newText = codes.length > 0 ? `, ${diagnostic.code}` : '';
    const at = { line: line - 1, character: end };
    return { title, edits: [{ range: { start: at, end: at }, newText }] };
  }
  const indent = /^\s*/.exec(lines[line] ?? '')?.[0] ?? '';
  const at = { line, character: 0 };
  return {
    title,
    edits: [{ range: { start: at, end: at }, newText: `${indent}# mlops-disable-next-line ${diagnostic.code}\n` }],
  };
}
