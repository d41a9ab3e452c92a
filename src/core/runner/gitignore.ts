// As `dvc repro` does for cached outputs in a git repository: add `/<name>` to the .gitignore next to the
// output unless git already ignores it, so cached data never shows up as untracked in git.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBoundedText } from '../bounded-read';

export function gitIgnoreOutput(absPath: string): void {
  const dir = path.dirname(absPath);
  const entry = '/' + path.basename(absPath).replace(/[\\*?[\]!#]/g, (c) => `\\${c}`);
  const file = path.join(dir, '.gitignore');
  const read = readBoundedText(file);
  // Missing: no .gitignore yet. Anything else refused (a device, a huge file) is not appended to either.
  if (!read.ok && read.reason !== 'missing') return;
  const text = read.ok ? read.text : '';
  const lines = text.split('\n');
  // Our own line is there (every run after the first), and no line of that file re-includes anything: git, which
  // reads the .gitignore nearest the file last, would say it is ignored — not asked (a process per output per run).
  if (lines.includes(entry) && !lines.some((l) => l.startsWith('!'))) return;
  const check = spawnSync('git', ['check-ignore', '-q', '--', path.basename(absPath)], { cwd: dir, stdio: 'ignore' });
  // 0: already ignored; 128 (or no git): not a git repository — nothing to do either way.
  if (check.status !== 1 || lines.includes(entry)) return;
  fs.appendFileSync(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${entry}\n`);
}
