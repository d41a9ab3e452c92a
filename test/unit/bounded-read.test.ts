// Every file the core reads is a regular file under the size limit: a repository's params.yaml linked to
// /dev/zero, a FIFO named dvc.lock or a 65 MB vars file gets a message naming the file (and the limit), not an
// out-of-memory, a hang or a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_READ_BYTES, readBoundedText } from '../../src/core/bounded-read';
import { nodeFileSystem } from '../../src/core/fs';
import { validatePipelines } from '../../src/core/pipeline';
import { withDvcIgnore, DvcIgnoreRules } from '../../src/core/runner/dvcignore';
import { readLock } from '../../src/core/runner/lock';
import { readMetricsFile } from '../../src/core/runner/metrics-files';
import { fileTree } from '../support/file-tree';
import { runCli } from '../support/cli';

const PIPELINE = 'stages:\n  train:\n    cmd: python train.py ${lr}\n';

/** A folder holding `name` as a sparse file one byte over the limit (instant, no disk used). */
function oversized(root: string, name: string): string {
  const file = join(root, name);
  writeFileSync(file, '');
  truncateSync(file, MAX_READ_BYTES + 1);
  return file;
}

test('readBoundedText: a regular file is read; a device, a FIFO and a file over the limit are refused by name', () => {
  const root = fileTree('mlops-bounded-', { 'ok.yaml': 'a: 1\n' });
  assert.deepEqual(readBoundedText(join(root, 'ok.yaml')), { ok: true, text: 'a: 1\n' });
  symlinkSync('/dev/zero', join(root, 'zero.yaml'));
  const zero = readBoundedText(join(root, 'zero.yaml'));
  assert.equal(zero.ok, false);
  assert.ok(!zero.ok && zero.reason === 'not-a-file' && zero.message.includes(join(root, 'zero.yaml')));
  execFileSync('mkfifo', [join(root, 'fifo.yaml')]);
  const fifo = readBoundedText(join(root, 'fifo.yaml'));
  assert.ok(!fifo.ok && fifo.reason === 'not-a-file', JSON.stringify(fifo));
  const big = oversized(root, 'big.yaml');
  const r = readBoundedText(big);
  assert.ok(!r.ok && r.reason === 'too-large', JSON.stringify(r));
  assert.ok(!r.ok && r.message.includes(big) && r.message.includes('64 MB'), !r.ok ? r.message : '');
  assert.deepEqual(readBoundedText(join(root, 'absent.yaml')).ok, false);
});

test('validate: params.yaml linked to /dev/zero is an error on dvc.yaml naming the file', () => {
  const root = fileTree('mlops-bounded-', { 'dvc.yaml': PIPELINE });
  symlinkSync('/dev/zero', join(root, 'params.yaml'));
  const ds = validatePipelines([join(root, 'dvc.yaml')], nodeFileSystem).get(join(root, 'dvc.yaml')) ?? [];
  const d = ds.find((x) => x.code === 'invalid-vars-file');
  assert.ok(d, JSON.stringify(ds));
  assert.match(d.message, /params\.yaml is not a regular file/);
});

test('validate: a vars file and a params file over the limit are errors naming the file and the limit', () => {
  const root = fileTree('mlops-bounded-', {
    'dvc.yaml': `vars:\n  - big.yaml\n${PIPELINE}    params:\n      - conf.json:\n          - lr\n`,
  });
  const vars = oversized(root, 'big.yaml');
  const params = oversized(root, 'conf.json');
  const ds = validatePipelines([join(root, 'dvc.yaml')], nodeFileSystem).get(join(root, 'dvc.yaml')) ?? [];
  const varsD = ds.find((x) => x.code === 'invalid-vars-file');
  assert.ok(varsD?.message.includes(vars) && varsD.message.includes('64 MB limit'), JSON.stringify(ds));
  const paramsD = ds.find((x) => x.code === 'invalid-params-file');
  assert.ok(paramsD?.message.includes(params) && paramsD.message.includes('64 MB limit'), JSON.stringify(ds));
});

test('validate: a dvc.yaml over the limit is one error naming it and the limit', () => {
  const root = fileTree('mlops-bounded-', {});
  const file = oversized(root, 'dvc.yaml');
  const ds = validatePipelines([file], nodeFileSystem).get(file) ?? [];
  assert.deepEqual(
    ds.map((d) => d.code),
    ['unreadable-file'],
  );
  assert.ok(ds[0]?.message.includes('64 MB limit') && ds[0].message.includes(file), ds[0]?.message);
});

test('runner reads: a dvc.lock, a metrics file and a .dvcignore linked to /dev/zero are refused by name', () => {
  const root = fileTree('mlops-bounded-', {});
  for (const name of ['dvc.lock', 'metrics.json', '.dvcignore']) symlinkSync('/dev/zero', join(root, name));
  const lock = readLock(join(root, 'dvc.lock'));
  assert.ok(!lock.ok && lock.message.includes(join(root, 'dvc.lock')), JSON.stringify(lock));
  assert.deepEqual(readMetricsFile(join(root, 'metrics.json')), {});
  assert.throws(() => withDvcIgnore(DvcIgnoreRules.defaults, root, ''), /\.dvcignore is not a regular file/);
});

test('mlops validate (exit 1) and mlops status (exit 2, cannot answer): the file named, no stack trace', async () => {
  const root = fileTree('mlops-bounded-', { 'dvc.yaml': PIPELINE });
  symlinkSync('/dev/zero', join(root, 'params.yaml'));
  const v = await runCli(['validate'], root);
  assert.equal(v.code, 1, v.stderr);
  assert.match(v.stdout, /params\.yaml is not a regular file/);
  const fifo = fileTree('mlops-bounded-', { 'dvc.yaml': 'stages:\n  a:\n    cmd: echo\n' });
  execFileSync('mkfifo', [join(fifo, 'dvc.lock')]);
  const s = await runCli(['status', '--no-daemon'], fifo);
  assert.equal(s.code, 2, s.stdout + s.stderr);
  assert.match(s.stderr, /dvc\.lock is not a regular file/);
  assert.doesNotMatch(s.stderr, /internal error|\n\s+at /);
});
