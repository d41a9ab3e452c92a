// Root `.dvcignore` contents and paths with DVC's verdict: the unit tests hold our matcher to them, and the
// referee test holds DVC's own matcher (dvc/ignore.py) to them, so every expectation here is DVC's.

export interface IgnoreCase {
  /** Lines of the repository root's .dvcignore. */
  lines: string[];
  /** Posix path relative to the root. */
  path: string;
  isDir: boolean;
  ignored: boolean;
}

const c = (lines: string | string[], path: string, isDir: boolean, ignored: boolean): IgnoreCase => ({
  lines: typeof lines === 'string' ? [lines] : lines,
  path,
  isDir,
  ignored,
});

export const ROOT_CASES: IgnoreCase[] = [
  c('*.tmp', 'data/b.tmp', false, true),
  c('*.tmp', 'data/tmp', false, false),
  c('logs/', 'data/logs', true, true),
  c('logs/', 'data/logs/l.txt', false, true),
  c('logs/', 'data/logs', false, false),
  c('/x', 'x', false, true),
  c('/x', 'data/x', false, false),
  c('/data/x', 'data/x', false, true),
  c('**/y', 'data/sub/y', true, true),
  c('**/y', 'data/sub/y/z.txt', false, true),
  c('top/', 'd1/top', false, false),
  c('/top', 'd1/top', false, false),
  c('s/f', 'd1/s/f', false, false),
  c('s/**', 'd1/s/f', false, false),
  c('d1/**/f', 'd1/s/f', false, true),
  c('d1/**/f', 'd1/f', false, true),
  c('**/s/f', 'd1/s/f', false, true),
  c('d1/*', 'd1/top', false, true),
  c('d1/*', 'd1', true, false),
  c('d[0-9]/top', 'd1/top', false, true),
  c('sp?ace', 'd1/sp ace', false, true),
  c('sp\\ ace', 'd1/sp ace', false, true),
  c('\\#h', 'd1/#h', false, true),
  c('\\!bang', 'd1/t/!bang', false, true),
  c('\\*x', 'd1/ax', false, false),
  c('\\*x', 'd1/*x', false, true),
  c('  top  ', 'd1/top', false, true),
  c('[]a]', 'd1/]', false, true),
  c('[]a]', 'd1/a', false, true),
  c('[!]a]*', 'ab', false, false),
  c('[!]a]*', 'ba', false, true),
  // Any folder above a path counts: here `d1` matches.
  c('[!]a]*', 'd1/ab', false, true),
  c('*', 'd1', true, true),
  c('**', 'd1/top', false, true),
  // pathspec's `*/` and `**/` need a path starting with `/`: DVC never ignores anything with them.
  c('*/', 'd1/s', true, false),
  c('**/', 'd1/s', true, false),
  c('/', 'd1', true, false),
  // An unclosed range drops the pattern, as git does.
  c('[a-', 'd1/a-', false, false),
  c('# comment', '# comment', false, false),
  c('!x', 'x', false, false),
  // The last matching rule decides; nothing re-includes a path under an ignored folder.
  c(['*.tmp', '!keep.tmp'], 'data/b.tmp', false, true),
  c(['*.tmp', '!keep.tmp'], 'data/keep.tmp', false, false),
  c(['logs/', '!logs/keep.txt', '!d1/logs/keep.txt'], 'd1/logs/keep.txt', false, true),
  c(['d1/logs/*', '!d1/logs/keep.txt'], 'd1/logs/keep.txt', false, false),
  c(['d1/logs/*', '!d1/logs/keep.txt'], 'd1/logs/other.txt', false, true),
  c(['*.tmp', '!*.tmp', 'k*'], 'a/k.tmp', false, true),
  // DVC's defaults: .git anywhere, .hg and .dvc as folders only.
  c('# none', 'data/.git', false, true),
  c('# none', 'data/.git', true, true),
  c('# none', 'data/.hg', false, false),
  c('# none', 'data/.hg', true, true),
  c('# none', 'data/.dvc', false, false),
  c('# none', 'data/.dvc/config', false, true),
  c('!.git', 'data/.git', false, false),
];
