// `mlops plots show|diff`: every DVC plot of the working copy or of git revisions, as `dvc plots show|diff`
// collects it; `--json` in the shape of `dvc plots ... --json --split`, else a self-contained HTML page of
// the charts as inline SVG (written to `-o DIR`, default `dvc_plots/` as DVC does).
import * as path from 'node:path';
import { collectPlots } from '../core/plots/collect';
import { collectPlotsDiff } from '../core/plots/collect-ahead';
import { dvcJson } from '../core/plots/dvc-json';
import { type JsonPiece, pieceText } from '../core/plots/json-pieces';
import { changedByScrub } from '../core/stream-scrub';
import { missingHint } from '../core/revisions/cached-outputs';
import { WORKSPACE } from '../core/revisions/git-tree';
import { findRepoRoot } from '../core/revisions/repo-root';
import { parseCommandArgs } from './args';
import { refusedOutsideGit } from './git-required';
import type { CliIO, Command } from './io';

const USAGE = `usage: mlops plots show [TARGET...] [--json] [-o DIR]
       mlops plots diff [REV...] [--targets TARGET...] [--json] [-o DIR]

Collects every plot the dvc.yaml files define (stage \`plots:\` outputs and top-level \`plots:\`), with the
data of the working copy (show) or of git revisions (diff: no REV = the working copy against HEAD when
tracked files changed; one REV = it against the working copy; more = as given).

  TARGET    a regular expression matched at the start of plot ids (DVC's TARGETS), e.g. plots/roc
  --json    on stdout, the data of \`dvc plots show --json --split\`:
            {"data": {"<plot id>": [{"type": "vega", "revisions": [...], "anchor_definitions":
            {"<DVC_METRIC_DATA>": [rows with "rev"], "<DVC_METRIC_TITLE>": ..., ...}}
            | {"type": "image", "revisions": [rev], "url": path}]}, "errors": [{"name", "rev", "type", "msg"}]}
  -o, --out DIR   where the HTML page (index.html) and image copies go (default: dvc_plots)

Exit status: 0 shown (plots that failed are listed in "errors" / on stderr), 1 an unknown revision, 2 usage or
diff outside a git repository.
`;

export const plots: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub !== 'show' && sub !== 'diff') {
    io.stderr(sub === '--help' || sub === '-h' ? USAGE : `mlops plots: expected 'show' or 'diff'\n\n${USAGE}`);
    return sub === '--help' || sub === '-h' ? 0 : 2;
  }
  const args = parseCommandArgs(
    rest,
    {
      command: `mlops plots ${sub}`,
      usage: USAGE,
      flags: ['json'],
      options: { out: { placeholder: 'DIR', short: 'o' }, targets: { placeholder: 'TARGET', list: true } },
      positionals: { max: Infinity },
    },
    io,
  );
  if (typeof args === 'number') return args;
  if (sub === 'diff' && refusedOutsideGit(io, 'mlops plots diff', 'mlops plots show')) return 2;
  const root = findRepoRoot(io.cwd);
  const writesJson = args.flags.has('json');
  const { revisions, result } =
    sub === 'show'
      ? {
          revisions: [WORKSPACE],
          result: collectPlots({ root, cwd: io.cwd, revisions: [WORKSPACE], targets: args.positionals, writesJson }),
        }
      : await collectPlotsDiff({
          root,
          cwd: io.cwd,
          given: args.positionals,
          targets: args.options.targets ?? [],
          writesJson,
        });
  const outDir = path.resolve(io.cwd, args.options.out ?? 'dvc_plots');
  reportIssues(io, sub, result.errors);
  if (writesJson) {
    // Each piece is written while the next is made (its bytes stay as they are until the one after is taken);
    // text the streams would not change goes the same way, in order.
    let writing = Promise.resolve();
    const put = async (piece: JsonPiece): Promise<void> => {
      await writing;
      const clean =
        'bytes' in piece ? piece.clean && piece.bytes : !changedByScrub(piece.text) && Buffer.from(piece.text);
      if (clean && io.stdoutClean) writing = io.stdoutClean(clean);
      else io.stdout(pieceText(piece));
    };
    for (const piece of dvcJson(result, outDir)) await put(piece);
    await put({ text: '\n' });
    await writing;
  } else {
    const { writePlotsPage } = await import('./plots-page');
    io.stdout(`${writePlotsPage(result, outDir, `Plots: ${revisions.join(' vs ')}`)}\n`);
  }
  return result.errors.some((e) => e.type === 'RevisionError') ? 1 : 0;
};

function reportIssues(io: CliIO, sub: string, issues: ReturnType<typeof collectPlots>['errors']): void {
  for (const e of issues) {
    const where = e.source === undefined ? '' : ` ${e.source}${e.line === undefined ? '' : `:${e.line}`}:`;
    const plot = e.plotId === undefined ? '' : ` plot '${e.plotId}'`;
    io.stderr(`mlops plots ${sub}: in '${e.revision}',${plot}${where} ${e.message}${missingHint(e.type, e.message)}\n`);
  }
}
