// `mlops exp apply NAME`, `exp branch NAME BRANCH`, `exp remove NAME...`, `exp reproduce NAME [--json]`:
// actions on an experiment (core/experiments/actions.ts), found by name as `dvc exp` finds it.
import {
  applyExperiment,
  outputsFromMlflow,
  branchExperiment,
  findExperiment,
  removeExperiment,
  reproduceTask,
} from '../core/experiments/actions';
import { repoRoot } from '../core/git';
import { MlflowClient } from '../core/tracking/mlflow/client';
import { runIsolated } from '../core/experiments/isolated-run';
import { listCommitted } from '../core/experiments/list';
import { projectRoot } from '../core/runner/workspace';
import { parseCommandArgs } from './args';
import { openTrackingStore, resolveBackend } from './backend';
import type { CliIO, Command } from './io';
import { stageEvents, stopOnSignal } from './stage-log';

const USAGE = `usage: mlops exp apply NAME
       mlops exp branch NAME BRANCH
       mlops exp remove NAME...
       mlops exp reproduce NAME [--json]

  apply      write the experiment's params, dvc.lock, metrics and outputs into the working copy (as dvc exp apply)
  branch     create git branch BRANCH at the experiment's commit
  remove     delete the experiments' refs
  reproduce  run what the experiment ran (its targets, from its folder) again from its commit in isolation, every
             stage forced, as a new experiment, then
             print each metric's difference from the recorded one; --json: {"name","reproduced","metrics":{K:{"recorded","now","diff"}}}
`;

async function gitRootOf(io: CliIO, verb: string): Promise<string | number> {
  const root = await repoRoot(io.cwd);
  if (root) return root;
  io.stderr(`mlops exp ${verb}: ${io.cwd} is not in a git repository\n`);
  return 2;
}

function failed(io: CliIO, verb: string, message: string): number {
  io.stderr(`mlops exp ${verb}: ${message}\n`);
  return 1;
}

export const expApply: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    { command: 'mlops exp apply', usage: USAGE, positionals: { min: 1, max: 1 } },
    io,
  );
  if (typeof args === 'number') return args;
  const gitRoot = await gitRootOf(io, 'apply');
  if (typeof gitRoot === 'number') return gitRoot;
  const found = await findExperiment(gitRoot, args.positionals[0] as string);
  if (!found.ok) return failed(io, 'apply', found.message);
  const backend = resolveBackend(undefined, io);
  // The experiment is of the DVC repository: from a subfolder, every output of it comes back, as dvc exp apply does.
  const dvcRoot = projectRoot(io.cwd);
  const fetch =
    backend.kind === 'mlflow'
      ? outputsFromMlflow(new MlflowClient({ trackingUri: backend.uri, auth: backend.auth }), dvcRoot)
      : undefined;
  const applied = await applyExperiment(gitRoot, dvcRoot, found.exp, fetch);
  const fetched = applied.fetched.length > 0 ? `; ${applied.fetched.join(', ')} from its MLflow run` : '';
  io.stderr(
    `applied '${found.exp.name}' to the working copy (${applied.files.length} file(s) from git, cached outputs from the cache${fetched})\n`,
  );
  // A warning, as `dvc exp apply` warns of outputs missing from its cache: the experiment's files are applied.
  if (applied.missing.length > 0)
    io.stderr(
      `warning: ${applied.missing.join(', ')} ${applied.missing.length === 1 ? 'is' : 'are'} in neither the DVC cache nor ${applied.fetchError ? `its run (${applied.fetchError})` : 'a run this backend reaches'} — \`dvc pull\` them, or point --tracking-uri / MLOPS_TRACKING_URI at the MLflow server the experiment ran with\n`,
    );
  return 0;
};

export const expBranch: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    { command: 'mlops exp branch', usage: USAGE, positionals: { min: 2, max: 2 } },
    io,
  );
  if (typeof args === 'number') return args;
  const gitRoot = await gitRootOf(io, 'branch');
  if (typeof gitRoot === 'number') return gitRoot;
  const [name, branch] = args.positionals as [string, string];
  const found = await findExperiment(gitRoot, name);
  if (!found.ok) return failed(io, 'branch', found.message);
  try {
    await branchExperiment(gitRoot, found.exp, branch);
  } catch (err) {
    return failed(io, 'branch', (err as Error).message);
  }
  io.stderr(`branch '${branch}' created at '${name}' (${found.exp.commit.slice(0, 7)})\n`);
  return 0;
};

export const expRemove: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    { command: 'mlops exp remove', usage: USAGE, positionals: { min: 1, max: Infinity } },
    io,
  );
  if (typeof args === 'number') return args;
  const gitRoot = await gitRootOf(io, 'remove');
  if (typeof gitRoot === 'number') return gitRoot;
  let code = 0;
  for (const name of args.positionals) {
    const found = await findExperiment(gitRoot, name);
    if (!found.ok) {
      code = failed(io, 'remove', found.message);
      continue;
    }
    await removeExperiment(gitRoot, found.exp);
    io.stderr(`removed '${name}'\n`);
  }
  return code;
};

export const expReproduce: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    { command: 'mlops exp reproduce', usage: USAGE, flags: ['json'], positionals: { min: 1, max: 1 } },
    io,
  );
  if (typeof args === 'number') return args;
  const gitRoot = await gitRootOf(io, 'reproduce');
  if (typeof gitRoot === 'number') return gitRoot;
  const found = await findExperiment(gitRoot, args.positionals[0] as string);
  if (!found.ok) return failed(io, 'reproduce', found.message);
  const task = await reproduceTask(gitRoot, projectRoot(io.cwd), found.exp);
  const stop = stopOnSignal(io, 'mlops exp reproduce');
  try {
    const outcome = await runIsolated(task, {
      store: openTrackingStore(resolveBackend(undefined, io)),
      signal: stop.signal,
      env: { ...io.env },
      events: stageEvents(io),
    });
    if (!outcome.ok) return failed(io, 'reproduce', outcome.message);
    if (!outcome.commit) return failed(io, 'reproduce', `the run ended ${outcome.report.status}`);
    const all = (await listCommitted(io.cwd)) ?? [];
    const before = all.find((e) => e.ref === found.exp.ref)?.metrics ?? {};
    const now = all.find((e) => e.ref === outcome.ref)?.metrics ?? {};
    const metrics: Record<string, { recorded: number | null; now: number | null; diff: number | null }> = {};
    for (const k of new Set([...Object.keys(before), ...Object.keys(now)])) {
      const a = before[k] ?? null;
      const b = now[k] ?? null;
      metrics[k] = { recorded: a, now: b, diff: a !== null && b !== null ? b - a : null };
      io.stderr(
        `${k}: ${a ?? '-'} → ${b ?? '-'}${a !== null && b !== null ? ` (${b - a >= 0 ? '+' : ''}${b - a})` : ''}\n`,
      );
    }
    if (args.flags.has('json'))
      io.stdout(`${JSON.stringify({ name: found.exp.name, reproduced: outcome.exp.name, metrics })}\n`);
    return 0;
  } finally {
    stop.done();
  }
};
