// Remote artifact locations against real DVC and GTO: a path like `s3://bucket/x` declared in a sub-folder's
// dvc.yaml is shown by `mlops models list` exactly as DVC reads it (`Repo.artifacts.read()`), and registering a
// version at such a location needs no local file, and GTO sees the version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvEnv } from '../support/python';

const REMOTES = {
  s3: 's3://bucket/models/clf.pkl',
  gcs: 'gs://bucket//deep/../model.bin',
  blob: 'azure://container/model.onnx',
  web: 'https://example.com/models/v1/model.pt',
};

test('remote artifact paths are kept verbatim as DVC reads them, and register without a local file', async () => {
  const env = venvEnv();
  const repo = mkdtempSync(join(tmpdir(), 'mlops-artifacts-'));
  const run = (cmd: string, ...args: string[]) =>
    execFileSync(cmd, args, { cwd: repo, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  run('git', 'init', '-q', '-b', 'main');
  run('git', 'config', 'user.name', 'Test');
  run('git', 'config', 'user.email', 'test@example.com');
  run('dvc', 'init', '-q');
  mkdirSync(join(repo, 'nlp'));
  writeFileSync(
    join(repo, 'nlp', 'dvc.yaml'),
    `artifacts:\n${Object.entries(REMOTES)
      .map(([name, p]) => `  ${name}:\n    path: ${p}\n    type: model\n`)
      .join('')}`,
  );
  run('git', 'add', '-A');
  run('git', 'commit', '-q', '-m', 'declare remote models');

  const dvcRead = JSON.parse(
    run(
      'python',
      '-c',
      'import json\nfrom dvc.repo import Repo\nprint(json.dumps({f"nlp:{k}": a.path for k, a in Repo(".").artifacts.read()["nlp/dvc.yaml"].items()}))',
    ),
  ) as Record<string, string>;
  assert.deepEqual(Object.values(dvcRead), Object.values(REMOTES), 'DVC keeps the paths as written');

  for (const name of Object.keys(REMOTES)) run('gto', 'register', `nlp:${name}`, '--version', 'v1.0.0');
  // No local file anywhere: registering at a remote location records it, no hash.
  run('git', 'commit', '-q', '--allow-empty', '-m', 'next');
  const registered = await runCli(
    ['models', 'register', 'nlp:s3', '--version', 'v1.1.0', '--path', REMOTES.s3, '--json'],
    repo,
  );
  assert.equal(registered.code, 0, registered.stderr);
  assert.doesNotMatch(registered.stderr, /warning|no file/);

  const listed = await runCli(['models', 'list', '--json'], repo);
  assert.equal(listed.code, 0, listed.stderr);
  const ours = Object.fromEntries(
    (JSON.parse(listed.stdout).models as { name: string; versions: { version: string; path: string }[] }[]).flatMap(
      (m) => m.versions.map((v) => [`${m.name}@${v.version}`, v.path]),
    ),
  );
  const expected = Object.fromEntries(Object.entries(dvcRead).map(([name, p]) => [`${name}@v1.0.0`, p]));
  assert.deepEqual(ours, { ...expected, 'nlp:s3@v1.1.0': REMOTES.s3 });

  const gto = JSON.parse(run('gto', 'show', 'nlp:s3', '--json')) as { version: string }[];
  assert.deepEqual(gto.map((v) => v.version).sort(), ['v1.0.0', 'v1.1.0']);
});
