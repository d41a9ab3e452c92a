// Whole-file replacement that readers never see half-done: write a temp file, fsync it, rename it over
// the target (atomic on POSIX), fsync the folder so the rename itself survives a power cut.
import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readBoundedText } from './bounded-read';

export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o644);
  try {
    fs.writeFileSync(fd, text, 'utf8');
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, path);
  fsyncDir(dirname(path));
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's JSON, or undefined if it is missing or unreadable (a cache we can rebuild). */
export function readJsonFile(path: string): unknown {
  const read = readBoundedText(path);
  if (!read.ok) return undefined;
  try {
    return JSON.parse(read.text);
  } catch {
    return undefined;
  }
}
