// Targets as DVC takes them: for each target form (stage, foreach member and group, a dvc.yaml, `file:stage`, an
// output path, `-R folder`) `mlops status TARGET --json` shows the stages `dvc status TARGET --json` shows, in a
// repository with nested pipeline files, from the root and from subfolders (where DVC reads the whole repository:
// `../dvc.yaml:prepare`, a bare name of ./dvc.yaml, `-R ..`); an unknown target is refused by both, naming it;
// `mlops run` from a subfolder brings up to date the stages `dvc repro` does there (upstream in a parent pipeline
// included), and with no target those of ./dvc.yaml only (refusing, as DVC, where there is none), recording the run
// in the repository's store; `mlops exp run` with no target the same, in the working copy, `--temp` and queued (the
// stages its experiment commit locks are those of DVC's); `mlops run -R sub` runs exactly the stages under sub/, which `dvc status` then finds up to date; the
// paths a reason names are the ones `dvc status` names, from the working folder (`../raw.txt`, `sub/feats.txt`).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvcRepo, dvcStatus, experimentRefs } from '../support/runner-workspace';

const CLI = join(__dirname, '../../dist/cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: join(__dirname, '../..'), stdio: 'ignore' });
});

const ROOT_PIPELINE = `stages:
  prepare:
    cmd: cp raw.txt prepared.txt
    deps: [raw.txt]
    outs: [prepared.txt]
  train:
    foreach: [us, eu]
    do:
      cmd: cp prepared.txt model-\${item}.txt
      deps: [prepared.txt]
      outs:
      - model-\${item}.txt
`;
const SUB_PIPELINE = `stages:
  featurize:
    cmd: cp ../prepared.txt feats.txt
    deps: [../prepared.txt]
    outs: [feats.txt]
  report:
    cmd: cp feats.txt report.txt
    deps: [feats.txt]
    outs: [report.txt]
  prepare:
    cmd: echo sub > sub-prepared.txt
    outs: [sub-prepared.txt]
`;

function repo(): string {
  const root = dvcRepo({ 'raw.txt': 'raw\n', 'dvc.yaml': ROOT_PIPELINE, 'sub/dvc.yaml': SUB_PIPELINE });
  mkdirSync(join(root, 'deep', 'inner'), { recursive: true });
  writeFileSync(join(root, 'deep', 'inner', 'dvc.yaml'), 'stages:\n  x:\n    cmd: echo x > x.txt\n    outs: [x.txt]\n');
  return root;
}

/** DVC's addresses of the stages `dvc status ARGS` reports, or undefined when DVC refuses the target. */
function theirs(cwd: string, args: string[]): string[] | undefined {
  const r = spawnSync(join(venvBin(), 'dvc'), ['status', ...args, '--json'], { cwd, env: venvEnv(), encoding: 'utf8' });
  return r.status === 0 ? Object.keys(JSON.parse(r.stdout) as object).sort() : undefined;
}

async function ours(cwd: string, args: string[]): Promise<string[] | undefined> {
  const r = await runCli(['status', ...args, '--json'], cwd);
  if (r.code !== 0) return undefined;
  const stages = (JSON.parse(r.stdout) as { stages: { name: string; file: string }[] }).stages;
  return stages.map((s) => (s.file === 'dvc.yaml' ? s.name : `${s.file}:${s.name}`)).sort();
}

/**
 * Which stages `dvc repro ARGS` (or `mlops run ARGS`) brings up to date, run from `folder` of a fresh copy; 'refused'
 * when the command refuses to run (DVC's exit 255, ours 2) and runs nothing.
 */
