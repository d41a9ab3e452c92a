// Text headed for a terminal, made harmless. Stage, experiment and run names come from repositories and tracking
// servers; printed raw, `ESC ]0;… BEL` retitles the terminal, OSC 52 writes the clipboard, cursor moves repaint
// earlier lines, and bidi overrides make `evil` read as `live`. Every CLI stream and the editor's run terminal
// pass through `terminalSafe`: control characters become visible `\uXXXX` escapes (valid inside JSON strings
// too, so machine output keeps its meaning), except newline, tab, carriage return (progress bars) and SGR colour
// sequences (`ESC [ … m`), which change nothing but colour.
const UNSAFE =
  // ESC not starting an SGR sequence, other C0 controls but \t \n \r, DEL, C1 controls, bidi marks and overrides.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The same characters without the global flag: a test of one text, no `lastIndex` carried between calls. */
const ANY_UNSAFE = new RegExp(UNSAFE.source);

/** Whether `terminalSafe` would change the text. */
export function hasUnsafe(text: string): boolean {
  return ANY_UNSAFE.test(text);
}

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
