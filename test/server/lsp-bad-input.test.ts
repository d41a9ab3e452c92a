// Bad input gets diagnostics, never a dead server: a 5 MB YAML, a binary file named dvc.yaml, a params file
// that does not parse, a document outside every workspace folder.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient, workspace } from './lsp-client';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../src/core/pipeline/validate';

const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

async function start(roots: string[]): Promise<LspClient> {
  const c = await LspClient.start(roots);
  clients.push(c);
  return c;
}

/** The server still answers requests. */
async function answers(lsp: LspClient, file: string): Promise<void> {
  await lsp.request<Hover | null>('textDocument/hover', file, { line: 0, character: 1 });
  assert.ok(lsp.alive);
}

test('a 5 MB dvc.yaml with an error near the end is validated, opened and edited', async () => {
  const stages: string[] = ['stages:'];
  for (let i = 0, size = 0; size < 5_000_000; i++) {
    const stage = `  s${i}:\n    cmd: python step.py --index ${i} --note ${'x'.repeat(60)}\n    outs:\n      - out/${i}.bin`;
    stages.push(stage);
    size += stage.length + 1;
  }
  stages.push('  last:\n    cmd: echo\n    nonsense: 1\n');
  const text = stages.join('\n');
  const root = workspace({ 'dvc.yaml': text });
  const lsp = await start([root]);
  const file = join(root, 'dvc.yaml');
  const lastLine = text.split('\n').length - 2;
  const ds = await lsp.diagnostics(file);
  assert.deepEqual(
    ds.map((d) => [d.code, d.range.start.line]),
    [['unknown-key', lastLine]],
  );
  await lsp.open(file, text);
  const v = await lsp.change(file, text.replace('    nonsense: 1\n', '    nonsense: 1\n    frozen: 7\n'));
  const edited = await lsp.diagnostics(file, (_d, version) => version === v);
  assert.deepEqual(
    edited.map((d) => d.code),
    ['unknown-key', 'invalid-type'],
  );
  await answers(lsp, file);
});

/** Bytes that look random but are the same on every run (xorshift32 from a fixed seed): a failure can be replayed. */
function noise(size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = 0x9e3779b9;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

test('a binary file named dvc.yaml gets syntax diagnostics (a bounded number) and the server goes on', async () => {
  const bytes = Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0x7f]), noise(64 * 1024)]);
  const root = workspace({ 'dvc.yaml': bytes, 'ok/dvc.yaml': 'stages:\n  a:\n    cmd: x\n' });
  const lsp = await start([root]);
  const ds = await lsp.diagnostics(join(root, 'dvc.yaml'), (d) => d.length > 0);
  assert.ok(
    ds.every((d: Diagnostic) => d.code === 'yaml-syntax' || d.code === 'invalid-type' || d.code === 'unknown-key'),
    JSON.stringify(ds.map((d) => d.code)),
  );
  assert.ok(ds.length <= MAX_DIAGNOSTICS_PER_FILE, `${ds.length} diagnostics`);
  assert.deepEqual(await lsp.diagnostics(join(root, 'ok', 'dvc.yaml')), []);
  await answers(lsp, join(root, 'dvc.yaml'));
});

test('an invalid params file: reported in dvc.yaml and in the params file itself', async () => {
  const root = workspace({
    'dvc.yaml': 'stages:\n  a:\n    cmd: x\n    params:\n      - conf.json:\n          - lr\n',
    'conf.json': '{"lr": 0.1,,}\n',
  });
  const lsp = await start([root]);
  const inPipeline = await lsp.diagnostics(join(root, 'dvc.yaml'), (d) => d.length > 0);
  assert.deepEqual(
    inPipeline.map((d) => [d.code, d.range.start.line]),
    [['invalid-params-file', 4]],
  );
  assert.deepEqual(
    inPipeline[0]?.relatedInformation?.map((r) => r.location.uri.endsWith('/conf.json')),
    [true],
  );
  const inParams = await lsp.diagnostics(join(root, 'conf.json'), (d) => d.length > 0);
  assert.deepEqual(
    inParams.map((d) => [d.code, d.range.start.line]),
    [['invalid-params-file', 0]],
  );
  await answers(lsp, join(root, 'dvc.yaml'));
});

