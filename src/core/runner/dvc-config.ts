// DVC's repository config (dvc/config.py): `.dvc/config.local` over `.dvc/config`, INI sections and keys. Only the
// few values the runner needs are read: the cache folder (`[cache] dir`) and the site cache (`[core] site_cache_dir`).
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The DVC repository holding `dir`: the nearest folder, `dir` itself or above, with a `.dvc/` folder (dvc/repo/__init__.py
 * find_root). DVC reads every pipeline file of that repository whichever subfolder it is run from.
 */
export function dvcRepoRoot(dir: string): string | undefined {
  for (let cur = path.resolve(dir); ; cur = path.dirname(cur)) {
    if (fs.statSync(path.join(cur, '.dvc'), { throwIfNoEntry: false })?.isDirectory()) return cur;
    if (path.dirname(cur) === cur) return undefined;
  }
}

/** A value of DVC's config, `.dvc/config.local` first, then `.dvc/config` (INI: `[section]`, `key = value`). */
export function dvcConfigValue(repoRoot: string, section: string, key: string): string | undefined {
  const dvcDir = path.join(repoRoot, '.dvc');
  for (const name of ['config.local', 'config']) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dvcDir, name), 'utf8');
    } catch {
      continue;
    }
    let current = '';
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      const header = /^\[\s*(.+?)\s*\]$/.exec(line);
      if (header) current = (header[1] as string).replace(/['"]/g, '');
      else if (current === section) {
        const m = /^([\w-]+)\s*=\s*(.+)$/.exec(line);
        if (m && m[1] === key) return (m[2] as string).trim();
      }
    }
  }
  return undefined;
}
