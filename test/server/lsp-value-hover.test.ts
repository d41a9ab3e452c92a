// Hover on a value in a metrics file or params.yaml over the protocol: the change against HEAD, with the numbers
// `dvc metrics diff --json` / `dvc params diff --json` give on the same repository (real DVC, real git), unsaved
// editor text counted as the working copy, and nothing for files DVC does not track.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { execFileSync } from 'node:child_process';
import { cursor, LspClient } from './lsp-client';
import { dvc, dvcRepo } from '../support/runner-workspace';

const PIPELINE = `stages:
  train:
    cmd: python train.py
    params:
      - train.lr
      - train.layers
    metrics:
      - metrics.json:
          cache: false
`;
const METRICS_HEAD = '{\n  "acc": 0.81,\n  "loss": 0.5,\n  "eval": {"f1": 0.7, "auc": 0.9}\n}\n';
const METRICS_NOW = '{\n  "acc": 0.845,\n  "loss": 0.5,\n  "eval": {"f1": 0.75, "auc": 0.93},\n  "epochs": 3\n}\n';
const PARAMS_HEAD = 'train:\n  lr: 0.01\n  layers: [64, 32]\n  optimizer: adam\n';
const PARAMS_NOW = 'train:\n  lr: 0.003\n  layers: [128, 32]\n  optimizer: sgd\n';

let lsp: LspClient;
let root: string;

before(async () => {
  root = dvcRepo(
    { 'dvc.yaml': PIPELINE, 'metrics.json': METRICS_HEAD, 'params.yaml': PARAMS_HEAD, 'other.json': '{"acc": 1}\n' },
    'mlops-value-hover-',
  );
  // The metrics change on disk; params.yaml only in the editor's unsaved buffer (written to disk below only for DVC).
  writeFileSync(join(root, 'metrics.json'), METRICS_NOW);
  lsp = await LspClient.start([root]);
});
after(() => lsp.stop());

async function hoverAt(rel: string, marked: string, languageId: string): Promise<string | undefined> {
  const { text, position } = cursor(marked);
  const file = join(root, rel);
  await lsp.open(file, text, languageId);
  const h = await lsp.request<Hover | null>('textDocument/hover', file, position);
  return (h?.contents as { value: string } | undefined)?.value;
}

/** A number as DVC's diff table prints it (5 digits), which the hover follows. */
const table = (x: number): string => String(Number(x.toFixed(5)));

type DvcDiff = Record<string, Record<string, { old: unknown; new: unknown; diff?: number }>>;

test("a metric's hover gives HEAD's value, the working copy's and the change dvc metrics diff computes", async () => {
  const dvcDiff = JSON.parse(dvc(root, 'metrics', 'diff', '--json')) as DvcDiff;
  const acc = dvcDiff['metrics.json']?.acc;
  assert.ok(acc?.diff !== undefined, 'dvc sees the accuracy change');
  const shown = await hoverAt('metrics.json', METRICS_NOW.replace('"acc"', '"a<|>cc"'), 'json');
  assert.equal(shown, `**Metric \`acc\`**: \`${acc.old}\` at HEAD → \`${acc.new}\` now (+${table(acc.diff)})`);

  // A value on the same line as another: the key the cursor is after wins.
  const auc = dvcDiff['metrics.json']?.['eval.auc'];
  const onValue = await hoverAt('metrics.json', METRICS_NOW.replace('"auc": 0.93', '"auc": 0.<|>93'), 'json');
  assert.match(
    onValue ?? '',
    new RegExp(`^\\*\\*Metric \`eval\\.auc\`\\*\\*: \`${auc?.old}\` at HEAD → \`${auc?.new}\``),
  );

  assert.equal(
    await hoverAt('metrics.json', METRICS_NOW.replace('"loss"', '"lo<|>ss"'), 'json'),
    '**Metric `loss`**: `0.5`, unchanged since HEAD',
  );
  assert.equal(
    await hoverAt('metrics.json', METRICS_NOW.replace('"epochs"', '"ep<|>ochs"'), 'json'),
    '**Metric `epochs`**: `3`, new since HEAD',
  );
  const section = await hoverAt('metrics.json', METRICS_NOW.replace('"eval"', '"ev<|>al"'), 'json');
  assert.equal(section?.split('\n')[0], '**Metrics under `eval`**: 2 of 2 changed since HEAD');
});

test("a param's hover counts the editor's unsaved text and agrees with dvc params diff", async () => {
  writeFileSync(join(root, 'params.yaml'), PARAMS_NOW);
  const dvcDiff = JSON.parse(dvc(root, 'params', 'diff', '--json')) as DvcDiff;
  writeFileSync(join(root, 'params.yaml'), PARAMS_HEAD);
  const lr = dvcDiff['params.yaml']?.['train.lr'];
  assert.ok(lr?.diff !== undefined);
  assert.equal(
    await hoverAt('params.yaml', PARAMS_NOW.replace('lr: 0.003', 'lr: 0.0<|>03'), 'yaml'),
    `**Param \`train.lr\`**: \`${lr.old}\` at HEAD → \`${lr.new}\` now (${table(lr.diff)})`,
  );
  // A list is one value to DVC: an item's hover speaks of the list.
  const layers = dvcDiff['params.yaml']?.['train.layers'];
  assert.equal(
    await hoverAt('params.yaml', PARAMS_NOW.replace('[128', '[1<|>28'), 'yaml'),
    `**Param \`train.layers\`**: \`${layers?.old}\` at HEAD → \`${layers?.new}\` now`,
  );
  // params.yaml is tracked whole (DVC's default params file), so an untracked-by-stage key still counts.
  assert.match(
    (await hoverAt('params.yaml', PARAMS_NOW.replace('optimizer', 'opti<|>mizer'), 'yaml')) ?? '',
    /`adam` at HEAD → `sgd` now$/,
  );
});

test('a file DVC does not track as metrics or params has no hover', async () => {
  assert.equal(await hoverAt('other.json', '{"a<|>cc": 1}\n', 'json'), undefined);
});

test('in an untrusted workspace the server runs no git (the hover answers nothing) until the client grants trust', async () => {
  // A `git` first on PATH that logs each call before running the real one: the only way to see that none is made.
  const bin = mkdtempSync(join(tmpdir(), 'mlops-git-spy-'));
  const calls = join(bin, 'calls.log');
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${calls}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  const path = process.env.PATH;
  process.env.PATH = `${bin}${delimiter}${path ?? ''}`;
  let untrusted: LspClient;
  try {
    untrusted = await LspClient.start([root], {}, false);
  } finally {
    process.env.PATH = path;
  }
  try {
    const { text, position } = cursor(METRICS_NOW.replace('"acc"', '"a<|>cc"'));
    const file = join(root, 'metrics.json');
    await untrusted.open(file, text, 'json');
    assert.equal(await untrusted.request<Hover | null>('textDocument/hover', file, position), null);
    assert.equal(existsSync(calls), false, 'no git run in an untrusted workspace');

    await untrusted.connection.sendNotification('mlops/workspaceTrusted');
    const trusted = await untrusted.request<Hover | null>('textDocument/hover', file, position);
    assert.match((trusted?.contents as { value: string } | undefined)?.value ?? '', /at HEAD →/);
    assert.match(readFileSync(calls, 'utf8'), /rev-parse/, 'trusted: git runs, through the same PATH');
  } finally {
    await untrusted.stop();
  }
});
