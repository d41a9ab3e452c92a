// Every file the core reads from a repository (dvc.yaml, params and vars files, dvc.lock, metrics, plots,
// .dvcignore) goes through here, because a repository is untrusted input: a `params.yaml` that links to
// /dev/zero or a FIFO must not take all memory or block forever, and a 5 GB "metrics file" must not be
// decoded into one string. Only regular files are read (links followed, then checked), and at most
// MAX_READ_BYTES of them; a refusal carries a message naming the file and the limit. DVC itself reads such
// files whole; it has no limit to mirror, so the cap is ours: 64 MB is far above any real params file or lock
// (the 2,000-stage corpus lock is 1.3 MB) and far below what takes a language server down.
import * as fs from 'node:fs';

export const MAX_READ_BYTES = 64 * 1024 * 1024;

export type Refusal = 'missing' | 'not-a-file' | 'too-large';

type Refused = { ok: false; reason: Refusal; message: string };
export type TextRead = { ok: true; text: string } | Refused;
export type BytesRead = { ok: true; bytes: Buffer } | Refused;

const mb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Why a file that exists is not read, from its stat; undefined when it is read. */
export function refusalMessage(path: string, stat: { isFile: boolean; size: number }): string | undefined {
  if (!stat.isFile)
    return `${path} is not a regular file (a folder, device, FIFO or socket); only regular files are read.`;
  if (stat.size > MAX_READ_BYTES)
    return `${path} is ${mb(stat.size)}, over the ${mb(MAX_READ_BYTES)} limit for files read; make it smaller or stop naming it.`;
  return undefined;
}

/** Reads a regular file as UTF-8 text, refusing anything else or anything over MAX_READ_BYTES. */
export function readBoundedText(path: string): TextRead {
  const r = readBoundedBytes(path);
  return r.ok ? { ok: true, text: r.bytes.toString('utf8') } : r;
}

/** The bytes of a regular file, refusing anything else or anything over MAX_READ_BYTES. */
export function readBoundedBytes(path: string): BytesRead {
  let fd: number;
  try {
    // Non-blocking, so opening a FIFO returns at once instead of waiting for a writer; checked below anyway.
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, reason: 'missing', message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code}` };
  }
  try {
    const st = fs.fstatSync(fd);
    const refused = refusalMessage(path, { isFile: st.isFile(), size: st.size });
    if (refused) return { ok: false, reason: st.isFile() ? 'too-large' : 'not-a-file', message: refused };
    // Read to EOF, not to st.size: /proc files report size 0, and a file can grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 0) + 1, 1 << 20));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_READ_BYTES)
        return { ok: false, reason: 'too-large', message: refusalMessage(path, { isFile: true, size: total }) ?? '' };
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    }
    return { ok: true, bytes: Buffer.concat(chunks, total) };
  } catch (e) {
    return { ok: false, reason: 'missing', message: `cannot read ${path}: ${(e as NodeJS.ErrnoException).code}` };
  } finally {
    fs.closeSync(fd);
  }
}
