// Reading a stage log from an offset while the stage may still be writing it: every whole character is returned,
// a character cut by the writer is held back until its last byte is on disk, and the next read carries on from
// exactly where this one stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readUtf8From } from '../../src/core/tracking/local/text';

const dir = fs.mkdtempSync(join(tmpdir(), 'mlops-text-'));
let n = 0;
function fileWith(bytes: Buffer): string {
  const f = join(dir, `log-${n++}`);
  fs.writeFileSync(f, bytes);
  return f;
}

// One character for each UTF-8 length and for each lead byte at the edge of its range (0xe0 and 0xf0 start the
// 3- and 4-byte forms).
const CHARS = ['a', 'é', 'ࢠ', '✓', '𐍈', '😀'];

test('a character cut after any of its bytes is held back, and read whole once the rest is written', async () => {
  for (const ch of CHARS) {
    const bytes = Buffer.from(`ab${ch}`, 'utf8');
    for (let cut = 2; cut <= bytes.length; cut++) {
      const file = fileWith(bytes.subarray(0, cut));
      const first = await readUtf8From(file, 0);
      const whole = cut === bytes.length;
      assert.deepEqual(
        first,
        whole ? { text: `ab${ch}`, nextOffset: bytes.length } : { text: 'ab', nextOffset: 2 },
        `${ch} cut at ${cut}`,
      );
      fs.appendFileSync(file, bytes.subarray(cut));
      assert.deepEqual(
        await readUtf8From(file, first.nextOffset),
        whole ? { text: '', nextOffset: bytes.length } : { text: ch, nextOffset: bytes.length },
      );
    }
  }
});

test('a cut character alone in what is read (the first bytes after the offset) reads as nothing yet', async () => {
  for (const ch of CHARS.slice(1)) {
    const bytes = Buffer.from(ch, 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      assert.deepEqual(
        await readUtf8From(fileWith(bytes.subarray(0, cut)), 0),
        { text: '', nextOffset: 0 },
        `${ch} cut at ${cut}`,
      );
    }
  }
});

test('reading from an offset returns only what follows it, up to the end of the file', async () => {
  const file = fileWith(Buffer.from('epoch 1\népoch 2 ✓\n', 'utf8'));
  assert.deepEqual(await readUtf8From(file, 8), {
    text: 'époch 2 ✓\n',
    nextOffset: Buffer.byteLength('epoch 1\népoch 2 ✓\n'),
  });
  const size = fs.statSync(file).size;
  assert.deepEqual(await readUtf8From(file, size), { text: '', nextOffset: size });
  const big = fileWith(Buffer.from('x'.repeat(300_000) + 'end', 'utf8'));
  assert.deepEqual(await readUtf8From(big, 299_999), { text: 'xend', nextOffset: 300_003 });
});

test('a missing log reads as empty at the same offset; a log that cannot be read is an error, not empty', async () => {
  assert.deepEqual(await readUtf8From(join(dir, 'none'), 12), { text: '', nextOffset: 12 });
  await assert.rejects(readUtf8From(dir, 0), (err: NodeJS.ErrnoException) => err.code === 'EISDIR');
});
