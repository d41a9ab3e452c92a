// Reading the tail of a growing text file (stage logs) without cutting a UTF-8 character in two.
import * as fs from 'node:fs';
import type { LogChunk } from '../types';

export async function readUtf8From(file: string, offset: number): Promise<LogChunk> {
  let buf: Buffer;
  try {
    const fh = await fs.promises.open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      buf = Buffer.alloc(Math.max(0, size - offset));
      let got = 0;
      while (got < buf.length) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      buf = buf.subarray(0, got);
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', nextOffset: offset };
    throw err;
  }
  const whole = completeUtf8Length(buf);
  return { text: buf.toString('utf8', 0, whole), nextOffset: offset + whole };
}

/** Length of `buf` without a trailing, still incomplete, multi-byte UTF-8 sequence. */
function completeUtf8Length(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back]!;
    if ((b & 0xc0) !== 0x80) {
      // a lead byte: how long its sequence should be
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      return need > back ? buf.length - back : buf.length;
    }
  }
  return buf.length;
}
