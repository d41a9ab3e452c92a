// Whether two absolute paths overlap — one is the other or lies under it: a write to either may change what
// the other holds. The hashes a host trusts (verified-hashes.ts) and those a checkout placed (hash.ts) are dropped
// by it.
import * as path from 'node:path';

export function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(b + path.sep) || b.startsWith(a + path.sep);
}
