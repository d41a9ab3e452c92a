// `mlops queue start|status|stop|logs|remove` (and the internal `queue worker`): the experiment queue of
// core/experiments (queue-store.ts, queue-runner.ts), each experiment run by its own worker process.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../core/atomic-file';
import { dropKept } from '../core/executors/isolated-workspace';
import { localProcessExecutor } from '../core/executors/local-process';
import { runEntry } from '../core/experiments/entry-run';
import type { RunOn } from '../core/experiments/isolated-run';
import { runQueue } from '../core/experiments/queue-runner';
import {
  listQueue,
  liveRunner,
  logFile,
  queueDir,
  readEntry,
  removeEntry,
  runnerFile,
  type QueueEntry,
  writeEntry,
} from '../core/experiments/queue-store';
import { dropSnapshot } from '../core/experiments/snapshot';
import { Recorder } from '../core/runner/record';
import { parseCommandArgs } from './args';
import { openTrackingStore, resolveBackend } from './backend';
import { executorFromArgs } from './executor';
import { RayError } from '../core/executors/ray/jobs-client';
import { serverOrigin } from '../core/secrets/origins';
import type { CliIO, Command } from './io';
import { stageEvents, stopOnSignal } from './stage-log';

const USAGE = `usage: mlops queue <command>

  start [-j N] [--detach]   run the queued experiments, N at a time (default 1), each in its own worker
                            process and isolated workspace; in the foreground until the queue is empty
        [--executor ray --ray-address URL [--ray-data SOURCE]]
                            each worker sends its experiment's stages to a Ray cluster as one job (results
                            in MLflow); a cluster that does not answer leaves the experiments queued
  status [--json]           every queued, running, finished and failed experiment
  stop [--kill]             start no more experiments; --kill also kills the running ones (they end FAILED)
  logs NAME                 the output of an experiment's worker
  remove NAME...|--all      take experiments out of the queue (not running ones)
`;

