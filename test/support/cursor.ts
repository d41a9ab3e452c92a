// Cursor markers in fixture text: `<|>` marks where the cursor is (`|` alone is YAML's block-scalar indicator).
import type { Position } from '../../src/core/diagnostics';

/** The text without its `<|>` marker and the marker's 0-based position. */
export function cursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf('<|>');
  if (at < 0) throw new Error('fixture has no <|> cursor marker');
  const before = marked.slice(0, at).split('\n');
  return {
    text: marked.slice(0, at) + marked.slice(at + 3),
    position: { line: before.length - 1, character: before.at(-1)?.length ?? 0 },
  };
}
