// index.ts: finding pipelines, validating several together, tuning and ordering.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { nodeFileSystem } from '../../src/core/fs';
import { findPipelines, loadPipeline, validatePipelines } from '../../src/core/pipeline';

const root = mkdtempSync(path.join(tmpdir(), 'mlops-index-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

test('findPipelines walks folders and skips .git, node_modules, .dvc, .cache and virtual envs', () => {
  const wanted = [write('dvc.yaml', ''), write('sub/dvc.yaml', ''), write('a/b/c/dvc.yaml', '')];
  write('.git/dvc.yaml', '');
  write('node_modules/pkg/dvc.yaml', '');
  write('.dvc/tmp/dvc.yaml', '');
  write('.cache/x/dvc.yaml', '');
  write('env/pyvenv.cfg', 'home = /usr/bin\n');
  write('env/lib/dvc.yaml', '');
  write('.venv/dvc.yaml', '');
  write('sub/dvc.yml', '');
  assert.deepEqual(findPipelines(root, nodeFileSystem), [...wanted].sort());
  assert.deepEqual(findPipelines(path.join(root, 'sub', 'dvc.yaml'), nodeFileSystem), [
    path.join(root, 'sub', 'dvc.yaml'),
  ]);
  assert.deepEqual(findPipelines(path.join(root, 'missing'), nodeFileSystem), []);
});

test('validatePipelines returns every file, diagnostics sorted by position and tuned', () => {
  const a = write(
    'v/a/dvc.yaml',
    'stages:\n  s:\n    cmd: echo > out.txt\n    outs: [out.txt]\n    frozn: true\n    dep: [x]\n',
  );
  const b = write('v/b/dvc.yaml', '# mlops-disable-next-line\nvars: 3\nstages:\n  t:\n    cmd: 1\n');
  const result = validatePipelines([a, b], nodeFileSystem, { severity: { 'invalid-type': 'warning' } });
  assert.deepEqual([...result.keys()], [a, b]);
  assert.deepEqual(
    result.get(a)?.map((d) => `${d.range.start.line}:${d.code}`),
    ['4:unknown-key', '5:unknown-key'],
  );
  assert.deepEqual(
    result.get(b)?.map((d) => `${d.range.start.line}:${d.code}:${d.severity}`),
    ['4:invalid-type:warning'],
  );
});

test('outputs of one pipeline satisfy deps of another when validated together', () => {
  const producer = write('x/prod/dvc.yaml', 'stages:\n  make:\n    cmd: echo > data.txt\n    outs: [data.txt]\n');
  const consumer = write(
    'x/cons/dvc.yaml',
    'stages:\n  use:\n    cmd: cat ../prod/data.txt\n    deps: [../prod/data.txt]\n',
  );
  const alone = validatePipelines([consumer], nodeFileSystem).get(consumer) ?? [];
  assert.deepEqual(
    alone.map((d) => d.code),
    ['missing-dependency'],
  );
  const together = validatePipelines([producer, consumer], nodeFileSystem);
  assert.deepEqual([...together.values()].flat(), []);
});

test('loadPipeline accepts relative paths and never throws on unreadable input', () => {
  const rel = path.relative(process.cwd(), write('r/dvc.yaml', 'stages: {}\n'));
  assert.equal(loadPipeline(rel, nodeFileSystem).file, path.join(root, 'r', 'dvc.yaml'));
  const dir = loadPipeline(path.join(root, 'r'), nodeFileSystem);
  assert.deepEqual(
    dir.diagnostics.map((d) => d.code),
    ['unreadable-file'],
  );
});
