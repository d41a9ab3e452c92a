// Git asked ahead: a revision's listing (`git ls-tree`) and the files a command expects to read from it (`git
// cat-file`), and the questions that choose the revisions (`git status`, `git rev-parse`), started as processes at
// once and answered later, so the command parses the working copy while git works on the other core (`plots
// diff` read them one after another: a sixth of its time). A file read ahead by name (`HEAD:roc.json`) is used only
// where the revision's listing names the same blob, so a commit landing in between cannot mix two revisions;
// anything else is read as revisionTree reads it (git-tree.ts), and every answer is the one the synchronous
// questions give.
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  HAS_COMMITS_ARGS,
  type HeadState,
  STATUS_ARGS,
  type TreeView,
  batchBlobs,
  headState,
  headStateOf,
  listedTree,
  lsTreeArgs,
  revisionTop,
  unknownRevision,
} from './git-tree';

/** A git process started now: its output once it exits (undefined when it failed), and a way to stop it. */
interface Started {
  output: Promise<Buffer | undefined>;
  stop(): void;
}

function started(cwd: string, args: string[], input?: string): Started {
  const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
  const output = new Promise<Buffer | undefined>((resolve) => {
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks) : undefined));
  });
  feed(child, input);
  return { output, stop: () => child.kill() };
}

/**
 * A git process writing megabytes (file contents) into a file of its own, not a pipe: a pipe holds 64 kB, so git
 * would wait for this process to read, and this process is busy parsing until it needs the output. The file has no
 * name once git has it open (where the system allows), and is gone when read. Undefined if no such file can be made.
 */
function startedToFile(cwd: string, args: string[], input: string): Started | undefined {
  let dir: string;
  let fd: number;
  try {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-git-'));
    fd = fs.openSync(path.join(dir, 'out'), 'wx+', 0o600);
  } catch {
    return undefined;
  }
  const removed = (): void => {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Windows keeps an open file's name: removed again once it is closed.
    }
  };
  const child = spawn('git', args, { cwd, stdio: ['pipe', fd, 'ignore'] });
  removed();
  const output = new Promise<Buffer | undefined>((resolve) => {
    let settled = false;
    const done = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      let out: Buffer | undefined;
      try {
        if (ok) {
          out = Buffer.allocUnsafe(fs.fstatSync(fd).size);
          for (let at = 0; at < out.length; ) {
            const n = fs.readSync(fd, out, at, out.length - at, at);
            if (n === 0) throw new Error('git output shorter than its file');
            at += n;
          }
        }
      } catch {
        out = undefined;
      }
      fs.closeSync(fd);
      removed();
      resolve(out);
    };
    child.on('error', () => done(false));
    child.on('close', (code) => done(code === 0));
  });
  feed(child, input);
  return { output, stop: () => child.kill() };
}

function feed(child: ChildProcess, input: string | undefined): void {
  // git may exit before taking all its input (an unknown revision): that is its answer, not an error here.
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(input ?? '');
}

/** headState (git-tree.ts), its `git status` running meanwhile. */
export async function headStateAhead(dir: string): Promise<HeadState> {
  const out = await started(dir, STATUS_ARGS).output;
  // A failure is asked again the synchronous way, which throws git's own message.
  return out === undefined ? headState(dir) : headStateOf(out.toString('utf8'));
}

/** hasCommits (git-tree.ts), its `git rev-parse` running meanwhile. */
export async function hasCommitsAhead(dir: string): Promise<boolean> {
  return (await started(dir, HAS_COMMITS_ARGS).output) !== undefined;
}

/** A revision being read ahead. */
export interface RevisionAhead {
  /** Asks git now for these files (absolute paths) as the revision has them; once, before tree(). */
  prefetch(paths: readonly string[]): void;
  /** The revision's files, as revisionTree gives them (RevisionError when git does not know the revision). */
  tree(): Promise<TreeView>;
  /** Stops git's processes: the revision is not read after all. */
  cancel(): void;
}

/** Starts listing revision `rev` of the repository holding `root`. */
export function revisionAhead(root: string, rev: string): RevisionAhead {
  let top: string;
  try {
    top = revisionTop(root, rev);
  } catch (err) {
    return { prefetch: () => undefined, tree: () => Promise.reject(err as Error), cancel: () => undefined };
  }
  const listing = started(top, lsTreeArgs(rev));
  let files: Started | undefined;
  return {
    prefetch(paths) {
      if (files) return;
      const names: string[] = [];
      for (const p of paths) {
        const rel = path.relative(top, path.resolve(p));
        if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.includes('\n')) continue;
        names.push(`${rev}:${rel.split(path.sep).join('/')}`);
      }
      // A revision spelled with a line break would split its names: nothing is asked ahead for it.
      if (names.length === 0 || rev.includes('\n')) return;
      const args = ['cat-file', '--batch'];
      const input = `${names.join('\n')}\n`;
      files = startedToFile(top, args, input) ?? started(top, args, input);
    },
    async tree() {
      const out = await listing.output;
      if (out === undefined) {
        files?.stop();
        throw unknownRevision(rev);
      }
      const read = files && (await files.output);
      return listedTree(top, rev, out.toString('utf8'), read ? batchBlobs(read) : undefined);
    },
    cancel() {
      listing.stop();
      files?.stop();
    },
  };
}
