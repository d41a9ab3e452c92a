// `mlops exp run` from a subfolder and with -R/-P, against `dvc exp run` on the same repository: the experiment is
// of the DVC repository (its ref, its queue), the default target is ./dvc.yaml of the working folder, a stage of the
// root's dvc.yaml that the target needs runs too, `-S` edits the working folder's params file, and the experiment
// commit holds exactly the files DVC's holds, byte for byte (every dvc.lock entry, the params files). Each mode is
// compared with DVC's: in the working copy with `dvc exp run`, `--temp` and queued (then `queue start` from the same
// subfolder) with `dvc exp run --temp`, DVC's isolated run.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findExperiment, reproduceTask } from '../../src/core/experiments/actions';
import { enqueue } from '../../src/core/experiments/enqueue';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvcRepo, dvcStatus, experimentRefs, git } from '../support/runner-workspace';

const CLI = join(__dirname, '../../dist/cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..'), stdio: 'ignore' });
});

// The root's `prepare` is upstream of sub's `featurize`; sub/params.yaml is read from sub, params.yaml from the root.
const FILES: Record<string, string> = {
  'raw.txt': 'raw\n',
  'params.yaml': 'scale: 1\n',
  'dvc.yaml': `stages:
  prepare:
    cmd: cp raw.txt prepared.txt
    deps: [raw.txt]
    params: [scale]
    outs: [prepared.txt]
  unrelated:
    cmd: echo u > unrelated.txt
    outs: [unrelated.txt]
`,
  'sub/params.yaml': 'scale: 1\nsize: 2\n',
  'sub/dvc.yaml': `stages:
  featurize:
    cmd: cp ../prepared.txt feats.txt
    deps: [../prepared.txt]
    params: [scale]
    outs: [feats.txt]
  report:
    cmd: cp feats.txt report.txt
    deps: [feats.txt]
    params: [size]
    outs: [report.txt]
`,
  'deep/inner/dvc.yaml': 'stages:\n  x:\n    cmd: echo x > x.txt\n    outs: [x.txt]\n',
};

/** What an experiment's commit changed against its baseline: each file's path and text. */
function committed(root: string, ref: string): Record<string, string> {
  const names = git(root, 'diff', '--name-only', `${ref}^`, ref).split('\n').filter(Boolean);
  return Object.fromEntries(names.map((n) => [n, git(root, 'show', `${ref}:${n}`)]));
}

