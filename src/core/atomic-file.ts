// Whole-file replacement that readers never see half-done: write a temp file, fsync it, rename it over
// the target (atomic on POSIX), fsync the folder so the rename itself survives a power cut. `durable: false`
// keeps the atomic rename and skips both fsyncs: for state that is rewritten often and cheap to lose, as does a
// file under a folder marked ephemeral.
import * as fs from 'node:fs';
import { dirname, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readBoundedText, refusalMessage } from './bounded-read';

const tempName = (path: string): string => `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;

/** Folders whose files need not outlive a power cut (as `${dir}/`): isolated experiment workspaces, deleted at its end. */
const ephemeral = new Set<string>();

/**
 * Files under `dir` are written without fsync (writeFileAtomic, and whoever asks needsSync) until the returned
 * function is called: a folder that is deleted when its process is done has nothing to keep across a power cut,
 * and an isolated experiment's run lock, dvc.lock and `.mlops/` writes were eleven fsyncs.
 */
export function markEphemeral(dir: string): () => void {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  ephemeral.add(prefix);
  return () => ephemeral.delete(prefix);
}

/** Whether a file must reach the disk before it counts as written: any file not under an ephemeral folder. */
export function needsSync(file: string): boolean {
  for (const prefix of ephemeral) if (file.startsWith(prefix)) return false;
  return true;
}

export function writeFileAtomic(path: string, text: string | Uint8Array, durable = true): void {
  durable &&= needsSync(path);
  const tmp = tempName(path);
  const fd = fs.openSync(tmp, 'wx', 0o644);
  try {
    fs.writeFileSync(fd, text, 'utf8');
    if (durable) fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, path);
  if (durable) fsyncDir(dirname(path));
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * writeFileAtomic through fs.promises, for caches written on the editor's thread (an fsync can take ms). The text
 * comes in parts, each encoded and written in its own turn, so a 4 MB file is never encoded in one go.
 */
export async function writeFileAtomicAsync(path: string, parts: Iterable<string>): Promise<void> {
  const tmp = tempName(path);
  const fh = await fs.promises.open(tmp, 'wx', 0o644);
  try {
    for (const part of parts) await fh.write(part, null, 'utf8');
    await fh.sync();
  } catch (err) {
    await fh.close();
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  await fs.promises.rename(tmp, path);
  const dir = await fs.promises.open(dirname(path), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/** The file's JSON, or undefined if it is missing or unreadable (a cache we can rebuild). */
export function readJsonFile(path: string): unknown {
  const read = readBoundedText(path);
  return read.ok ? parseOrUndefined(read.text) : undefined;
}

/** readJsonFile through fs.promises, with the same refusals (only a regular file, at most MAX_READ_BYTES). */
export async function readJsonFileAsync(path: string): Promise<unknown> {
  let fh: fs.promises.FileHandle;
  try {
    // Non-blocking, so a FIFO planted in its place answers at once (then refused below as not a file).
    fh = await fs.promises.open(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = await fh.stat();
    if (refusalMessage(path, { isFile: st.isFile(), size: st.size })) return undefined;
    return parseOrUndefined(await fh.readFile('utf8'));
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