const subcommands: Record<string, Command> = {
  start: async (argv, io) => {
    const args = parseCommandArgs(
      argv,
      {
        command: 'mlops queue start',
        usage: USAGE,
        flags: ['detach'],
        options: {
          jobs: { short: 'j', integer: true, placeholder: 'N' },
          executor: { placeholder: 'E' },
          'ray-address': { placeholder: 'URL' },
          'ray-data': { placeholder: 'SOURCE' },
        },
      },
      io,
    );
    if (typeof args === 'number') return args;
    const jobs = Number(args.options.jobs ?? 1);
    if (jobs < 1) return fail(io, 'queue start', '-j needs at least 1');
    const running = liveRunner(io.cwd);
    if (running)
      return fail(io, 'queue start', `the queue is already running (pid ${running.pid}); mlops queue status shows it`);
    const self = [process.execPath, ...process.execArgv, process.argv[1] as string];
    // Workers read where to run from their environment, as `mlops run` reads MLOPS_EXECUTOR and the rest.
    const workerEnv = {
      ...io.env,
      ...(args.options.executor ? { MLOPS_EXECUTOR: args.options.executor } : {}),
      ...(args.options['ray-address'] ? { MLOPS_RAY_ADDRESS: args.options['ray-address'] } : {}),
      ...(args.options['ray-data'] ? { MLOPS_RAY_DATA: args.options['ray-data'] } : {}),
    };
    const choice = executorFromArgs({}, resolveBackend(undefined, { ...io, env: workerEnv }), {
      ...io,
      env: workerEnv,
    });
    if (!choice.ok) return fail(io, 'queue start', choice.message);
    if (args.flags.has('detach')) {
      const out = fs.openSync(path.join(queueDir(io.cwd), 'runner.log'), 'a');
      const child = spawn(self[0] as string, [...self.slice(1), 'queue', 'start', '-j', String(jobs)], {
        cwd: io.cwd,
        env: workerEnv,
        detached: true,
        stdio: ['ignore', out, out],
      });
      fs.closeSync(out);
      child.unref();
      io.stderr(`queue started in the background (pid ${child.pid}); mlops queue status shows progress\n`);
      return 0;
    }
    // Not fsync'ed: after a power cut the runner it names is gone anyway (liveRunner checks the pid).
    writeFileAtomic(runnerFile(io.cwd), JSON.stringify({ pid: process.pid, started: Date.now() }), false);
    const stop = stopOnSignal(io, 'mlops queue start');
    try {
      const summary = await runQueue({
        dvcRoot: io.cwd,
        jobs,
        executor: localProcessExecutor([...self, 'queue', 'worker'], workerEnv),
        signal: stop.signal,
        onChange: (e) => io.stderr(`${e.task.exp.name}: ${e.status}${e.message ? ` (${e.message})` : ''}\n`),
        endAbandonedRun: async (runId, reason) => {
          const warnings: string[] = [];
          await Recorder.markAbandoned(openTrackingStore(resolveBackend(undefined, io)), runId, warnings, reason);
          for (const w of warnings) io.stderr(`warning: ${w}\n`);
        },
      });
      io.stderr(`queue done: ${summary.succeeded} succeeded, ${summary.failed} failed\n`);
      if (summary.held > 0)
        io.stderr(
          `${summary.held} experiment(s) stay queued: ${summary.heldBecause ?? 'their executor was not reachable'}\n`,
        );
      return summary.failed > 0 || summary.held > 0 ? 1 : 0;
    } finally {
      stop.done();
      fs.rmSync(runnerFile(io.cwd), { force: true });
    }
  },

  status: async (argv, io) => {
    const args = parseCommandArgs(argv, { command: 'mlops queue status', usage: USAGE, flags: ['json'] }, io);
    if (typeof args === 'number') return args;
    const entries = listQueue(io.cwd);
    const runner = liveRunner(io.cwd);
    if (args.flags.has('json')) {
      io.stdout(
        `${JSON.stringify({ runner: runner ? { pid: runner.pid } : null, experiments: entries.map(statusJson) })}\n`,
      );
      return 0;
    }
    if (entries.length === 0) io.stdout('the queue is empty\n');
    for (const e of entries)
      io.stdout(
        `${e.task.exp.name}\t${e.status}\t${e.task.exp.baseline.slice(0, 7)}${e.message ? `\t${e.message}` : ''}\n`,
      );
    io.stdout(runner ? `runner: pid ${runner.pid}\n` : 'runner: not running (mlops queue start)\n');
    return 0;
  },

  stop: async (argv, io) => {
    const args = parseCommandArgs(argv, { command: 'mlops queue stop', usage: USAGE, flags: ['kill'] }, io);
    if (typeof args === 'number') return args;
    const runner = liveRunner(io.cwd);
    if (runner) process.kill(runner.pid, 'SIGTERM');
    if (args.flags.has('kill'))
      for (const e of listQueue(io.cwd))
        if (e.status === 'RUNNING' && e.pid !== undefined)
          try {
            process.kill(-e.pid, 'SIGTERM');
          } catch {
            // Gone meanwhile.
          }
    io.stderr(runner ? `queue stopping (pid ${runner.pid})\n` : 'the queue is not running\n');
    return 0;
  },

  logs: async (argv, io) => {
    const args = parseCommandArgs(
      argv,
      { command: 'mlops queue logs', usage: USAGE, positionals: { min: 1, max: 1 } },
      io,
    );
    if (typeof args === 'number') return args;
    const entry = findByName(io.cwd, args.positionals[0] as string);
    if (!entry) return fail(io, 'queue logs', `no queued experiment named '${args.positionals[0]}'`);
    const file = logFile(io.cwd, entry.task.id);
    io.stdout(fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
    return 0;
  },

  remove: async (argv, io) => {
    const args = parseCommandArgs(
      argv,
      { command: 'mlops queue remove', usage: USAGE, flags: ['all'], positionals: { max: Infinity } },
      io,
    );
    if (typeof args === 'number') return args;
    if (!args.flags.has('all') && args.positionals.length === 0)
      return fail(io, 'queue remove', 'name experiments, or --all');
    const entries = listQueue(io.cwd);
    const chosen = args.flags.has('all') ? entries : [];
    for (const name of args.positionals) {
      const e = entries.find((x) => x.task.exp.name === name);
      if (!e) return fail(io, 'queue remove', `no queued experiment named '${name}'`);
      chosen.push(e);
    }
    for (const e of chosen) {
      if (e.status === 'RUNNING') {
        io.stderr(`'${e.task.exp.name}' is running: stop it first (mlops queue stop --kill)\n`);
        continue;
      }
      removeEntry(io.cwd, e.task.id);
      await dropSnapshot(e.task.gitRoot, e.task.id);
      io.stderr(`removed '${e.task.exp.name}'\n`);
    }
    // Links kept for the next experiments go too: that is where they could hold disk (after a `dvc gc`).
    if (args.flags.has('all')) dropKept(io.cwd);
    return 0;
  },

  /** Internal: one experiment, in this process, recording its end in its entry. */
  worker: async (argv, io) => {
    const file = argv[0] ?? '';
    const entry = file ? readEntry(file) : undefined;
    if (!entry) return fail(io, 'queue worker', `no queue entry in ${file || '(none given)'}`);
    const root = entry.task.dvcRoot;
    const stop = stopOnSignal(io, 'mlops queue worker');
    const backend = resolveBackend(undefined, { ...io, cwd: root });
    // Where this experiment runs is chosen here, per experiment: the executor it was queued with (`exp run
    // --queue --executor`, the form's "Run on"), else the queue's, which `queue start` put in our environment.
    // The Ray job is recorded in the entry as it is submitted: the editor's table links to its logs.
    const where = executorFromArgs(
      runOnOptions(entry.task.runOn),
      backend,
      tokenFor(entry.task.runOn, io),
      (jobId, address) => {
        const now = readEntry(file) ?? entry;
        writeEntry(root, { ...now, executor: { kind: 'ray', jobId, address } });
      },
    );
    if (!where.ok) {
      writeEntry(root, { ...(readEntry(file) ?? entry), status: 'FAILED', ended: Date.now(), message: where.message });
      return 1;
    }
    if (where.kind === 'ray') {
      // Checked before anything is recorded: a cluster that is down leaves the experiment queued.
      try {
        await where.reachable();
      } catch (err) {
        if (!(err instanceof RayError)) throw err;
        const now = readEntry(file) ?? entry;
        writeEntry(root, { ...now, status: 'QUEUED', started: undefined, pid: undefined, message: err.message });
        io.stderr(`mlops queue worker: ${err.message}\n`);
        return 75; // EX_TEMPFAIL
      }
    }
    try {
      const outcome = await runEntry(entry, {
        executor: where.kind === 'ray' ? where.executor : undefined,
        store: openTrackingStore(backend),
        signal: stop.signal,
        env: { ...io.env },
        events: stageEvents(io),
      });
      return outcome.ok && outcome.commit !== null ? 0 : 1;
    } finally {
      stop.done();
    }
  },
};

/** An experiment's own executor as the options `executorFromArgs` takes over the environment's. */
function runOnOptions(runOn: RunOn | undefined): { executor?: string; 'ray-address'?: string; 'ray-data'?: string } {
  if (!runOn) return {};
  if (runOn.kind === 'local') return { executor: 'local' };
  return { executor: 'ray', 'ray-address': runOn.address, ...(runOn.data ? { 'ray-data': runOn.data } : {}) };
}

/** The environment's Ray token goes only to the cluster it was given for (MLOPS_RAY_ADDRESS's origin, when set). */
function tokenFor(runOn: RunOn | undefined, io: CliIO): CliIO {
  const given = io.env.MLOPS_RAY_ADDRESS;
  if (runOn?.kind !== 'ray' || !given || serverOrigin(given) === serverOrigin(runOn.address)) return io;
  const { MLOPS_RAY_TOKEN: _dropped, ...env } = io.env;
  return { ...io, env };
}

function statusJson(e: QueueEntry) {
  return {
    name: e.task.exp.name,
    id: e.task.id,
    status: e.status,
    baseline: e.task.exp.baseline,
    created: e.created,
    started: e.started ?? null,
    ended: e.ended ?? null,
    run: e.run ?? null,
    message: e.message ?? null,
    runOn: e.task.runOn ?? null,
  };
}

function findByName(root: string, name: string): QueueEntry | undefined {
  return listQueue(root).find((e) => e.task.exp.name === name);
}

function fail(io: CliIO, verb: string, message: string): number {
  io.stderr(`mlops ${verb}: ${message}\n`);
  return 2;
}

export const queue: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  const cmd = sub === undefined ? undefined : subcommands[sub];
  if (!cmd) {
    io.stderr(sub === undefined || sub === '--help' ? USAGE : `mlops queue: unknown command '${sub}'\n\n${USAGE}`);
    return sub === '--help' ? 0 : 2;
  }
  // From a subfolder too, the queue is the repository's (queue-store.ts queueDir).
  return cmd(rest, io);
};
