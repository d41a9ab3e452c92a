// `mlops metrics show [TARGET…] [-a] [-T] [-A] [--json|--md] [--precision N]`, as `dvc metrics show` prints it
// (dvc/commands/metrics.py, dvc/repo/metrics/show.py, metrics_table in dvc/compare.py): the working copy alone
// under "" by default; with -a/-T/-A the working copy as "workspace" first, then each branch, tag or commit
// (core/revisions/rev-lists.ts), and the working copy left out when it equals the branch HEAD is on, as DVC
// hides it. TARGETs are files read whether declared as metrics or not, a folder standing for the files under it.
// Tables have one column per metric, sorted, and a Revision column when revisions were asked for.
import * as path from 'node:path';
import type { RevisionValues, Selection } from '../core/diff/compare';
import { TRACKED, revisionValues } from '../core/diff/compare';
import { cell, pyJson, renderTable } from '../core/diff/format';
import { missingHint, revisionFiles } from '../core/revisions/cached-outputs';
import { RevisionError, WORKSPACE } from '../core/revisions/git-tree';
import { findRepoRoot } from '../core/revisions/repo-root';
import { scopeRevisions } from '../core/revisions/rev-lists';
import { parseCommandArgs } from './args';
import type { CliIO } from './io';

const USAGE = `usage: mlops metrics show [TARGET…] [-R] [-a] [-T] [-A] [--json|--md] [--precision N]

Metrics: every stage's \`metrics:\` outputs and the top-level \`metrics:\` files, read as DVC reads them, or
the TARGET files (a folder: every file under it).

  -R, --recursive      taken as DVC takes it (a folder TARGET is always expanded)
  -a, --all-branches   also every branch (the working copy first, as "workspace")
  -T, --all-tags       also every tag
  -A, --all-commits    also every commit reachable from a branch, remote or tag
  --json               what \`dvc metrics show --json\` prints: {"<revision>": {"data": {"<file>": {"data": …}}}}
  --md                 a Markdown table for a pull request
  --precision N        digits floats are rounded to in tables (default 5)

Exit status: 0 shown, 2 usage error. A file or revision that cannot be read is named on stderr.
`;

/** One revision's result: its files' values, or why the revision itself could not be read (DVC's type). */
type Walked = { name: string; values: RevisionValues } | { name: string; error: { type: string; message: string } };

export async function metricsShow(argv: string[], io: CliIO): Promise<number> {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops metrics show',
      usage: USAGE,
      // -R is taken and changes nothing: DVC 3 expands a folder TARGET whether it is given or not.
      flags: ['json', 'md', 'all-branches', 'all-tags', 'all-commits', 'recursive'],
      shortFlags: { a: 'all-branches', T: 'all-tags', A: 'all-commits', R: 'recursive' },
      options: { precision: { integer: true, placeholder: 'N' } },
      positionals: { max: Number.POSITIVE_INFINITY },
    },
    io,
  );
  if (typeof args === 'number') return args;
  if (args.flags.has('json') && args.flags.has('md')) {
    io.stderr('mlops metrics show: --json and --md are two formats; give one\n');
    return 2;
  }
  const root = findRepoRoot(io.cwd);
  const shown = (file: string): string => path.relative(io.cwd, path.join(root, file)).split(path.sep).join('/');
  const selection = targetSelection(root, io.cwd, args.positionals);
  const scope = {
    allBranches: args.flags.has('all-branches'),
    allTags: args.flags.has('all-tags'),
    allCommits: args.flags.has('all-commits'),
  };
  const withRevisions = scope.allBranches || scope.allTags || scope.allCommits;
  const read = (name: string, rev: string): Walked => {
    try {
      const values = revisionValues('metrics', root, revisionFiles(root, rev), rev, selection, io.cwd);
      return values.unloadable ? { name, error: values.unloadable } : { name, values };
    } catch (err) {
      if (!(err instanceof RevisionError)) throw err;
      return { name, error: { type: 'RevisionError', message: err.message } };
    }
  };

  let walked: Walked[];
  if (!withRevisions) walked = [read('', WORKSPACE)];
  else {
    const { commits, activeBranch } = scopeRevisions(root, scope);
    walked = [read(WORKSPACE, WORKSPACE), ...commits.map((c) => read(c.name, c.sha))];
    const active = walked.find((w) => w.name === activeBranch);
    if (active && sameData(walked[0]!, active, shown)) walked.shift();
  }

  for (const w of walked) {
    if ('error' in w)
      io.stderr(
        `mlops metrics show: in '${w.name}': ${w.error.message}${missingHint(w.error.type, w.error.message)}\n`,
      );
    else reportFileErrors(io, 'mlops metrics show', w.values, shown);
  }
  const digits = args.options.precision === undefined ? 5 : Number(args.options.precision);
  io.stdout(
    args.flags.has('json')
      ? `${pyJson(new Map(walked.map((w) => [w.name, revisionJson(w, shown)])))}\n`
      : showTable(walked, shown, { markdown: args.flags.has('md'), withRevisions, digits }),
  );
  return 0;
}

