// The DVC repository a command works in: the nearest folder at or above the working folder holding `.dvc/`
// (DVC's Repo.find_root), else the working folder itself (a pipeline not yet `dvc init`-ed).
import * as fs from 'node:fs';
import * as path from 'node:path';

export function findRepoRoot(cwd: string): string {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, '.dvc'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}
