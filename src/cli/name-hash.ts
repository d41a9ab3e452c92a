// A short, stable name for a key — the code cache's file, the status daemon's pipe on Windows — that is no secret
// and needs no resistance to collisions made on purpose: 64 bits of FNV-1a as hex. The launcher loads it, so it
// spares every command loading node:crypto for a SHA (~10 ms of a short command's start).
export function nameHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}
