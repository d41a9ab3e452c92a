// An in-memory FileSystem for unit tests: absolute posix paths → file text; folders are implied by the paths.
import * as path from 'node:path';
import type { FileSystem } from '../../src/core/fs';

export function memoryFs(files: Record<string, string>): FileSystem {
  const texts = new Map(Object.entries(files).map(([p, t]) => [path.posix.resolve(p), t]));
  const dirs = new Set<string>();
  for (const p of texts.keys())
    for (let d = path.posix.dirname(p); ; d = path.posix.dirname(d)) {
      dirs.add(d);
      if (d === '/') break;
    }
  return {
    readText: (p) => texts.get(p),
    stat(p) {
      const t = texts.get(p);
      if (t !== undefined) return { isFile: true, isDirectory: false, size: t.length, mtimeMs: 0 };
      return dirs.has(p) ? { isFile: false, isDirectory: true, size: 0, mtimeMs: 0 } : undefined;
    },
    list(p) {
      if (!dirs.has(p)) return undefined;
      const names = new Set<string>();
      for (const q of [...texts.keys(), ...dirs])
        if (q !== p && path.posix.dirname(q) === p) names.add(path.posix.basename(q));
      return [...names].sort();
    },
  };
}
