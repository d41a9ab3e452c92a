// index.ts: finding pipelines, validating several together, tuning and ordering.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { nodeFileSystem } from '../../src/core/fs';
import { findPipelineFiles, findPipelines, loadPipeline, validatePipelines } from '../../src/core/pipeline';
import { loadWorkspace } from '../../src/core/runner/workspace';

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

test('discovery through a typed listing finds what the untyped one finds: links to folders not walked, linked files kept', () => {
  const at = mkdtempSync(path.join(tmpdir(), 'mlops-index-typed-'));
  try {
    const put = (rel: string, text = 'stages: {}\n') => {
      mkdirSync(path.dirname(path.join(at, rel)), { recursive: true });
      writeFileSync(path.join(at, rel), text);
    };
    put('dvc.yaml');
    put('deep/er/dvc.yaml');
    put('outside/dvc.yaml');
    put('venv-named-x/pyvenv.cfg', 'home = /usr/bin\n');
    put('venv-named-x/dvc.yaml');
    put('node_modules/dvc.yaml');
    for (let i = 0; i < 50; i++) put(`data/f${i}.csv`, `${i}\n`);
    put('data/notes.dvc', 'outs:\n- md5: 0cc175b9c0f1b6a831c399e269772661\n  path: notes\n');
    // A link to a folder holding a dvc.yaml (not walked), one to the root (a loop if walked), a linked dvc.yaml (kept).
    symlinkSync(path.join(at, 'outside'), path.join(at, 'deep', 'linked-folder'));
    symlinkSync(at, path.join(at, 'deep', 'er', 'loop'));
    mkdirSync(path.join(at, 'viafile'));
    symlinkSync(path.join(at, 'outside', 'dvc.yaml'), path.join(at, 'viafile', 'dvc.yaml'));
    const untyped = findPipelineFiles(at, nodeFileSystem);
    assert.deepEqual(
      untyped.map((f) => path.relative(at, f)),
      ['data/notes.dvc', 'deep/er/dvc.yaml', 'dvc.yaml', 'outside/dvc.yaml', 'viafile/dvc.yaml'],
    );
    assert.deepEqual(
      loadWorkspace(at).pipelines.map((p) => p.file),
      untyped,
    );
  } finally {
    rmSync(at, { recursive: true, force: true });
  }
});
