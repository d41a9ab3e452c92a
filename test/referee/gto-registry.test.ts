// Our GTO registry against the real `gto`: what we register and promote, `gto show --json` shows
// identically; what `gto register/assign/deprecate` tags, `mlops models list --json` shows identically.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceStoreDir } from '../../src/core/tracking/local/layout';
import { openLocalStore } from '../../src/core/tracking/local/store';
import { runCli } from '../support/cli';
import { venvEnv } from '../support/python';

interface Listed {
  name: string;
  versions: {
    version: string;
    stages: string[];
    aliases: string[];
    runId: string | null;
    commit: string | null;
    path: string | null;
  }[];
}
interface GtoVersion {
  version: string;
  commit_hexsha: string;
  stages: { stage: string }[];
}

let env: NodeJS.ProcessEnv;
before(() => {
  env = venvEnv();
});

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', env }).trim();
}
function gto(repo: string, ...args: string[]): string {
  return execFileSync('gto', args, { cwd: repo, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
}
const commit = (repo: string, message: string) => {
  git(repo, 'commit', '-q', '--allow-empty', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
};
/** GTO orders tags by whole-second tagger dates: let gto's own successive assignments land in distinct seconds. */
async function nextSecond(): Promise<void> {
  const target = (Math.floor(Date.now() / 1000) + 1) * 1000 + 20;
  while (Date.now() < target) await new Promise((r) => setTimeout(r, target - Date.now()));
}

function newRepo(): string {
  const repo = mkdtempSync(join(tmpdir(), 'mlops-gto-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.name', 'Test');
  git(repo, 'config', 'user.email', 'test@example.com');
  writeFileSync(join(repo, '.gitignore'), '.mlops/\n');
  writeFileSync(join(repo, 'dvc.yaml'), 'stages: {}\nartifacts:\n  clf:\n    path: models/clf.pkl\n    type: model\n');
  mkdirSync(join(repo, 'nlp'));
  writeFileSync(join(repo, 'nlp', 'dvc.yaml'), 'artifacts:\n  tagger:\n    path: tagger.bin\n    type: model\n');
  writeFileSync(join(repo, 'nlp', 'tagger.bin'), 'weights');
  git(repo, 'add', '-A');
  return repo;
}

/** `gto show NAME --json` reduced to what `models list` states: version, commit, stages. */
function gtoVersions(repo: string, name: string) {
  return (JSON.parse(gto(repo, 'show', name, '--json')) as GtoVersion[]).map((v) => ({
    version: v.version,
    commit: v.commit_hexsha,
    stages: v.stages.map((s) => s.stage).sort(),
  }));
}

async function ourModels(repo: string): Promise<Listed[]> {
  const r = await runCli(['models', 'list', '--json'], repo);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout).models;
}

function assertAgree(repo: string, ours: Listed[]) {
  const summary = JSON.parse(gto(repo, 'show', '--json')) as Record<
    string,
    { version: string; stage: Record<string, string | null> }
  >;
  assert.deepEqual(ours.map((m) => m.name).sort(), Object.keys(summary).sort(), 'same active models');
  for (const m of ours) {
    assert.deepEqual(
      m.versions.map((v) => ({ version: v.version, commit: v.commit, stages: v.stages })),
      gtoVersions(repo, m.name),
      `${m.name}: versions, commits and stages`,
    );
    assert.equal(m.versions[0]?.version, summary[m.name]!.version, `${m.name}: latest version`);
    const stages = Object.fromEntries(Object.entries(summary[m.name]!.stage).filter(([, v]) => v !== null));
    const oursStages = Object.fromEntries(m.versions.flatMap((v) => v.stages.map((s) => [s, v.version])));
    assert.deepEqual(oursStages, stages, `${m.name}: stage → version`);
  }
}

test('what we register and promote from runs shows up identically in gto show', async () => {
  const repo = newRepo();
  const c1 = commit(repo, 'first model');
  const c2 = commit(repo, 'second model');
  const store = openLocalStore(workspaceStoreDir(repo));
  const exp = await store.createExperiment('train');
  const runAt = async (c: string, md5: string) => {
    const run = await store.createRun({
      experimentId: exp.id,
      name: 'train',
      git: { commit: c, branch: 'main', dirty: false },
    });
    await store.recordOutputs(run.id, [{ path: 'models/clf.pkl', md5 }]);
    return run.id;
  };
  const r1 = await runAt(c1, '11111111111111111111111111111111');
  const r2 = await runAt(c2, '22222222222222222222222222222222');
  for (const [run, version] of [
    [r1, 'v1.0.0'],
    [r2, 'v1.1.0'],
  ] as const) {
    const r = await runCli(['models', 'register', 'clf', '--version', version, '--run', run], repo);
    assert.equal(r.code, 0, r.stderr);
  }
  for (const [version, stage] of [
    ['v1.0.0', 'prod'],
    ['v1.1.0', 'prod'],
    ['v1.0.0', 'dev'],
  ]) {
    const r = await runCli(['models', 'promote', 'clf', version!, '--stage', stage!], repo);
    assert.equal(r.code, 0, r.stderr);
  }
  const tagger = await runCli(
    ['models', 'register', 'nlp:tagger', '--version', 'v0.1.0', '--path', 'nlp/tagger.bin'],
    repo,
  );
  assert.equal(tagger.code, 0, tagger.stderr);
  assert.ok(
    git(repo, 'tag', '--list').split('\n').includes('nlp=tagger@v0.1.0'),
    'nested name written with = in the tag',
  );

  const ours = await ourModels(repo);
  assertAgree(repo, ours);
  const clf = ours.find((m) => m.name === 'clf')!;
  assert.deepEqual(clf.versions, [
    { version: 'v1.1.0', stages: ['prod'], aliases: [], runId: r2, commit: c2, path: 'models/clf.pkl' },
    { version: 'v1.0.0', stages: ['dev'], aliases: [], runId: r1, commit: c1, path: 'models/clf.pkl' },
  ]);
  assert.deepEqual(
    ours.find((m) => m.name === 'nlp:tagger')!.versions.map((v) => v.path),
    ['nlp/tagger.bin'],
  );

  // annotated tags, as GTO requires, carrying our run id and hash
  assert.equal(git(repo, 'cat-file', '-t', 'clf@v1.0.0'), 'tag');
  assert.match(
    git(repo, 'tag', '-l', '--format=%(contents)', 'clf@v1.0.0'),
    new RegExp(`mlops-run-id: ${r1}\\nmlops-path: models/clf.pkl\\nmlops-md5: 1{32}`),
  );

  const dup = await runCli(['models', 'promote', 'clf', 'v1.1.0', '--stage', 'prod'], repo);
  assert.equal(dup.code, 1);
  assert.match(dup.stderr, /clf v1\.1\.0 is already in stage 'prod'/);
  const unknown = await runCli(['models', 'promote', 'clf', 'v9.0.0', '--stage', 'prod'], repo);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /clf has no registered version 'v9\.0\.0' \(versions: v1\.1\.0, v1\.0\.0\)/);
});

test('tags made by gto register/assign/deprecate show up identically in mlops models list', async () => {
  const repo = newRepo();
  const c1 = commit(repo, 'one');
  gto(repo, 'register', 'clf', '--version', 'v0.1.0');
  gto(repo, 'register', 'nlp:tagger', '--version', 'v1.0.0');
  gto(repo, 'register', 'old', '--version', 'v1.0.0');
  await nextSecond();
  gto(repo, 'assign', 'clf', '--version', 'v0.1.0', '--stage', 'staging');
  gto(repo, 'deprecate', 'old');
  const c2 = commit(repo, 'two');
  gto(repo, 'register', 'clf', '--bump-minor');
  await nextSecond();
  gto(repo, 'assign', 'clf', '--version', 'v0.2.0', '--stage', 'prod');
  gto(repo, 'assign', 'nlp:tagger', '--version', 'v1.0.0', '--stage', 'prod');
  await nextSecond();
  gto(repo, 'assign', 'clf', '--version', 'v0.2.0', '--stage', 'staging');
  gto(repo, 'assign', 'clf', '--version', 'v0.1.0', '--stage', 'dev');
  await nextSecond();
  gto(repo, 'deprecate', 'clf', 'v0.1.0', 'dev'); // unassign: clf#dev!#N
  gto(repo, 'deprecate', 'nlp:tagger', 'v1.0.0'); // deregister: nlp=tagger@v1.0.0!
  gto(repo, 'register', 'nlp:tagger', '--version', 'v1.1.0', c2);

  const ours = await ourModels(repo);
  assertAgree(repo, ours);
  assert.deepEqual(ours, [
    {
      name: 'clf',
      versions: [
        {
          version: 'v0.2.0',
          stages: ['prod', 'staging'],
          aliases: [],
          runId: null,
          commit: c2,
          path: 'models/clf.pkl',
        },
        { version: 'v0.1.0', stages: [], aliases: [], runId: null, commit: c1, path: 'models/clf.pkl' },
      ],
    },
    {
      name: 'nlp:tagger',
      versions: [{ version: 'v1.1.0', stages: [], aliases: [], runId: null, commit: c2, path: 'nlp/tagger.bin' }],
    },
  ]);
});

test('registering outside a git repository says what to do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-nogit-'));
  writeFileSync(join(dir, 'm.bin'), 'x');
  const r = await runCli(['models', 'register', 'm', '--version', 'v1.0.0', '--path', 'm.bin'], dir);
  assert.equal(r.code, 1);
  assert.match(
    r.stderr,
    /is not in a git repository: the model registry keeps versions as GTO git tags — run git init/,
  );
});
