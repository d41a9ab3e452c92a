// One validation reads the same files many times (params.yaml once per stage that lists a param, every dep's
// stat). Within one validation the files do not change, so a snapshot answers repeats from memory.
import type { FileSystem } from '../core/fs';

export function snapshot(fs: FileSystem): FileSystem {
  const texts = new Map<string, string | undefined>();
  const stats = new Map<string, ReturnType<FileSystem['stat']>>();
  const lists = new Map<string, string[] | undefined>();
  const memo = <T>(cache: Map<string, T>, path: string, read: (p: string) => T): T => {
    if (cache.has(path)) return cache.get(path) as T;
    const value = read(path);
    cache.set(path, value);
    return value;
  };
  return {
    readText: (path) => memo(texts, path, (p) => fs.readText(p)),
    stat: (path) => memo(stats, path, (p) => fs.stat(p)),
    list: (path) => memo(lists, path, (p) => fs.list(p)),
  };
}
