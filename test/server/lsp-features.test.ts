// Completion, hover, definition, references, code actions, symbols, folding and links over the protocol,
// with `<|>` cursor markers in the fixture text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
} from 'vscode-languageserver-protocol';
import { cursor, LspClient, uri, workspace } from './lsp-client';

const PIPELINE = `stages:
  prepare:
    cmd: python prep.py
    deps:
      - raw.csv
    outs:
      - clean.csv
  train:
    foreach: [us, eu]
    do:
      cmd: python train.py --lr \${train.lr} --region \${item}
      deps:
        - clean.csv
      params:
        - train.lr
      outs:
        - model-\${item}.pkl
`;

let lsp: LspClient;
let root: string;
let file: string;

before(async () => {
  root = workspace({
    'dvc.yaml': PIPELINE,
    'params.yaml': 'train:\n  lr: 0.01\n  epochs: 3\n',
    'raw.csv': 'a\n',
    'src/prep.py': '',
  });
  file = join(root, 'dvc.yaml');
  lsp = await LspClient.start([root]);
  await lsp.open(file, PIPELINE);
});
after(() => lsp.stop());

/** Puts the document's text (with a cursor marker) in the editor and returns the cursor position. */
async function edit(marked: string) {
  const { text, position } = cursor(marked);
  await lsp.change(file, text);
  return position;
}

const range = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});

test('completion: keys valid in a stage with their documentation', async () => {
  const position = await edit(PIPELINE.replace('    deps:\n      - raw.csv', '    fro<|>\n    deps:\n      - raw.csv'));
  const items = await lsp.request<CompletionItem[]>('textDocument/completion', file, position);
  const frozen = items.find((i) => i.label === 'frozen');
  assert.deepEqual(frozen?.textEdit, { range: range(3, 4, 3, 7), newText: 'frozen: ' });
  assert.equal(frozen?.detail, '`true` or `false`');
  assert.match((frozen?.documentation as { value: string }).value, /dvc repro/);
  assert.equal(
    items.some((i) => i.label === 'cmd'),
    false,
    'cmd is already there',
  );
});

test("completion: params keys, `${}` variables, and other stages' outputs in deps", async () => {
  let position = await edit(PIPELINE.replace('        - train.lr', '        - train.lr\n        - <|>'));
  let labels = (await lsp.request<CompletionItem[]>('textDocument/completion', file, position)).map((i) => i.label);
  assert.deepEqual(labels, ['train', 'train.lr', 'train.epochs']);

  position = await edit(PIPELINE.replace('--lr ${train.lr}', '--lr ${train.<|>'));
  labels = (await lsp.request<CompletionItem[]>('textDocument/completion', file, position)).map((i) => i.label);
  assert.deepEqual(labels, ['lr', 'epochs']);

  position = await edit(PIPELINE.replace('        - clean.csv', '        - <|>'));
  const items = await lsp.request<CompletionItem[]>('textDocument/completion', file, position);
  assert.deepEqual(
    items.map((i) => [i.label, i.detail ?? '']),
    [
      ['dvc.yaml', ''],
      ['params.yaml', ''],
      ['raw.csv', ''],
      ['src/', ''],
      ['clean.csv', 'output of stage prepare'],
    ],
  );
});

test("hover: a param's value, an interpolation's value, a stage's picture", async () => {
  let position = await edit(PIPELINE.replace('--lr ${train.lr}', '--lr ${train.<|>lr}'));
  let h = await lsp.request<Hover>('textDocument/hover', file, position);
  assert.deepEqual(h.contents, {
    kind: 'markdown',
    value: '`${train.lr}` = `0.01`\n\nDefined in `params.yaml` line 2.',
  });

  position = await edit(PIPELINE.replace('  prepare:', '  prep<|>are:'));
  h = await lsp.request<Hover>('textDocument/hover', file, position);
  assert.equal(
    (h.contents as { value: string }).value,
    [
      '**Stage `prepare`**',
      '```sh\npython prep.py\n```',
      'Inputs: `raw.csv`',
      'Outputs: `clean.csv`',
      'Upstream: none',
      'Downstream: stage `train@us`, stage `train@eu`',
    ].join('\n\n'),
  );
});

