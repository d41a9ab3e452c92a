import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const CHAIN = `stages:
  prepare:
    cmd: python prepare.py
    outs: [data/prepared]
  train:
    cmd: python train.py
    deps: [data/prepared/train.csv]
    outs: [model.pkl]
  evaluate:
    cmd: python evaluate.py
    deps: [model.pkl, data/prepared]
    metrics: [{scores.json: {cache: false}}]
`;

/** The edge lines of a DOT graph, sorted (their order follows the files, not a contract). */
const dotEdges = (dot: string) =>
  dot
    .split('\n')
    .filter((l) => l.includes(' -> '))
    .sort();

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-dag-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('dot is the default format, with an edge per output read (a dep inside an output folder counts)', async () => {
  const r = await runCli(['dag'], folder({ 'dvc.yaml': CHAIN }));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^strict digraph \{\n"prepare";\n"train";\n"evaluate";\n(.+ -> .+;\n)+\}\n$/);
  assert.deepEqual(dotEdges(r.stdout), ['"prepare" -> "evaluate";', '"prepare" -> "train";', '"train" -> "evaluate";']);
});

test('mermaid and json; json paths are relative to the working folder', async () => {
  const dir = folder({ 'dvc.yaml': CHAIN });
  const mermaid = await runCli(['dag', '--format', 'mermaid'], dir);
  assert.match(mermaid.stdout, /^flowchart TD\n/);
  assert.match(mermaid.stdout, /\tnode1\["prepare"\]\n/);
  assert.match(mermaid.stdout, /\tnode2-->node3\n/);

  const json = await runCli(['dag', '--format=json'], dir);
  const graph = JSON.parse(json.stdout) as {
    nodes: { id: string; file: string }[];
    edges: { from: string; to: string; path: string }[];
    order: string[];
  };
  assert.deepEqual(
    graph.nodes.map((n) => [n.id, n.file]),
    [
      ['prepare', 'dvc.yaml'],
      ['train', 'dvc.yaml'],
      ['evaluate', 'dvc.yaml'],
    ],
  );
  assert.deepEqual(
    graph.edges.find((e) => e.to === 'train'),
    { from: 'prepare', to: 'train', path: 'data/prepared' },
  );
  assert.deepEqual(graph.order, ['prepare', 'train', 'evaluate']);
});

test('stages of a pipeline in a subfolder are named path:stage, relative to the folder searched', async () => {
  const dir = folder({
    'dvc.yaml': CHAIN,
    'sub/dvc.yaml': 'stages:\n  report:\n    cmd: x\n    deps: [../model.pkl]\n',
  });
  const json = await runCli(['dag', '--format', 'json'], dir);
  const graph = JSON.parse(json.stdout) as { edges: { from: string; to: string }[] };
  assert.ok(
    graph.edges.some((e) => e.from === 'train' && e.to === 'sub/dvc.yaml:report'),
    json.stdout,
  );
  const fromSub = await runCli(['dag', 'sub'], dir);
  assert.equal(fromSub.stdout, 'strict digraph {\n"report";\n}\n');
});

test('a cycle is drawn, named on stderr, and exits 1', async () => {
  const dir = folder({
    'dvc.yaml':
      'stages:\n  a:\n    cmd: x\n    deps: [b.txt]\n    outs: [a.txt]\n  b:\n    cmd: y\n    deps: [a.txt]\n    outs: [b.txt]\n',
  });
  const r = await runCli(['dag'], dir);
  assert.equal(r.code, 1);
  assert.deepEqual(dotEdges(r.stdout), ['"a" -> "b";', '"b" -> "a";']);
  assert.match(r.stderr, /dependency cycle a → b → a/);
});

test('a broken pipeline still draws what loaded, says so, and exits 1; a bad option exits 2', async () => {
  const dir = folder({ 'dvc.yaml': 'stages:\n  a:\n    cmd: x\n    cmd: y\n' });
  const r = await runCli(['dag'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /dvc\.yaml has \d+ errors?; its graph may be incomplete/);
  const bad = await runCli(['dag', '--format', 'svg'], dir);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, '');
});
