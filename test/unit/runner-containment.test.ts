// Outputs and wdir outside the project, or the project folder itself, are refused by validate (an error on the
// output) and by run (exit 1, no command run, nothing deleted), links resolved first. Before, `mlops run` deleted
// the outside file, and with `outs: [..]` the workspace's parent folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileTree } from '../support/file-tree';
import { runCli } from '../support/cli';

/** A project folder inside a parent that also holds a precious file (what a bad output would delete). */
function layout(outs: string, extra?: (project: string, parent: string) => void) {
  const parent = fileTree('mlops-contain-', { 'precious.txt': 'keep me\n' });
  const project = join(parent, 'project');
  mkdirSync(join(project, '.git'), { recursive: true });
  writeFileSync(join(project, 'dvc.yaml'), `stages:\n  bad:\n    cmd: touch ran.txt\n    outs: [${outs}]\n`);
  extra?.(project, parent);
  return { parent, project };
}

for (const [what, outs] of [
  ["'..' (the parent folder)", '..'],
  ["'.' (the project itself)", '.'],
  ['an absolute path outside', '__PARENT__/precious.txt'],
  ['a path through a link that points outside', 'escape/precious.txt'],
  // Checked after an output inside that shares its folder (each folder's links are resolved once per pipeline).
  ['an output that is itself a link to a file outside', 'kept/inside.txt, kept/linked.txt'],
] as const) {
  test(`outs: ${what}: validate errors on it, run refuses, nothing deleted or executed`, async () => {
    const { parent, project } = layout(outs.replace('__PARENT__', '$PARENT'), (p, par) => {
      symlinkSync(par, join(p, 'escape'));
      mkdirSync(join(p, 'kept'));
      symlinkSync(join(par, 'precious.txt'), join(p, 'kept', 'linked.txt'));
    });
    writeFileSync(
      join(project, 'dvc.yaml'),
      `stages:\n  bad:\n    cmd: touch ran.txt\n    outs: [${outs.replace('__PARENT__', parent)}]\n`,
    );
    const v = await runCli(['validate'], project);
    assert.equal(v.code, 1, v.stdout + v.stderr);
    assert.match(v.stdout, /outside-project: Output '.*' of stage 'bad' (is the project folder itself|resolves)/);
    const r = await runCli(['run'], project);
    assert.notEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /outside-project|outside the project|project folder itself/);
    assert.ok(existsSync(join(parent, 'precious.txt')), 'the file outside the project was deleted');
    assert.ok(existsSync(join(project, 'dvc.yaml')), 'the project was deleted');
    assert.ok(!existsSync(join(project, 'ran.txt')), 'the command ran');
  });
}

test('wdir outside the project is refused; wdir at the project root from a sub-folder is fine', async () => {
  const { project } = layout('out.txt');
  mkdirSync(join(project, 'sub'));
  writeFileSync(join(project, 'sub', 'dvc.yaml'), 'stages:\n  up:\n    wdir: ..\n    cmd: echo\n    outs: [o.txt]\n');
  writeFileSync(join(project, 'dvc.yaml'), 'stages:\n  far:\n    wdir: ../..\n    cmd: echo\n');
  const v = await runCli(['validate', '--format', 'json'], project);
  const report = JSON.parse(v.stdout) as {
    files: { path: string; diagnostics: { code: string; message: string }[] }[];
  };
  const byFile = new Map(report.files.map((f) => [f.path, f.diagnostics.map((d) => d.code)]));
  assert.deepEqual(byFile.get('dvc.yaml'), ['outside-project']);
  assert.deepEqual(byFile.get('sub/dvc.yaml') ?? [], []);
});

test('discovery does not follow a link to a folder (a link to the parent would loop, one to / walk the disk)', async () => {
  const { project, parent } = layout('out.txt');
  symlinkSync(parent, join(project, 'loop'));
  symlinkSync('/', join(project, 'root'));
  const v = await runCli(['validate', '--format', 'json'], project);
  const report = JSON.parse(v.stdout) as { files: { path: string }[] };
  assert.deepEqual(
    report.files.map((f) => f.path),
    ['dvc.yaml'],
  );
});

test('a dvc.yaml linked out of its project (/proc/self/environ in CI) is not read: one error, nothing of it quoted', async () => {
  const root = fileTree('mlops-linked-', {
    environ: 'PATH=/usr/bin\0AWS_SECRET_ACCESS_KEY=abc123xyz\0',
    'ws/.git/HEAD': 'ref: refs/heads/main\n',
    'ws/ok/dvc.yaml': 'stages:\n  a:\n    cmd: echo\n',
  });
  symlinkSync(join(root, 'environ'), join(root, 'ws', 'dvc.yaml'));
  const r = await runCli(['validate'], join(root, 'ws'));
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout + r.stderr, /abc123xyz|AWS_SECRET|PATH=/);
  assert.match(
    r.stdout,
    /dvc\.yaml:1:1: error outside-project: dvc\.yaml resolves through a symbolic link to .*environ, outside the project/,
  );
  assert.doesNotMatch(r.stdout, /ok\/dvc\.yaml/, 'the other pipeline is checked and clean');
});