test('a dvc.yaml opened outside every workspace folder, and requests on files we do not serve', async () => {
  const root = workspace({});
  const elsewhere = workspace({});
  const lsp = await start([root]);
  const file = join(elsewhere, 'dvc.yaml');
  await lsp.open(file, 'stages:\n  a:\n    cmd: [1, 2\n');
  const ds = await lsp.diagnostics(file, (d) => d.length > 0);
  assert.ok(
    ds.some((d) => d.code === 'yaml-syntax'),
    JSON.stringify(ds.map((d) => d.code)),
  );
  const other = join(elsewhere, 'notes.json');
  await lsp.open(other, '{', 'json');
  assert.equal(await lsp.request<Hover | null>('textDocument/hover', other, { line: 0, character: 0 }), null);
  assert.ok(lsp.alive);
});

test('a params.yaml linked to /dev/zero and a FIFO named dvc.lock: the file is named, the other pipelines are checked', async () => {
  const root = workspace({
    'a/dvc.yaml': 'stages:\n  a:\n    cmd: echo ${lr}\n',
    'b/dvc.yaml': 'stages:\n  b:\n    cmd: echo\n    nonsense: 1\n',
  });
  symlinkSync('/dev/zero', join(root, 'a', 'params.yaml'));
  execFileSync('mkfifo', [join(root, 'b', 'dvc.lock')]);
  const lsp = await start([root]);
  const a = await lsp.diagnostics(join(root, 'a', 'dvc.yaml'), (d) => d.length > 0);
  assert.ok(
    a.some((d) => d.code === 'invalid-vars-file' && String(d.message).includes('params.yaml is not a regular file')),
    JSON.stringify(a.map((d) => d.message)),
  );
  const b = await lsp.diagnostics(join(root, 'b', 'dvc.yaml'), (d) => d.length > 0);
  assert.deepEqual(
    b.map((d) => d.code),
    ['unknown-key'],
  );
  await answers(lsp, join(root, 'a', 'dvc.yaml'));
});

test('a 5,000-level mapping, a 1e10-stage matrix and 3,000 nested [ beside a good pipeline: each its own error', async () => {
  let deep = 'stages:\n  a:\n    cmd: echo\n    meta:\n';
  for (let i = 0; i < 5000; i++) deep += `${' '.repeat(6 + i)}k${i}:\n`;
  const axis = `[${Array.from({ length: 100 }, (_, i) => i).join(', ')}]`;
  const root = workspace({
    'deep/dvc.yaml': `${deep}${' '.repeat(5006)}x: 1\n`,
    'matrix/dvc.yaml': `stages:\n  big:\n    matrix:\n${'abcde'
      .split('')
      .map((k) => `      ${k}: ${axis}\n`)
      .join('')}    cmd: echo\n`,
    'flow/dvc.yaml': `stages:\n  a:\n    cmd: ${'['.repeat(3000)}\n`,
    'good/dvc.yaml': 'stages:\n  b:\n    cmd: echo\n    nonsense: 1\n',
  });
  const lsp = await start([root]);
  const codesOf = async (dir: string) =>
    (await lsp.diagnostics(join(root, dir, 'dvc.yaml'), (d) => d.length > 0)).map((d) => d.code);
  assert.deepEqual(await codesOf('deep'), ['too-deep']);
  assert.deepEqual(await codesOf('matrix'), ['too-many-stages']);
  assert.deepEqual(await codesOf('flow'), ['too-deep']);
  assert.deepEqual(await codesOf('good'), ['unknown-key']);
  await answers(lsp, join(root, 'good', 'dvc.yaml'));
});

test('a dvc.yaml linked out of the workspace (/proc/self/environ in CI): one outside-project error, nothing of it quoted', async () => {
  const outside = workspace({ environ: 'PATH=/usr/bin\0AWS_SECRET_ACCESS_KEY=abc123xyz\0' });
  const root = workspace({ 'ok/dvc.yaml': 'stages:\n  a:\n    cmd: echo\n', '.git/HEAD': 'ref: refs/heads/main\n' });
  symlinkSync(join(outside, 'environ'), join(root, 'dvc.yaml'));
  const lsp = await start([root]);
  const ds = await lsp.diagnostics(join(root, 'dvc.yaml'), (d) => d.length > 0);
  assert.deepEqual(
    ds.map((d) => d.code),
    ['outside-project'],
  );
  assert.doesNotMatch(JSON.stringify(ds), /abc123xyz|AWS_SECRET|PATH=/);
  assert.deepEqual(await lsp.diagnostics(join(root, 'ok', 'dvc.yaml')), []);
});
