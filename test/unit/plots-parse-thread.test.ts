// Plot data files parsed on the parse thread (core/plots/parse-thread.ts) give what parseDataFile gives on the
// asking thread, for every kind of CSV/TSV/JSON file and every error; files the thread has not begun are taken back
// and parsed on the asking thread, a stopped thread leaves its files to the asking thread, and which files go to
// the thread follows their names and sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDataFile, type DataResult } from '../../src/core/plots/data-files';
import { ParseThread } from '../../src/core/plots/parse-thread';

const rows = (n: number, line: (i: number) => string): string => Array.from({ length: n }, (_, i) => line(i)).join('');

const FILES: [string, Buffer | string, boolean?][] = [
  ['loss.csv', `step,loss\n${rows(20_000, (i) => `${i},${1 / (i + 1)}\n`)}`],
  ['quoted.csv', 'a,b\n"x, y","say ""hi"""\n1,\n\n2,3,4\n'],
  ['no-header.csv', '1,2\n3,4\n', false],
  ['crlf.csv', 'a,b\r\n1,2\r\n3\r\n'],
  ['wide.tsv', 'a\tb\n\u00e9\t"q"\n'],
  ['roc.json', JSON.stringify({ roc: Array.from({ length: 5000 }, (_, i) => ({ fpr: i / 5000, tpr: i / 4000 })) })],
  ['nested.json', '{"a": {"b": [{"x": 1}, {"x": 2}]}, "c": [1, 2], "a": {"d": [{"y": "\\u00e9"}]}}'],
  ['deep.json', `${'['.repeat(300)}${']'.repeat(300)}`],
  ['floats.json', '{"r": [{"x": 2.0, "y": 1e20}, {"x": -0.0, "y": 3}]}'],
  ['empty.json', '{}'],
  [
    'python-roc.json',
    '{"roc": [{"fpr": 0.0, "threshold": Infinity}, {"fpr": 1.0, "threshold": NaN}, {"t": -Infinity}]}',
  ],
  ['broken.json', '{"a": [1, 2,]}'],
  ['latin1.csv', Buffer.from([0x61, 0x0a, 0xe9, 0x0a])],
];

/** A result with a document's values read (a function is compared by what it gives). */
function plain(result: DataResult): unknown {
  if (!result.ok || result.content.kind !== 'document') return result;
  return { ...result.content, value: result.content.value(), python: result.content.python() };
}

test('every CSV, TSV and JSON file parsed on the thread equals parseDataFile on this thread', async () => {
  const thread = new ParseThread();
  try {
    const parsed = await Promise.all(
      FILES.map(([file, text, header = true]) => thread.parse(file, Buffer.from(text), header, true)),
    );
    FILES.forEach(([file, text, header = true], i) => {
      assert.deepEqual(plain(parsed[i]!), plain(parseDataFile(file, Buffer.from(text), header, true)), file);
    });
  } finally {
    thread.close();
  }
});

test('files the thread has not begun are taken back and parsed here; a stopped thread leaves them here too', async () => {
  const thread = new ParseThread();
  const [file, text] = FILES[0]!;
  const expected = plain(parseDataFile(file, Buffer.from(text), true, true));
  // Asked before the thread can have started, then taken back at once: all of them are parsed here.
  const asked = [1, 2, 3].map(() => thread.parse(file, Buffer.from(text), true, true));
  thread.takeBack();
  for (const result of await Promise.all(asked)) assert.deepEqual(plain(result), expected);
  thread.close();
  assert.deepEqual(plain(await thread.parse(file, Buffer.from(text), true, true)), expected);
  assert.equal(thread.takes('a.csv', 10), false, 'a stopped thread takes nothing');
});

test('a file goes where its name went before, else to the side given fewer bytes', () => {
  const thread = new ParseThread();
  try {
    assert.equal(thread.takes('roc.json', 3000), true);
    assert.equal(thread.takes('loss.csv', 1000), false);
    assert.equal(thread.takes('more.csv', 2500), false, 'the thread was given 3000 bytes, this thread 1000');
    assert.equal(thread.takes('other.csv', 10), true, 'this thread now holds more (3500)');
    // The second revision's files follow the first's, whatever their sizes.
    assert.equal(thread.takes('roc.json', 1), true);
    assert.equal(thread.takes('loss.csv', 1_000_000), false);
  } finally {
    thread.close();
  }
});
