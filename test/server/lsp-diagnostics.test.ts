// Diagnostics over the protocol: as the user types, across files (params, data files), tuned by settings
// and suppression comments, in multi-root workspaces and monorepos.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, workspace } from './lsp-client';

const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

async function start(roots: string[], settings: Record<string, unknown> = {}): Promise<LspClient> {
  const c = await LspClient.start(roots, settings);
  clients.push(c);
  return c;
}

const brief = (ds: Diagnostic[]) =>
  ds.map((d) => ({ code: d.code, line: d.range.start.line, character: d.range.start.character, severity: d.severity }));
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

const PIPELINE =
  'stages:\n  train:\n    cmd: python train.py ${train.lr}\n    deps:\n      - data/raw.csv\n    params:\n      - train.lr\n    outs:\n      - model.pkl\n';

test('every dvc.yaml of the workspace gets diagnostics at start; typing updates them for that version', async () => {
  const root = workspace({ 'dvc.yaml': PIPELINE, 'params.yaml': 'train:\n  lr: 0.1\n', 'data/raw.csv': 'x\n' });
  const lsp = await start([root]);
  const file = join(root, 'dvc.yaml');
  assert.deepEqual(await lsp.diagnostics(file), []);
  await lsp.open(file, PIPELINE);
  const v = await lsp.change(file, PIPELINE.replace('    outs:', '    bogus: 1\n    outs:'));
  const ds = await lsp.diagnostics(file, (_d, version) => version === v);
  assert.deepEqual(brief(ds), [{ code: 'unknown-key', line: 7, character: 4, severity: 1 }]);
  assert.equal(ds[0]?.source, 'mlops');
  assert.match(String(ds[0]?.message), /Unknown key `bogus`/);
});

test('editing params.yaml (unsaved) and creating a data file on disk update dvc.yaml', async () => {
  const root = workspace({ 'dvc.yaml': PIPELINE, 'params.yaml': 'train:\n  lr: 0.1\n' });
  const lsp = await start([root]);
  const file = join(root, 'dvc.yaml');
  const params = join(root, 'params.yaml');
  assert.deepEqual(brief(await lsp.diagnostics(file)), [
    { code: 'missing-dependency', line: 4, character: 8, severity: 1 },
  ]);

  let mark = lsp.mark;
  await lsp.open(params, 'train:\n  rate: 0.1\n');
  const broken = await lsp.diagnostics(file, (d) => d.length === 3, mark);
  assert.deepEqual(codes(broken), ['undefined-variable', 'missing-dependency', 'undefined-param']);

  mark = lsp.mark;
  await lsp.change(params, 'train:\n  lr: 0.2\n');
  assert.deepEqual(codes(await lsp.diagnostics(file, (d) => d.length === 1, mark)), ['missing-dependency']);

  mark = lsp.mark;
  const dataFile = join(root, 'data', 'raw.csv');
  mkdirSync(join(root, 'data'));
  writeFileSync(dataFile, 'x\n');
  await lsp.filesChanged([{ path: dataFile, type: 1 }]);
  assert.deepEqual(await lsp.diagnostics(file, (d) => d.length === 0, mark), []);

  mark = lsp.mark;
  rmSync(dataFile);
  await lsp.filesChanged([{ path: dataFile, type: 3 }]);
  assert.deepEqual(codes(await lsp.diagnostics(file, (d) => d.length === 1, mark)), ['missing-dependency']);
});

test('settings change severities or turn codes off; a suppression comment silences one line', async () => {
  const text =
    'stages:\n  a:\n    cmd: x\n    bogus: 1\n    # mlops-disable-next-line unknown-key\n    other: 2\n    deps:\n      - nope.csv\n';
  const root = workspace({ 'dvc.yaml': text });
  const lsp = await start([root], {
    diagnostics: { severity: { 'missing-dependency': 'hint', 'unknown-key': 'warning' } },
  });
  const file = join(root, 'dvc.yaml');
  const tuned = await lsp.diagnostics(file, (d) => d.some((x) => x.severity === 4));
  assert.deepEqual(brief(tuned), [
    { code: 'unknown-key', line: 3, character: 4, severity: 2 },
    { code: 'missing-dependency', line: 7, character: 8, severity: 4 },
  ]);
  const mark = lsp.mark;
  lsp.configuration.mlops = {
    diagnostics: { severity: { 'missing-dependency': 'off', 'unknown-key': 'bogus-level' } },
  };
  await lsp.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  assert.deepEqual(brief(await lsp.diagnostics(file, (d) => d.length === 1, mark)), [
    { code: 'unknown-key', line: 3, character: 4, severity: 1 },
  ]);
});

test('multi-root and monorepo: each folder validated, outputs of one dvc.yaml feed another in the same folder', async () => {
  // A monorepo is one git repository: its root is the project both pipelines write inside (outside-project).
  const mono = workspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'prep/dvc.yaml': 'stages:\n  prep:\n    cmd: x\n    outs:\n      - ../shared/clean.csv\n',
    'train/dvc.yaml':
      'stages:\n  train:\n    cmd: y\n    deps:\n      - ../shared/clean.csv\n      - ../shared/other.csv\n',
  });
  const other = workspace({ 'dvc.yaml': 'stages:\n  s:\n    cmd: z\n    wat: 1\n' });
  const lsp = await start([mono, other]);
  assert.deepEqual(brief(await lsp.diagnostics(join(mono, 'train', 'dvc.yaml'))), [
    { code: 'missing-dependency', line: 5, character: 8, severity: 1 },
  ]);
  assert.deepEqual(await lsp.diagnostics(join(mono, 'prep', 'dvc.yaml')), []);
  assert.deepEqual(codes(await lsp.diagnostics(join(other, 'dvc.yaml'))), ['unknown-key']);
});
