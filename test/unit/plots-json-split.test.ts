// `plots diff --json` written by two threads (core/plots/json-split.ts): whether the parse thread writes its
// blocks, is stopped before or while writing, or has its blocks taken back, the document is
// byte for byte the one dvcJson writes on one thread — plain and quoted CSV, TSV, JSON lists, x from another file,
// `step` and inferred y, whole floats, several plots and revisions, pieces ending between rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PlotsResult, VegaPlot } from '../../src/core/plots/collect';
import { type DataDocument, parseDataFile } from '../../src/core/plots/data-files';
import { flatDatapoints } from '../../src/core/plots/datapoints';
import type { PlotProps } from '../../src/core/plots/definitions';
import { dvcJson, dvcJsonParts } from '../../src/core/plots/dvc-json';
import { type JsonPiece, pieceText } from '../../src/core/plots/json-pieces';
import { splitJson } from '../../src/core/plots/json-split';
import { ParseThread } from '../../src/core/plots/parse-thread';
import { datapointsOf, type RowSource } from '../../src/core/plots/row-source';

const rows = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('');

const FILES: Record<string, string> = {
  'loss.csv': `step,loss\n${rows(3000, (i) => `${i},${1 / (i + 1)}\n`)}`,
  'acc.tsv': `acc\n${rows(3000, (i) => `${i / 3000}\n`)}`,
  'quoted.csv': `a,b\n${rows(500, (i) => `"x, ${i}",${i}\n`)}`,
  'roc.json': JSON.stringify({ roc: Array.from({ length: 4000 }, (_, i) => ({ fpr: i / 4000, tpr: i / 3000 })) }),
  // Whole floats stay floats in --json: rows that gain fields inside are written from Python's values.
  'floats.json': `{"r": [${rows(2000, (i) => `${i > 0 ? ',' : ''}{"a": ${i}.0, "b": ${i % 7}.5e3}`)}]}`,
};

const PLOTS: [string, PlotProps][] = [
  ['roc.json', { x: 'fpr', y: 'tpr' }],
  ['loss.csv', {}],
  ['acc', { x: { 'acc.tsv': 'acc' }, y: { 'loss.csv': 'loss' } }],
  ['two', { y: { 'loss.csv': 'loss', 'acc.tsv': 'acc' } }],
  ['quoted.csv', { x: 'b', y: 'a' }],
  ['floats.json', { y: ['a', 'b'] }],
];

/** Each revision's files parsed on `thread` (or here), and the plots built from them as collect.ts builds them. */
async function plotsOn(thread: ParseThread | undefined): Promise<PlotsResult> {
  const plots = new Map<string, VegaPlot>();
  for (const revision of ['workspace', 'HEAD']) {
    const sources = new Map<string, RowSource>();
    const documents = new Map<string, DataDocument>();
    for (const [file, text] of Object.entries(FILES)) {
      const bytes = Buffer.from(revision === 'HEAD' ? text.replaceAll('1', '2') : text);
      const parsed = thread ? await thread.parse(file, bytes, true, true) : parseDataFile(file, bytes, true, true);
      assert.ok(parsed.ok, file);
      sources.set(file, datapointsOf(parsed.content));
      if (parsed.content.kind === 'document') documents.set(file, parsed.content);
    }
    for (const [id, props] of PLOTS) {
      const flat = flatDatapoints(id, props, sources, revision, documents);
      assert.ok(flat, id);
      const plot = plots.get(id);
      if (plot) {
        plot.revisions.push(revision);
        plot.blocks = [...plot.blocks, ...flat.blocks];
        // dvcJson reads a plot's kind, id, revisions, anchor definitions and blocks alone.
      } else
        plots.set(id, {
          kind: 'vega',
          id,
          revisions: [revision],
          blocks: flat.blocks,
          anchorDefinitions: {},
        } as unknown as VegaPlot);
    }
  }
  return { plots: [...plots.values()], errors: [] };
}

async function text(pieces: AsyncIterable<JsonPiece> | Iterable<JsonPiece>): Promise<string> {
  // Each piece read before the next is made (a piece's bytes may be reused after that).
  let all = '';
  for await (const piece of pieces) all += pieceText(piece);
  return all;
}

const expected = plotsOn(undefined).then((result) => text(dvcJson(result, '/nonexistent')));

test('rows written on the thread and here make the document dvcJson writes', async () => {
  const thread = new ParseThread();
  try {
    const result = await plotsOn(thread);
    const blocks = result.plots.flatMap((p) => (p.kind === 'vega' ? p.blocks : []));
    assert.ok(blocks.filter((b) => thread.holds(b)).length >= 8, 'the thread holds the blocks of every file');
    assert.equal(await text(splitJson(dvcJsonParts(result, '/nonexistent'), thread, 4096)), await expected);
  } finally {
    thread.close();
  }
});

test('a thread stopped before or while writing leaves the rest of the rows to this thread, in place', async () => {
  for (const after of [0, 1, 3]) {
    const thread = new ParseThread();
    const result = await plotsOn(thread);
    let seen = 0;
    const pieces = splitJson(dvcJsonParts(result, '/nonexistent'), thread, 4096);
    let all = '';
    for await (const piece of pieces) {
      if (seen++ === after) thread.close();
      all += pieceText(piece);
    }
    assert.equal(all, await expected, `stopped after ${after} pieces`);
  }
});

test("blocks that are all the thread's give the same document, whichever thread ends up writing each", async () => {
  const thread = new ParseThread();
  try {
    const result = await plotsOn(thread);
    // This thread has no block of its own to make ahead: it takes back each block the thread has not begun.
    const onlyShared: PlotsResult = {
      ...result,
      plots: result.plots.filter((p) => p.kind === 'vega' && p.blocks.every((b) => thread.holds(b))),
    };
    const want = await text(dvcJson(onlyShared, '/nonexistent'));
    assert.equal(await text(splitJson(dvcJsonParts(onlyShared, '/nonexistent'), thread, 4096)), want);
  } finally {
    thread.close();
  }
});
