// Reading the tail of a growing text file (stage logs) without cutting a UTF-8 character in two.
import * as fs from 'node:fs';
import type { LogChunk } from '../types';

/** The file's text from byte `offset` to its end, less a character still being written; a missing file is empty. */
export async function readUtf8From(file: string, offset: number): Promise<LogChunk> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of fs.createReadStream(file, { start: offset })) chunks.push(chunk as Buffer);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', nextOffset: offset };
    throw err;
  }
  const buf = Buffer.concat(chunks);
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
