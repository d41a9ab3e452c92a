// The workspace's own folder, `.mlops/` (hash caches, the run lock, the status daemon's socket, the local
// tracking store). Whatever creates it goes through here, so its `.gitignore` (`*`) is written before anything
// else is put inside: git never lists the folder as untracked, and nobody commits the cache by accident.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic-file';

export const MLOPS_FOLDER = '.mlops';

/** `<root>/.mlops` (not created). */
export function mlopsPath(root: string): string {
  return path.join(root, MLOPS_FOLDER);
}

/**
 * Creates `dir` (and its parents) as a folder git ignores: a `.gitignore` of `*` in `dir` first, before the caller
 * writes anything. An existing folder without one gets it too (made by an older version).
 */
export function ensureGitIgnoredFolder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  if (!fs.existsSync(ignore)) writeFileAtomic(ignore, '*\n');
  return dir;
}

/** `<root>/.mlops/<sub…>`, created, with `.mlops/.gitignore` in place first. */
export function mlopsFolder(root: string, ...sub: string[]): string {
  const base = ensureGitIgnoredFolder(mlopsPath(root));
  if (sub.length === 0) return base;
  const dir = path.join(base, ...sub);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
