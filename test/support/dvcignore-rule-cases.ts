// Root `.dvcignore` contents and paths with the rule DVC names for ignoring each path (`dvc check-ignore -d`, the
// lookup DVC's refusal of an ignored output names): the unit tests hold ours to them, the referee test holds
// DVC's own lookup to them.

export interface RuleCase {
  /** The repository root's .dvcignore. */
  dvcignore: string;
  /** Posix path relative to the root; a folder when isDir (it exists then), else a file or nothing. */
  path: string;
  isDir: boolean;
  /** `file:line:pattern` of the rule that ignores the path (`:pattern` for DVC's built-in rules); none when not ignored. */
  rule?: string;
}

const c = (dvcignore: string, path: string, isDir: boolean, rule?: string): RuleCase => ({
  dvcignore,
  path,
  isDir,
  ...(rule ? { rule } : {}),
});

const TABLE = '# comment\n\nign\nout.txt\n*.csv\n!keep.csv\n';

export const RULE_CASES: RuleCase[] = [
  c(TABLE, 'out.txt', false, '.dvcignore:4:out.txt'),
  c(TABLE, 'a/b.csv', false, '.dvcignore:5:*.csv'),
  c(TABLE, 'keep.csv', false),
  c(TABLE, 'other.txt', false),
  // An ignored folder above the path: its rule, and no `!` line re-includes what is below it.
  c(TABLE, 'ign/keep.csv', false, '.dvcignore:3:ign'),
  c('d/\n', 'd/x', false, '.dvcignore:1:d/'),
  c('d/\n', 'd', false),
  c('d/\n', 'd', true, '.dvcignore:1:d/'),
  c(TABLE, '.dvc/x', false, ':.dvc/'),
  // Consecutive ignoring rules of one kind (folder-only or not) are one alternation in DVC: it names the first
  // of them that matches the path, else the first that matches the path with a `/`.
  c('*.txt\nb.txt\n', 'b.txt', false, '.dvcignore:1:*.txt'),
  c('*.txt\n!a.txt\nb.txt\n', 'b.txt', false, '.dvcignore:3:b.txt'),
  c('o*\no/\n', 'o', true, '.dvcignore:2:o/'),
  c('o/\no*\n', 'o', true, '.dvcignore:2:o*'),
  c('x\no/\np/\n', 'o', true, '.dvcignore:2:o/'),
  c('o*\no\n', 'o', true, '.dvcignore:1:o*'),
  c('o/**\no\n', 'o', true, '.dvcignore:2:o'),
  c('o/**\nq\n', 'o', true, '.dvcignore:1:o/**'),
];