/** The one experiment a command made in a fresh repository, as `committed` shows it; 'refused' if it made none. */
async function experiment(tool: 'dvc' | 'mlops', folder: string, args: string[]): Promise<Record<string, string>> {
  const root = dvcRepo(FILES, 'mlops-exp-scope-');
  const cwd = join(root, folder);
  if (tool === 'dvc') {
    const r = spawnSync(join(venvBin(), 'dvc'), ['exp', 'run', ...args], {
      cwd,
      env: venvEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `dvc exp run ${args.join(' ')} in '${folder}': ${r.stderr}`);
  } else {
    const r = await runCli(['exp', 'run', ...args], cwd);
    assert.equal(r.code, 0, `mlops exp run ${args.join(' ')} in '${folder}': ${r.stderr}`);
    if (args.includes('--queue')) {
      // The queue is the repository's: started from the same subfolder, it finds what was queued there.
      const started = spawnSync(process.execPath, [CLI, 'queue', 'start'], {
        cwd,
        env: venvEnv(),
        encoding: 'utf8',
        timeout: 120_000,
      });
      assert.equal(started.status, 0, started.stderr);
    }
  }
  const refs = experimentRefs(root);
  assert.equal(refs.length, 1, `${tool} made one experiment: ${refs.join(' ')}`);
  return committed(root, refs[0] as string);
}

test('exp run from a subfolder: the experiment commit holds what dvc exp run commits there, parent stage included', async () => {
  const args = ['-S', 'scale=3'];
  const inPlace = await experiment('dvc', 'sub', args);
  // The root's prepare ran (its lock entry), sub's params file took the value, the root's did not.
  assert.match(inPlace['dvc.lock'] ?? '', /^ {2}prepare:$/m);
  assert.doesNotMatch(inPlace['dvc.lock'] ?? '', /unrelated/);
  assert.equal(inPlace['sub/params.yaml'], 'scale: 3\nsize: 2\n');
  assert.equal(inPlace['params.yaml'], undefined);
  assert.deepEqual(await experiment('mlops', 'sub', args), inPlace, 'in the working copy');
  const isolated = await experiment('dvc', 'sub', [...args, '--temp']);
  assert.deepEqual(await experiment('mlops', 'sub', [...args, '--temp']), isolated, '--temp');
  assert.deepEqual(await experiment('mlops', 'sub', [...args, '--queue']), isolated, 'queued, then queue start');
});

test('exp run -R and -P select what dvc exp run -R / -P selects, in place, --temp and queued', async () => {
  for (const [folder, ours, theirs] of [
    ['deep', ['-P'], ['-P']],
    ['sub', ['-P', '--temp', 'report'], ['-P', '--temp', 'report']],
    ['', ['-R', 'sub', '--queue'], ['-R', 'sub', '--temp']],
  ] as const) {
    const expected = await experiment('dvc', folder, [...theirs]);
    assert.deepEqual(await experiment('mlops', folder, [...ours]), expected, `${folder || '.'}: exp run ${ours}`);
  }
});

test('a target naming nothing is refused, as DVC refuses it, before params change or anything is queued', async () => {
  const root = dvcRepo(FILES, 'mlops-exp-scope-');
  const sub = join(root, 'sub');
  for (const args of [
    ['-R', 'nowhere', '--queue'],
    ['nope', '-S', 'size=5'],
    ['nope', '--temp'],
  ]) {
    const theirs = spawnSync(join(venvBin(), 'dvc'), ['exp', 'run', ...args], {
      cwd: sub,
      env: venvEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(theirs.status, 255, `dvc refuses ${args.join(' ')}`);
    const r = await runCli(['exp', 'run', ...args], sub);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(
      r.stderr,
      new RegExp(`'${args[args[0] === '-R' ? 1 : 0]}' does not exist as an output or a stage name in 'dvc\\.yaml'`),
    );
  }
  assert.equal(git(root, 'status', '--porcelain', '--', 'sub/params.yaml'), '');
  const status = await runCli(['queue', 'status', '--json'], sub);
  assert.deepEqual((JSON.parse(status.stdout) as { experiments: unknown[] }).experiments, []);
  assert.deepEqual(experimentRefs(root), []);
});

test('exp reproduce runs what the experiment ran: its targets from its folder; a DVC experiment its default', async () => {
  const root = dvcRepo(FILES, 'mlops-exp-scope-');
  const made = await runCli(['exp', 'run', 'featurize', '-S', 'scale=3', '-n', 'mine', '--temp'], join(root, 'sub'));
  assert.equal(made.code, 0, made.stderr);
  const theirs = spawnSync(join(venvBin(), 'dvc'), ['exp', 'run', '--temp', '-n', 'theirs'], {
    cwd: root,
    env: venvEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(theirs.status, 0, theirs.stderr);
  for (const name of ['mine', 'theirs']) {
    const [original] = experimentRefs(root).filter((r) => r.endsWith(`/${name}`));
    const again = await runCli(['exp', 'reproduce', name, '--json'], root);
    assert.equal(again.code, 0, again.stderr);
    const { reproduced } = JSON.parse(again.stdout) as { reproduced: string };
    const [copy] = experimentRefs(root).filter((r) => r.endsWith(`/${reproduced}`));
    // The same stages locked with the same hashes, the same params: nothing more ran, nothing less.
    assert.deepEqual(committed(root, copy as string), committed(root, original as string), `reproduce ${name}`);
  }
  assert.doesNotMatch(
    committed(root, experimentRefs(root).find((r) => r.endsWith('/mine')) as string)['sub/dvc.lock'] ?? '',
    /report/,
  );
});

test('exp apply from a subfolder restores the whole experiment, as dvc exp apply there: dvc status is clean', async () => {
  const root = dvcRepo(FILES, 'mlops-exp-scope-');
  const sub = join(root, 'sub');
  const made = await runCli(['exp', 'run', '-S', 'scale=3', '-n', 'applied', '--temp'], sub);
  assert.equal(made.code, 0, made.stderr);
  const applied = await runCli(['exp', 'apply', 'applied'], sub);
  assert.equal(applied.code, 0, applied.stderr);
  // The root's prepared.txt (of ../dvc.yaml:prepare) comes back with sub's outputs.
  assert.deepEqual(
    Object.keys(dvcStatus(root)).sort(),
    ['deep/inner/dvc.yaml:x', 'unrelated'],
    'only the stages the experiment did not run are changed',
  );
});

test("the table's Reproduce, queued, runs what the experiment ran and forces it: its worker ran exactly those stages", async () => {
  const root = dvcRepo(FILES, 'mlops-exp-scope-');
  const made = await runCli(['exp', 'run', 'featurize', '-S', 'scale=3', '-n', 'mine', '--temp'], join(root, 'sub'));
  assert.equal(made.code, 0, made.stderr);
  // What the table's Reproduce does (extension/experiments/experiment-commands.ts): the task queued, the queue started.
  const found = await findExperiment(root, 'mine');
  assert.ok(found.ok);
  const [entry] = enqueue([await reproduceTask(root, root, found.exp)]);
  const started = spawnSync(process.execPath, [CLI, 'queue', 'start'], {
    cwd: root,
    env: venvEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(started.status, 0, started.stderr);
  const logs = await runCli(['queue', 'logs', entry?.task.exp.name as string], root);
  const ran = [...logs.stdout.matchAll(/^\[(\S+)\] running/gm)].map((m) => m[1]).sort();
  // Up to date in the experiment's own commit, both ran again; sub's report, not part of it, did not.
  assert.deepEqual(ran, ['prepare', 'sub/dvc.yaml:featurize'], logs.stdout);
});