/** The files named on the command line (relative to the working folder), else every tracked one (as DVC, none
 * named = all). */
export function targetSelection(root: string, cwd: string, targets: readonly string[], tracked = TRACKED): Selection {
  if (targets.length === 0) return tracked;
  return { targets: targets.map((t) => path.relative(root, path.resolve(cwd, t)).split(path.sep).join('/')) };
}

/** A revision DVC cannot load, or each of its files that could not be read, named on stderr. */
export function reportFileErrors(
  io: CliIO,
  command: string,
  values: RevisionValues,
  shown: (f: string) => string,
): void {
  const unloadable = values.unloadable;
  if (unloadable)
    io.stderr(
      `${command}: in '${values.revision}': ${unloadable.message}${missingHint(unloadable.type, unloadable.message)}\n`,
    );
  for (const [file, v] of values.files)
    if (!v.ok)
      io.stderr(`${command}: in '${values.revision}', ${shown(file)}: ${v.message}${missingHint(v.type, v.message)}\n`);
}

/** A revision as `dvc metrics show --json` prints it: each file's data or error, or the revision's error. */
function revisionJson(w: Walked, shown: (f: string) => string): unknown {
  if ('error' in w) return { error: { type: w.error.type, msg: w.error.message } };
  const data = new Map(
    [...w.values.files].map(([file, v]) => [
      shown(file),
      v.ok ? { data: v.tree } : { error: { type: v.type, msg: v.message } },
    ]),
  );
  return { data };
}

/** DVC's `_hide_workspace` compares the two results with `==`: an error is an exception object, equal only to
 * itself, so a revision with any unreadable file never equals another. */
function sameData(a: Walked, b: Walked, shown: (f: string) => string): boolean {
  const failed = (w: Walked): boolean => 'error' in w || [...w.values.files.values()].some((v) => !v.ok);
  if (failed(a) || failed(b)) return false;
  return pyJson(revisionJson(a, shown)) === pyJson(revisionJson(b, shown));
}

function showTable(
  walked: Walked[],
  shown: (f: string) => string,
  options: { markdown: boolean; withRevisions: boolean; digits: number },
): string {
  const files = walked.flatMap((w) => ('error' in w ? [] : [...w.values.files].map(([f, v]) => ({ w, f, v }))));
  // metrics_table projects the metric columns sorted by name.
  const keys = [...new Set(files.flatMap(({ v }) => (v.ok ? [...v.values.keys()] : [])))].sort();
  const rows = files.map(({ w, f, v }) => [
    ...(options.withRevisions ? [w.name] : []),
    shown(f),
    ...keys.map((k) => cell(v.ok ? v.values.get(k) : undefined, options.digits)),
  ]);
  return renderTable([...(options.withRevisions ? ['Revision'] : []), 'Path', ...keys], rows, options.markdown);
}
