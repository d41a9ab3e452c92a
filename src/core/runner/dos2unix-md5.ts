// DVC 2's file hash, which DVC 3 still computes for every dvc.lock entry written without `hash: md5` (hash name
// "md5-dos2unix"; dvc_data/hashfile/hash.py `Dos2UnixHashStreamFile`, istextfile.py `istextblock`). The file is
// read in chunks of exactly 1 MiB; a chunk whose first 512 bytes look like text (no NUL byte, at most 30% of the
// bytes outside printable ASCII and \n \r \t \f \b) is hashed with each CRLF turned into LF, any other chunk as it
// is. A CRLF split across two chunks is left alone, as DVC leaves it. So a Windows checkout of a DVC 2 project
// (CRLF text) hashes to what its lock recorded on Linux.
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * How a file's bytes become its hash: DVC 3's plain `md5`, or `md5-dos2unix`, which DVC 3 computes for dvc.lock
 * entries DVC 2 wrote (no `hash: md5`).
 */
export type HashName = 'md5' | 'md5-dos2unix';

/** DVC's chunk (`fobj_md5` chunk_size) and text-sniffing block (`DEFAULT_CHUNK_SIZE`). */
const CHUNK = 1 << 20;
const SNIFF = 512;

/** Bytes `istextblock` counts as text: printable ASCII, \n \r \t \f \b. */
const TEXT = new Uint8Array(256);
for (let b = 32; b < 127; b++) TEXT[b] = 1;
for (const b of [0x0a, 0x0d, 0x09, 0x0c, 0x08]) TEXT[b] = 1;

/** dvc_data's `istextblock`: an empty block is text; a NUL makes it binary; else at most 30% non-text bytes. */
export function isTextBlock(block: Uint8Array): boolean {
  if (block.length === 0) return true;
  let nontext = 0;
  for (const b of block) {
    if (b === 0) return false;
    if (TEXT[b] === 0) nontext++;
  }
  return nontext / block.length <= 0.3;
}

/** Feeds one chunk to the hash as DVC does: CRLF → LF when its first 512 bytes are text. */
function updateChunk(hash: Hash, chunk: Buffer): void {
  if (!isTextBlock(chunk.subarray(0, SNIFF))) {
    hash.update(chunk);
    return;
  }
  let from = 0;
  for (let at = chunk.indexOf('\r\n', 0, 'latin1'); at !== -1; at = chunk.indexOf('\r\n', at + 2, 'latin1')) {
    hash.update(chunk.subarray(from, at));
    from = at + 1;
  }
  hash.update(chunk.subarray(from));
}

/** The md5-dos2unix of a file, with what was read added to `stats`. */
export async function dos2unixMd5OfFile(
  absPath: string,
  stats?: { filesRead: number; bytesRead: number },
): Promise<string> {
  const hash = createHash('md5');
  const buf = Buffer.allocUnsafe(CHUNK);
  const file = await fs.promises.open(absPath, 'r');
  try {
    for (;;) {
      // Chunk boundaries decide which CRLFs are converted: fill each chunk completely, as Python's read(n) does.
      let filled = 0;
      while (filled < CHUNK) {
        const { bytesRead } = await file.read(buf, filled, CHUNK - filled, null);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled === 0) break;
      updateChunk(hash, buf.subarray(0, filled));
      if (stats) stats.bytesRead += filled;
      if (filled < CHUNK) break;
    }
  } finally {
    await file.close();
  }
  if (stats) stats.filesRead++;
  return hash.digest('hex');
}
