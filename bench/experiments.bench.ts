// Experiments against real DVC 3.67.1 in the same run, printing ratios and asserting none:
// 1. `mlops exp list --json` vs `dvc exp show --json` over 200 experiments (target ≤ 0.05×). The 200 are
//    made in DVC's format with git plumbing (a commit per experiment under refs/exps, params and metrics
//    changed), which both sides read; `dvc exp run` would take minutes to make them.
// 2. One isolated experiment of a no-op stage: `mlops exp run --temp` vs `dvc exp run --temp` (DVC's tempdir
//    executor), end to end as processes (target ≤ 0.2× of DVC, ≤ 0.5 s of overhead over the stage).
// 3. 8 one-CPU experiments through the queue at -j 1 and -j 2 (target ≥ 1.8× faster on 2 free cores; the
//    machine's other load shows in the numbers).
// Sizes: MLOPS_BENCH_EXPS (200), MLOPS_BENCH_QUEUE (8); MLOPS_BENCH_PARTS=list,temp,queue picks the parts.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { venvBin, venvEnv } from '../test/support/python';
import { dvcRepo, git } from '../test/support/runner-workspace';
import { medianMs } from './timing';

const EXPS = Number(process.env.MLOPS_BENCH_EXPS ?? 200);
const QUEUE = Number(process.env.MLOPS_BENCH_QUEUE ?? 8);
const REPO = join(__dirname, '..');
const CLI = join(REPO, 'dist/cli.js');
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function run(cmd: string, args: string[], cwd: string): void {
  const r = spawnSync(cmd, args, { cwd, env: venvEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
}
const mlops = (cwd: string, ...args: string[]) => run(process.execPath, [CLI, ...args], cwd);
const dvc = (cwd: string, ...args: string[]) => run(join(venvBin(), 'dvc'), args, cwd);

/** `EXPS` experiments of HEAD in DVC's ref layout, each a commit changing params.yaml and metrics.json. */
function fabricate(root: string): void {
  const head = git(root, 'rev-parse', 'HEAD').trim();
  const base = git(root, 'ls-tree', 'HEAD')
    .trim()
    .split('\n')
    .filter((l) => !/\t(params\.yaml|metrics\.json)$/.test(l));
  const refs: string[] = [];
  for (let i = 0; i < EXPS; i++) {
    const blob = (text: string) =>
      execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: root, input: text, encoding: 'utf8' }).trim();
    const params = blob(`train:\n  lr: ${(i + 1) / 1000}\n  epochs: ${i % 7}\n`);
    const metrics = blob(JSON.stringify({ accuracy: i / EXPS, loss: 1 - i / EXPS }));
    const tree = execFileSync('git', ['mktree'], {
      cwd: root,
      input: [...base, `100644 blob ${params}\tparams.yaml`, `100644 blob ${metrics}\tmetrics.json`].join('\n') + '\n',
      encoding: 'utf8',
    }).trim();
    const commit = git(root, 'commit-tree', tree, '-p', head, '-m', `dvc: commit experiment ${i}`).trim();
    refs.push(`create refs/exps/${head.slice(0, 2)}/${head.slice(2)}/exp-${i} ${commit}`);
  }
  execFileSync('git', ['update-ref', '--stdin'], { cwd: root, input: refs.join('\n') + '\n' });
}

async function listBench(): Promise<void> {
  const root = dvcRepo({
    'params.yaml': 'train:\n  lr: 0.1\n  epochs: 1\n',
    'metrics.json': '{"accuracy": 0, "loss": 1}',
    'dvc.yaml':
      'stages:\n  train:\n    cmd: python -c pass\n    params: [train]\n    metrics:\n      - metrics.json:\n          cache: false\n',
  });
  fabricate(root);
  const ours = await medianMs(async () => mlops(root, 'exp', 'list', '--json'), 5);
  // DVC keeps each experiment's collected values in .dvc/tmp/exps/cache: cold = the first `exp show` after new
  // experiments (what the table waits for), warm = repeated with nothing new. We keep no such cache.
  const dvcCache = join(root, '.dvc', 'tmp', 'exps', 'cache');
  const cold = await medianMs(async () => {
    rmSync(dvcCache, { recursive: true, force: true });
    dvc(root, 'exp', 'show', '--json');
  }, 3);
  const warm = await medianMs(async () => dvc(root, 'exp', 'show', '--json'), 3);
  const node = await medianMs(async () => run(process.execPath, ['-e', ''], root), 5);
  console.log(
    `exp list, ${EXPS} experiments: mlops exp list --json ${s(ours)} vs dvc exp show --json ${s(cold)} cold = ${(ours / cold).toFixed(3)}× (target ≤ 0.05×), ${s(warm)} with its result cache = ${(ours / warm).toFixed(3)}×; Node start ${s(node)} is the floor (${(node / cold).toFixed(3)}× of cold)`,
  );
}

async function tempBench(): Promise<void> {
  const files: Record<string, string> = {
    'params.yaml': 'x: 1\n',
    'dvc.yaml':
      "stages:\n  noop:\n    cmd: python -c \"open('out.txt','w').write('1')\"\n    params: [x]\n    outs: [out.txt]\n",
  };
  const ours = dvcRepo(files);
  const theirs = dvcRepo(files);
  let i = 0;
  const mine = await medianMs(async () => mlops(ours, 'exp', 'run', '--temp', '-S', `x=${++i}`), 3);
  const dvcs = await medianMs(async () => dvc(theirs, 'exp', 'run', '--temp', '-S', `x=${++i}`), 3);
  const stage = await medianMs(async () => run('python', ['-c', "open('/dev/null','w').write('1')"], ours), 3);
  console.log(
    `one isolated no-op experiment: mlops exp run --temp ${s(mine)} vs dvc exp run --temp ${s(dvcs)} = ${(mine / dvcs).toFixed(2)}× (target ≤ 0.2×); overhead over the stage's own ${s(stage)}: ${s(mine - stage)} (target ≤ 0.5 s)`,
  );
}

async function queueBench(): Promise<void> {
  const root = dvcRepo({
    'params.yaml': 'seed: 0\n',
    'burn.py':
      'import time, yaml\nseed = yaml.safe_load(open("params.yaml"))["seed"]\nend = time.process_time() + 1.0\nwhile time.process_time() < end: pass\nopen("out.txt", "w").write(str(seed))\n',
    'dvc.yaml':
      'stages:\n  burn:\n    cmd: python burn.py\n    deps: [burn.py]\n    params: [seed]\n    outs: [out.txt]\n',
  });
  const times: Record<number, number> = {};
  for (const jobs of [1, 2]) {
    mlops(root, 'exp', 'run', '--queue', '-S', `seed=range(${jobs * 100},${jobs * 100 + QUEUE})`);
    const t = performance.now();
    mlops(root, 'queue', 'start', '-j', String(jobs));
    times[jobs] = performance.now() - t;
    mlops(root, 'queue', 'remove', '--all');
  }
  const [one, two] = [times[1] as number, times[2] as number];
  console.log(
    `${QUEUE} one-CPU experiments (1 s of CPU each): -j 1 ${s(one)}, -j 2 ${s(two)} = ${(one / two).toFixed(2)}× faster (target ≥ 1.8×; ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)})`,
  );
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'ignore' });
  const parts = (process.env.MLOPS_BENCH_PARTS ?? 'list,temp,queue').split(',');
  if (parts.includes('list')) await listBench();
  if (parts.includes('temp')) await tempBench();
  if (parts.includes('queue')) await queueBench();
}

void main();
