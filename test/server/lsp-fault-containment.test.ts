// One file's analysis failing inside the language server leaves the server up and every other file diagnosed:
// the real server bundle, with an I/O error injected (inject-fault.mjs) while one dvc.yaml is checked.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, serverBundle, workspace } from './lsp-client';

let lsp: LspClient;
let root: string;

before(async () => {
  root = workspace({
    '.git/HEAD': 'ref: refs/heads/main\n',
    'bad/dvc.yaml': 'stages:\n  a:\n    cmd: echo a > INJECT-FAULT.bin\n    outs: [INJECT-FAULT.bin]\n',
    'good/dvc.yaml': 'stages:\n  b:\n    cmd: echo b > b.txt\n    outs: [b.txt]\n    nonsense: 1\n',
  });
  lsp = await LspClient.spawn(
    ['--import', pathToFileURL(join(__dirname, 'inject-fault.mjs')).href, await serverBundle(), '--stdio'],
    [root],
    { mlops: {} },
    { trusted: true },
  );
});
after(() => lsp.stop());

test('a fault in one file becomes an internal-error diagnostic on it; the other file is diagnosed as usual', async () => {
  const bad = await lsp.diagnostics(join(root, 'bad/dvc.yaml'), (d) => d.length > 0);
  assert.deepEqual(
    bad.map((d) => d.code),
    ['internal-error'],
  );
  assert.match(String(bad[0]?.message), /could not check this file: EIO: i\/o error.*Other files are still checked/);
  const good = await lsp.diagnostics(join(root, 'good/dvc.yaml'), (d) => d.length > 0);
  assert.deepEqual(
    good.map((d) => d.code),
    ['unknown-key'],
  );
});

test('the server stays up: it answers, and an edit to the healthy file is diagnosed again', async () => {
  const file = join(root, 'good/dvc.yaml');
  await lsp.open(file, 'stages:\n  b:\n    cmd: echo b > b.txt\n    outs: [b.txt]\n    nonsense: 1\n');
  const v = await lsp.change(file, 'stages:\n  b:\n    cmd: echo b > b.txt\n    outs: [b.txt]\n    frozen: 7\n');
  const edited = await lsp.diagnostics(file, (_d, version) => version === v);
  assert.deepEqual(
    edited.map((d) => d.code),
    ['invalid-type'],
  );
  await lsp.request<Hover | null>('textDocument/hover', file, { line: 1, character: 3 });
  assert.ok(lsp.alive);
});
