// Reading many files at many commits through `git cat-file --batch-command`: the experiments table reads
// params and metrics at every experiment commit, and one process per file (what a checkout-based reader
// costs) is what makes `dvc exp show` take seconds to minutes on large repositories.
// Git's own work dominates here (experiment commits are loose objects: an open and an inflate each, ~60 µs),
// so objects are read as few times as possible: asking `<commit>:<path>` makes git read the commit and every
// tree on the way again for each file, so instead each commit's root tree is read once, the trees below it
// once per distinct tree (folders an experiment did not change are shared with its baseline), and each
// distinct blob once — a sweep's experiments share their dvc.yaml and most files. Large batches are split
// over two processes (Node only waits meanwhile). A blob over the core's read limit is drained from the pipe
// and dropped, so memory stays bounded without a size round first.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as path from 'node:path';
import { MAX_READ_BYTES } from '../bounded-read';

/** A file at a revision: the commit (or any revision git names) and a path from the repository's top. */
export interface FileAt {
  rev: string;
  path: string;
}

type Entry = { kind: 'tree' | 'blob' | 'other'; oid: string };
type GitObject = { oid: string; type: string; body: Buffer } | undefined;

/** Below this many objects a second process costs more than it saves. */
const SPLIT_AT = 64;

export class RevisionFiles {
  private readonly processes: CatFile[] = [];
  /** Tree oid (or `<rev>:` for a root) → its entries by name; undefined: not a tree. */
  private readonly trees = new Map<string, Map<string, Entry> | undefined>();
  private readonly blobs = new Map<string, string | undefined>();

  constructor(private readonly cwd: string) {
    this.processes.push(new CatFile(cwd));
  }

  /** Each file's text: undefined where it does not exist, is not a regular file, or is over the read limit. */
  async read(files: readonly FileAt[]): Promise<(string | undefined)[]> {
    const walks = files.map((f) => ({ at: `${f.rev}:`, rest: f.rev.includes('\n') ? undefined : segments(f.path) }));
    // Down one level per round: every walk's next tree is asked for at once.
    for (;;) {
      const wanted = new Set<string>();
      for (const w of walks) {
        if (w.rest === undefined || w.rest.length === 0) continue;
        if (!this.trees.has(w.at)) wanted.add(w.at);
      }
      if (wanted.size > 0) await this.loadTrees([...wanted]);
      let moved = false;
      for (const w of walks) {
        if (w.rest === undefined || w.rest.length === 0) continue;
        const entry = this.trees.get(w.at)?.get(w.rest[0] as string);
        const last = w.rest.length === 1;
        if (!entry || entry.kind !== (last ? 'blob' : 'tree')) w.rest = undefined;
        else {
          w.at = entry.oid;
          w.rest = w.rest.slice(1);
        }
        moved = true;
      }
      if (!moved) break;
    }
    const oids = walks.map((w) => (w.rest === undefined ? undefined : w.at));
    await this.loadBlobs([...new Set(oids.filter((o): o is string => o !== undefined && !this.blobs.has(o)))]);
    return oids.map((o) => (o === undefined ? undefined : this.blobs.get(o)));
  }

  close(): void {
    for (const p of this.processes) p.close();
  }

  private async loadTrees(specs: string[]): Promise<void> {
    const objects = await this.objects(specs);
    specs.forEach((s, i) => {
      const o = objects[i];
      this.trees.set(s, o?.type === 'tree' ? parseTree(o.body, o.oid.length / 2) : undefined);
    });
  }

  private async loadBlobs(oids: string[]): Promise<void> {
    const objects = await this.objects(oids);
    oids.forEach((oid, i) => {
      const o = objects[i];
      this.blobs.set(oid, o?.type === 'blob' ? o.body.toString('utf8') : undefined);
    });
  }

