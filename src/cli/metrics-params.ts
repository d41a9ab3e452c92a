// `mlops metrics diff` and `mlops params diff`: DVC's metrics and params of two revisions (the working copy or
// git revisions), compared as `dvc metrics diff` / `dvc params diff` compare them. `--json` prints what DVC
// prints; `--md` a Markdown table ready for a pull request; plain text otherwise. `metrics show` is
// metrics-show.ts.
import * as path from 'node:path';
import type { DiffResult, Kind, RevisionValues } from '../core/diff/compare';
import { TRACKED, diffValues, revisionValues } from '../core/diff/compare';
import { diffJson, diffTable } from '../core/diff/format';
import { RevisionError, WORKSPACE, hasCommits, sameCommit } from '../core/revisions/git-tree';
import { revisionFiles } from '../core/revisions/cached-outputs';
import { findRepoRoot } from '../core/revisions/repo-root';
import { parseCommandArgs } from './args';
import { refusedOutsideGit } from './git-required';
import type { CliIO, Command } from './io';
import { metricsShow, reportFileErrors, targetSelection } from './metrics-show';

const usage = (
  kind: Kind,
): string => `usage: mlops ${kind === 'metrics' ? 'metrics show [TARGET…] [-R] [-a] [-T] [-A] [--json|--md] [--precision N]\n       mlops metrics diff' : 'params diff'} [A_REV] [B_REV] [--targets [FILE…]] ${kind === 'metrics' ? '[-R] ' : '[--deps] '}[--json|--md] [--all]

${kind === 'metrics' ? "Metrics: every stage's `metrics:` outputs and the top-level `metrics:` files" : "Params: params.yaml, the keys each stage's `params:` names and the top-level `params:` files"}, read as
DVC reads them. diff compares A_REV (default HEAD) with B_REV (default the working copy, "workspace"),
listing what changed (--all: every key).

  --targets FILE…  only these files, read whole whether DVC tracks them or not (a folder: every file under
                   it), relative to the working folder; it takes every argument up to the next option, so
                   write revisions before it
${kind === 'metrics' ? '  -R, --recursive  taken as DVC takes it (a folder target is always expanded)' : '  --deps           only the params stages depend on (no top-level `params:`, no undeclared params.yaml)'}
  --json           what \`dvc ${kind} diff --json\` prints: {"<file>": {"<key>": {"old": …, "new": …, "diff": …}}}
  --md             a Markdown table for a pull request (Path | ${kind === 'metrics' ? 'Metric' : 'Param'} | A_REV | B_REV${kind === 'metrics' ? ' | Change' : ''})
  --all            include unchanged keys

Exit status: 0 shown, 1 an unknown revision, 2 usage error or outside a git repository.
`;

export const metrics: Command = (argv, io) => dispatch('metrics', argv, io);
export const params: Command = (argv, io) => dispatch('params', argv, io);

async function dispatch(kind: Kind, argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  const subs = kind === 'metrics' ? ['show', 'diff'] : ['diff'];
  if (sub === undefined || !subs.includes(sub)) {
    const help = sub === '--help' || sub === '-h';
    io.stderr(
      help ? usage(kind) : `mlops ${kind}: expected ${subs.map((s) => `'${s}'`).join(' or ')}\n\n${usage(kind)}`,
    );
    return help ? 0 : 2;
  }
  if (sub === 'show') return metricsShow(rest, io);
  const args = parseCommandArgs(
    rest,
    {
      command: `mlops ${kind} ${sub}`,
      usage: usage(kind),
      // -R changes nothing: DVC 3 expands a folder target whether it is given or not.
      flags: kind === 'metrics' ? ['json', 'md', 'all', 'recursive'] : ['json', 'md', 'all', 'deps'],
      shortFlags: kind === 'metrics' ? { R: 'recursive' } : {},
      options: { targets: { list: true, placeholder: 'FILE' } },
      positionals: { max: 2 },
    },
    io,
  );
  if (typeof args === 'number') return args;
  if (args.flags.has('json') && args.flags.has('md')) {
    io.stderr(`mlops ${kind} ${sub}: --json and --md are two formats; give one\n`);
    return 2;
  }
  if (refusedOutsideGit(io, `mlops ${kind} ${sub}`, kind === 'metrics' ? 'mlops metrics show' : 'mlops params diff'))
    return 2;
  const root = findRepoRoot(io.cwd);
  const shown = (file: string): string => path.relative(io.cwd, path.join(root, file)).split(path.sep).join('/');
  // At a revision, outputs DVC caches (metrics files are outputs) come from the cache, as plots do.
  const selection = targetSelection(
    root,
    io.cwd,
    args.options.targets ?? [],
    args.flags.has('deps') ? { tracked: 'stage-deps' } : TRACKED,
  );
  const read = (rev: string): RevisionValues =>
    revisionValues(kind, root, revisionFiles(root, rev), rev, selection, io.cwd);
  /** The diff DVC gives: empty for two names of one commit (git-tree.ts sameCommit) and before the first commit. */
  const compared = (aRev: string, bRev: string): DiffResult => {
    if (aRev !== bRev && aRev !== WORKSPACE && bRev !== WORKSPACE && sameCommit(root, aRev, bRev)) return new Map();
    let a: RevisionValues;
    try {
      a = read(aRev);
    } catch (err) {
      // Asked only now, so a usual diff runs one git process less.
      if (!(err instanceof RevisionError) || hasCommits(root)) throw err;
      return new Map();
    }
    const b = read(bRev);
    reportFileErrors(io, `mlops ${kind} ${sub}`, a, shown);
    reportFileErrors(io, `mlops ${kind} ${sub}`, b, shown);
    return new Map([...diffValues(a, b, args.flags.has('all'))].map(([f, c]) => [shown(f), c]));
  };
  try {
    const [aRev = 'HEAD', bRev = WORKSPACE] = args.positionals;
    const diff = compared(aRev, bRev);
    if (args.flags.has('json')) io.stdout(`${diffJson(diff)}\n`);
    else
      io.stdout(
        diffTable(diff, {
          title: kind === 'metrics' ? 'Metric' : 'Param',
          oldRev: aRev,
          newRev: bRev,
          changes: kind === 'metrics',
          markdown: args.flags.has('md'),
        }),
      );
    return 0;
  } catch (err) {
    if (!(err instanceof RevisionError)) throw err;
    io.stderr(`mlops ${kind} ${sub}: ${err.message}\n`);
    return 1;
  }
}