async function reproduced(tool: 'dvc' | 'mlops', folder: string, args: string[]): Promise<string[] | 'refused'> {
  const root = repo();
  const cwd = join(root, folder);
  if (tool === 'dvc') {
    const r = spawnSync(join(venvBin(), 'dvc'), ['repro', ...args], {
      cwd,
      env: venvEnv(),
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (r.status === 255) return 'refused';
    assert.equal(r.status, 0, r.stderr);
  } else {
    const r = await runCli(['run', ...args], cwd);
    if (r.code === 2) return 'refused';
    assert.equal(r.code, 0, r.stderr);
  }
  const all = [
    'prepare',
    'train@us',
    'train@eu',
    'sub/dvc.yaml:featurize',
    'sub/dvc.yaml:report',
    'sub/dvc.yaml:prepare',
    'deep/inner/dvc.yaml:x',
  ];
  const changed = Object.keys(dvcStatus(root));
  return all.filter((s) => !changed.includes(s));
}

test('status targets: every form DVC takes selects the stages DVC selects', async () => {
  const root = repo();
  const cases: [string, string[]][] = [
    ['', ['prepare']],
    ['', ['train@us']],
    ['', ['train']],
    ['', ['dvc.yaml']],
    ['', ['sub/dvc.yaml']],
    ['', ['sub/dvc.yaml:report']],
    ['', ['prepared.txt']],
    ['', ['sub/feats.txt']],
    ['', ['-R', 'sub']],
    ['', ['-R', 'deep']],
    ['', ['prepare', 'sub/dvc.yaml:featurize']],
    ['', ['nope']],
    ['sub', ['report']],
    // From a subfolder DVC reads the whole repository: parent pipelines by path, bare names in ./dvc.yaml.
    ['sub', []],
    ['sub', ['prepare']],
    ['sub', ['../dvc.yaml:prepare']],
    ['sub', ['../dvc.yaml']],
    ['sub', ['../sub/dvc.yaml']],
    ['sub', ['../dvc.yaml:train@us']],
    ['sub', ['../dvc.yaml:train']],
    ['sub', ['train@us']],
    ['sub', ['train']],
    ['sub', ['../prepared.txt']],
    ['sub', ['../raw.txt']],
    ['sub', ['../nope/dvc.yaml']],
    ['sub', ['../dvc.yaml:nope']],
    ['sub', ['-R', '..']],
    ['sub', ['-R', '../deep']],
    ['deep/inner', ['../../sub/dvc.yaml:report', 'x']],
  ];
  for (const [folder, args] of cases) {
    const cwd = join(root, folder);
    const expected = theirs(cwd, args);
    assert.deepEqual(await ours(cwd, args), expected, `${folder || '.'}: status ${args.join(' ')}`);
  }
});

test('an unknown target is named with its pipeline file relative to the working folder', async () => {
  const root = repo();
  const r = await runCli(['status', 'dvc.yaml:nope'], join(root, 'sub'));
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /'dvc\.yaml:nope' does not exist as an output or a stage name in 'dvc\.yaml'; its stages: featurize, report/,
  );
});

test('from a subfolder, a bad target is refused naming it, and the pipeline file as seen from there', async () => {
  const sub = join(repo(), 'sub');
  for (const [target, message] of [
    [
      '../dvc.yaml:nope',
      /'\.\.\/dvc\.yaml:nope' does not exist as an output or a stage name in '\.\.\/dvc\.yaml'; its stages: prepare, train@us, train@eu/,
    ],
    ['../nope/dvc.yaml', /'\.\.\/nope\/dvc\.yaml' does not exist/],
    [
      'train@us',
      /'train@us' does not exist as an output or a stage name in 'dvc\.yaml'; its stages: featurize, report, prepare/,
    ],
  ] as const) {
    const r = await runCli(['run', target], sub);
    assert.equal(r.code, 2, target);
    assert.match(r.stderr, message);
  }
});

test('run from a subfolder brings up to date the stages dvc repro does, naming parent stages by path', async () => {
  for (const args of [['featurize'], ['../dvc.yaml:train@us'], ['-R', '../deep'], []]) {
    assert.deepEqual(
      await reproduced('mlops', 'sub', args),
      await reproduced('dvc', 'sub', args),
      `sub: run ${args.join(' ')}`,
    );
  }
  const sub = join(repo(), 'sub');
  const r = await runCli(['run', 'report', '--json'], sub);
  assert.equal(r.code, 0, r.stderr);
  const ran = (JSON.parse(r.stdout) as { stages: { name: string }[] }).stages.map((s) => s.name);
  assert.deepEqual(ran, ['../dvc.yaml:prepare', 'featurize', 'report']);
  assert.match(r.stderr, /^\[\.\.\/dvc\.yaml:prepare\] FINISHED/m);
});

test('run with no target runs ./dvc.yaml of the working folder as dvc repro does (none: both refuse); -P all', async () => {
  // In the root: not sub/dvc.yaml nor deep/inner/dvc.yaml; in deep/ (no dvc.yaml of its own) nothing at all.
  for (const folder of ['', 'sub', 'deep/inner', 'deep']) {
    const theirs = await reproduced('dvc', folder, []);
    assert.deepEqual(await reproduced('mlops', folder, []), theirs, `${folder || '.'}: run with no target`);
  }
  // -P: every pipeline of the repository, from a subfolder too, whatever target is named.
  for (const [folder, args] of [
    ['deep', ['-P']],
    ['sub', ['-P', 'featurize']],
  ] as const) {
    const theirs = await reproduced('dvc', folder, [...args]);
    assert.deepEqual(await reproduced('mlops', folder, [...args]), theirs, `${folder}: run ${args.join(' ')}`);
  }
  const r = await runCli(['run'], join(repo(), 'deep'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no dvc\.yaml in this folder .*give -R \. for every dvc\.yaml under this folder, -P/);
});

/** The stages an experiment's commit holds in its dvc.lock files, by address from the root. */
function lockedIn(root: string, ref: string): string[] {
  const stages: string[] = [];
  for (const [lock, file] of [
    ['dvc.lock', ''],
    ['sub/dvc.lock', 'sub/dvc.yaml:'],
    ['deep/inner/dvc.lock', 'deep/inner/dvc.yaml:'],
  ]) {
    const r = spawnSync('git', ['show', `${ref}:${lock}`], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    if (r.status === 0) for (const m of r.stdout.matchAll(/^ {2}(\S+):$/gm)) stages.push(`${file}${m[1]}`);
  }
  return stages.sort();
}

/**
 * The stages `dvc exp run ARGS` (or `mlops exp run ARGS`) records in its experiment, run from `folder` of a fresh,
 * committed copy; 'refused' when the command refuses (DVC's exit 255, ours 2) and makes no experiment.
 */
async function experimented(tool: 'dvc' | 'mlops', folder: string, args: string[]): Promise<string[] | 'refused'> {
  const root = repo();
  spawnSync('git', ['add', '-A'], { cwd: root });
  spawnSync('git', ['commit', '-qm', 'deep/inner'], { cwd: root });
  const cwd = join(root, folder);
  const code =
    tool === 'dvc'
      ? spawnSync(join(venvBin(), 'dvc'), ['exp', 'run', ...args], { cwd, env: venvEnv(), timeout: 120_000 }).status
      : (await runCli(['exp', 'run', ...args], cwd)).code;
  if (code === (tool === 'dvc' ? 255 : 2)) {
    assert.deepEqual(experimentRefs(root), [], `${tool} refused, yet made an experiment`);
    return 'refused';
  }
  assert.equal(code, 0, `${tool} exp run ${args.join(' ')} in '${folder}'`);
  const refs = experimentRefs(root);
  assert.equal(refs.length, 1, `one experiment: ${refs.join(' ')}`);
  return lockedIn(root, refs[0] as string);
}

test('exp run with no target runs ./dvc.yaml of the working folder as dvc exp run does, --temp too', async () => {
  // In the root: not sub/dvc.yaml nor deep/inner/dvc.yaml; in deep/ (no dvc.yaml of its own) nothing at all.
  for (const [folder, args] of [
    ['', []],
    ['deep/inner', []],
    ['deep', []],
    ['', ['--temp']],
    ['deep', ['--temp']],
  ] as const) {
    const theirs = await experimented('dvc', folder, [...args]);
    assert.notDeepEqual(theirs, [], `DVC ran something in '${folder}'`);
    assert.deepEqual(await experimented('mlops', folder, [...args]), theirs, `${folder || '.'}: exp run ${args}`);
  }
  const r = await runCli(['exp', 'run', '--queue'], join(repo(), 'deep'));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no dvc\.yaml in this folder .*Name a target/);
});

test('exp run --queue with no target queues ./dvc.yaml: the queued experiment runs what dvc exp run runs', async () => {
  const theirs = await experimented('dvc', '', []);
  const root = repo();
  assert.equal((await runCli(['exp', 'run', '--queue'], root)).code, 0);
  // The queue's workers are processes of the built CLI.
  const started = spawnSync(process.execPath, [CLI, 'queue', 'start'], {
    cwd: root,
    env: venvEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(started.status, 0, started.stderr);
  const refs = experimentRefs(root);
  assert.equal(refs.length, 1, started.stderr);
  assert.deepEqual(lockedIn(root, refs[0] as string), theirs);
});

test('a run from a subfolder is recorded in the repository store, where the root lists it; no sub/.mlops', async () => {
  const root = repo();
  const r = await runCli(['run', 'featurize', '--json'], join(root, 'sub'));
  assert.equal(r.code, 0, r.stderr);
  const { runId } = JSON.parse(r.stdout) as { runId: string };
  for (const folder of ['', 'sub']) {
    const listed = await runCli(['runs', 'list', '--json'], join(root, folder));
    assert.equal(listed.code, 0, listed.stderr);
    const ids = (JSON.parse(listed.stdout) as { runs: { id: string }[] }).runs.map((run) => run.id);
    assert.deepEqual(ids, [runId], `runs list from '${folder || '.'}'`);
  }
  assert.equal(existsSync(join(root, 'sub', '.mlops')), false);
  assert.equal(existsSync(join(root, '.mlops', '.gitignore')), true);
});

test('run -R sub runs the stages under sub/ only, and DVC agrees they are up to date', async () => {
  const root = repo();
  const first = await runCli(['run', 'prepare'], root);
  assert.equal(first.code, 0, first.stderr);
  const r = await runCli(['run', '-R', 'sub', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const ran = (JSON.parse(r.stdout) as { stages: { name: string; status: string }[] }).stages;
  // Upstream `prepare` is looked at and skipped, as dvc repro does.
  assert.deepEqual(
    ran.filter((s) => s.status !== 'SKIPPED').map((s) => [s.name, s.status]),
    [
      ['sub/dvc.yaml:featurize', 'FINISHED'],
      ['sub/dvc.yaml:report', 'FINISHED'],
      ['sub/dvc.yaml:prepare', 'FINISHED'],
    ],
  );
  assert.deepEqual(Object.keys(dvcStatus(root)).sort(), ['deep/inner/dvc.yaml:x', 'train@eu', 'train@us']);
});

/** Per stage address, the paths of its changed deps and outs, as `dvc status --json` names them from `cwd`. */
function theirPaths(cwd: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [stage, entries] of Object.entries(dvcStatus(cwd))) {
    const paths = entries.flatMap((e) =>
      typeof e === 'object' && e !== null
        ? Object.entries(e as Record<string, unknown>)
            .filter(([k]) => k === 'changed deps' || k === 'changed outs')
            .flatMap(([, v]) => Object.keys(v as object))
        : [],
    );
    out[stage] = paths.sort();
  }
  return out;
}

/** The same from `mlops status --json`: the paths its reasons name, by stage address. */
async function ourPaths(cwd: string): Promise<Record<string, string[]>> {
  const r = await runCli(['status', '--json'], cwd);
  assert.equal(r.code, 0, r.stderr);
  const out: Record<string, string[]> = {};
  for (const s of (JSON.parse(r.stdout) as { stages: { name: string; file: string; reasons: string[] }[] }).stages) {
    const paths = s.reasons.flatMap((reason) => /^(?:dep|out) [a-z ]+: (.*)$/.exec(reason)?.[1] ?? []);
    if (paths.length > 0) out[s.file === 'dvc.yaml' ? s.name : `${s.file}:${s.name}`] = paths.sort();
  }
  return out;
}

test('reasons name paths as dvc status does, from the root and from a subfolder', async () => {
  const root = repo();
  const made = spawnSync(join(venvBin(), 'dvc'), ['repro', '--all-pipelines'], {
    cwd: root,
    env: venvEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(made.status, 0, made.stderr);
  writeFileSync(join(root, 'raw.txt'), 'raw, changed\n');
  rmSync(join(root, 'sub', 'feats.txt'));
  rmSync(join(root, 'deep', 'inner', 'x.txt'));
  for (const folder of ['', 'sub', 'deep/inner']) {
    const cwd = join(root, folder);
    const expected = theirPaths(cwd);
    assert.ok(Object.keys(expected).length >= 3, `DVC reports changes from '${folder}': ${JSON.stringify(expected)}`);
    assert.deepEqual(await ourPaths(cwd), expected, `from '${folder || '.'}'`);
  }
});