test('definition and references: dep → producing stage, param → params file, stage → consumers', async () => {
  let position = await edit(PIPELINE.replace('        - clean.csv', '        - cle<|>an.csv'));
  assert.deepEqual(await lsp.request<Location[]>('textDocument/definition', file, position), [
    { uri: uri(file), range: range(1, 2, 1, 9) },
  ]);

  position = await edit(PIPELINE.replace('        - train.lr', '        - train.<|>lr'));
  assert.deepEqual(await lsp.request<Location[]>('textDocument/definition', file, position), [
    { uri: uri(join(root, 'params.yaml')), range: range(1, 2, 1, 4) },
  ]);

  position = await edit(PIPELINE.replace('  prepare:', '  pre<|>pare:'));
  const refs = await lsp.request<Location[]>('textDocument/references', file, position, {
    context: { includeDeclaration: false },
  });
  assert.deepEqual(refs, [{ uri: uri(file), range: range(12, 10, 12, 19) }]);
});

test("code actions: the core's did-you-mean fix and the suppression comment", async () => {
  const text = PIPELINE.replace('    cmd: python prep.py', '    cmd: python prep.py\n    frozn: true');
  const version = await lsp.change(file, text);
  const ds = await lsp.diagnostics(file, (_d, v) => v === version);
  const unknown = ds.find((d) => d.code === 'unknown-key') as Diagnostic;
  assert.deepEqual(unknown.range, range(3, 4, 3, 9));
  const actions = await lsp.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: unknown.range,
    context: { diagnostics: [unknown] },
  });
  assert.deepEqual(
    actions.map((a) => ({ title: a.title, edits: a.edit?.changes?.[uri(file)] })),
    [
      { title: 'Rename to `frozen`', edits: [{ range: range(3, 4, 3, 9), newText: 'frozen' }] },
      {
        title: 'Suppress `unknown-key` on this line',
        edits: [{ range: range(3, 0, 3, 0), newText: '    # mlops-disable-next-line unknown-key\n' }],
      },
    ],
  );
});

test('code action: a param missing from params.yaml is added to it', async () => {
  const version = await lsp.change(
    file,
    PIPELINE.replace('        - train.lr', '        - train.lr\n        - train.seed'),
  );
  const ds = await lsp.diagnostics(file, (_d, v) => v === version);
  const missing = ds.find((d) => d.code === 'undefined-param') as Diagnostic;
  assert.deepEqual(missing.range, range(15, 10, 15, 20));
  const actions = await lsp.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: uri(file) },
    range: missing.range,
    context: { diagnostics: [missing] },
  });
  const add = actions[0];
  assert.equal(add?.title, "Add 'train.seed' to params.yaml");
  assert.deepEqual(add?.edit?.changes, {
    [uri(join(root, 'params.yaml'))]: [{ range: range(3, 0, 3, 0), newText: '  seed: null\n' }],
  });
});

test('document symbols with foreach expansions, folding ranges, links to existing files', async () => {
  await lsp.change(file, PIPELINE);
  const symbols = await lsp.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', {
    textDocument: { uri: uri(file) },
  });
  const names = (s: DocumentSymbol[]): unknown =>
    s.map((x) => (x.children?.length ? { [x.name]: names(x.children) } : x.name));
  assert.deepEqual(names(symbols), [{ stages: ['prepare', { train: ['train@us', 'train@eu'] }] }]);
  const folds = await lsp.connection.sendRequest<{ startLine: number; endLine: number }[]>(
    'textDocument/foldingRange',
    { textDocument: { uri: uri(file) } },
  );
  assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]).slice(0, 3), [
    [0, 16],
    [1, 6],
    [3, 4],
  ]);
  const links = await lsp.connection.sendRequest<{ range: unknown; target: string }[]>('textDocument/documentLink', {
    textDocument: { uri: uri(file) },
  });
  assert.deepEqual(links, [{ range: range(4, 8, 4, 15), target: uri(join(root, 'raw.csv')) }]);
});