  private async objects(specs: string[]): Promise<GitObject[]> {
    if (specs.length < SPLIT_AT) return (this.processes[0] as CatFile).objects(specs);
    if (this.processes.length < 2) this.processes.push(new CatFile(this.cwd));
    const half = Math.ceil(specs.length / 2);
    const [a, b] = await Promise.all([
      (this.processes[0] as CatFile).objects(specs.slice(0, half)),
      (this.processes[1] as CatFile).objects(specs.slice(half)),
    ]);
    return [...a, ...b];
  }
}

/** A repository path's names, or undefined when it leaves the repository or cannot be a git path. */
function segments(p: string): string[] | undefined {
  if (p.includes('\n') || p.includes('\0')) return undefined;
  const norm = path.posix.normalize(p.replace(/\\/g, '/'));
  if (norm.startsWith('/') || norm === '..' || norm.startsWith('../') || norm === '.') return undefined;
  return norm.split('/').filter((s) => s !== '');
}

/** A tree object's entries: `<mode> <name>\0<raw id>` one after another (20 bytes for SHA-1, 32 for SHA-256). */
function parseTree(body: Buffer, idBytes: number): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + idBytes > body.length) break;
    const mode = body.toString('latin1', at, space);
    const name = body.toString('utf8', space + 1, nul);
    const oid = body.toString('hex', nul + 1, nul + 1 + idBytes);
    // 40000: folder; 100644/100755: file. Links (120000) and submodules (160000) are not files DVC reads here.
    entries.set(name, { kind: mode === '40000' ? 'tree' : mode.startsWith('100') ? 'blob' : 'other', oid });
    at = nul + 1 + idBytes;
  }
  return entries;
}

/** One `git cat-file --batch-command --buffer` process, read as a stream of replies. */
class CatFile {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;
  private stderr = '';

  constructor(cwd: string) {
    this.child = spawn('git', ['cat-file', '--batch-command', '--buffer'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (c: Buffer) => {
      this.buffered = this.buffered.length === 0 ? c : Buffer.concat([this.buffered, c]);
      this.wake();
    });
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    const fail = (err: Error) => {
      this.failure ??= err;
      this.wake();
    };
    this.child.on('error', fail);
    this.child.on('close', (code) => fail(new Error(`git cat-file: ${this.stderr.trim() || `exit ${code}`}`)));
    this.child.stdin.on('error', fail);
  }

  /** Each object's id, type and body; undefined when missing, or over the read limit (drained, not kept). */
  async objects(specs: readonly string[]): Promise<GitObject[]> {
    if (specs.length === 0) return [];
    this.child.stdin.write(`${specs.map((s) => `contents ${s}`).join('\n')}\nflush\n`);
    const out: GitObject[] = [];
    for (let i = 0; i < specs.length; i++) {
      const header = /^([0-9a-f]+) (\w+) (\d+)$/.exec(await this.line());
      if (!header) {
        out.push(undefined); // "<spec> missing" or "ambiguous": no body follows
        continue;
      }
      const size = Number(header[3]);
      if (size > MAX_READ_BYTES) {
        await this.skip(size + 1);
        out.push(undefined);
        continue;
      }
      const body = await this.bytes(size + 1);
      out.push({ oid: header[1] as string, type: header[2] as string, body: body.subarray(0, size) });
    }
    return out;
  }

  close(): void {
    this.child.stdin.end();
  }

  private async line(): Promise<string> {
    for (;;) {
      const eol = this.buffered.indexOf(0x0a);
      if (eol >= 0) {
        const text = this.buffered.toString('utf8', 0, eol);
        this.buffered = this.buffered.subarray(eol + 1);
        return text;
      }
      await this.more();
    }
  }

  private async bytes(n: number): Promise<Buffer> {
    while (this.buffered.length < n) await this.more();
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  /** Drops the next n bytes as they arrive, holding at most one chunk of them. */
  private async skip(n: number): Promise<void> {
    let left = n;
    for (;;) {
      const take = Math.min(left, this.buffered.length);
      this.buffered = this.buffered.subarray(take);
      left -= take;
      if (left === 0) return;
      await this.more();
    }
  }

  private more(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
}
