// The git plumbing experiments and their isolated workspaces are made of. Every write goes through a private
// index file (GIT_INDEX_FILE), so building an experiment commit never touches the user's index or working copy —
// DVC's workspace executor stages into the real index and restores it afterwards; a separate index needs no restore.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export class GitError extends Error {}

export interface GitOptions {
  /** A private index file instead of the repository's own. */
  index?: string;
  /** The repository's git dir when `cwd` is an isolated workspace (which is then the work tree). */
  gitDir?: string;
  input?: string;
}

/** Runs git in `cwd`; resolves stdout, rejects with git's own message. */
export function git(cwd: string, args: readonly string[], opts: GitOptions = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  // Only commands that write a commit or tag need an author; reads (exp list, the table) skip two git config calls.
  if (WRITES_AUTHOR.has(args[0] ?? '')) Object.assign(env, identityEnv(cwd, opts.gitDir));
  if (opts.index) env.GIT_INDEX_FILE = opts.index;
  if (opts.gitDir) {
    env.GIT_DIR = opts.gitDir;
    env.GIT_WORK_TREE = cwd;
  }
  const argv = [...args];
  return new Promise((resolve, reject) => {
    const child = execFile('git', argv, { cwd, env, maxBuffer: 1 << 30, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new GitError(`git ${args[0]}: ${(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

const WRITES_AUTHOR = new Set(['commit-tree', 'commit', 'tag', 'merge', 'stash', 'cherry-pick', 'rebase']);

const identities = new Map<string, Record<string, string>>();

/**
 * An author for the experiment commits when the repository has none configured (a fresh CI machine):
 * DVC's own git backend falls back to a default identity instead of failing, and so do we.
 */
function identityEnv(cwd: string, gitDir: string | undefined): Record<string, string> {
  const key = gitDir ?? cwd;
  const known = identities.get(key);
  if (known) return known;
  const env: Record<string, string> = {};
  const configured =
    process.env.GIT_AUTHOR_NAME && process.env.GIT_AUTHOR_EMAIL ? undefined : identityConfig(cwd, gitDir);
  if (!process.env.GIT_AUTHOR_NAME && !configured?.has('user.name')) {
    env.GIT_AUTHOR_NAME = env.GIT_COMMITTER_NAME = 'mlops';
  }
  if (!process.env.GIT_AUTHOR_EMAIL && !configured?.has('user.email')) {
    env.GIT_AUTHOR_EMAIL = env.GIT_COMMITTER_EMAIL = 'mlops@localhost';
  }
  identities.set(key, env);
  return env;
}

/** Which of user.name and user.email git's configuration sets to something (one `git config` for both). */
function identityConfig(cwd: string, gitDir: string | undefined): Set<string> {
  try {
    const env = gitDir ? { ...process.env, GIT_DIR: gitDir } : process.env;
    const out = execFileSync('git', ['config', '--get-regexp', '^user\\.(name|email)$'], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
      encoding: 'utf8',
    });
    // `<key> <value>` per line; a key set to nothing is listed bare.
    return new Set(
      out
        .split('\n')
        .filter((line) => /^\S+ .*\S/.test(line))
        .map((line) => line.slice(0, line.indexOf(' '))),
    );
  } catch {
    // Exit 1: neither is set.
    return new Set();
  }
}

/** The top folder of the git repository holding `dir`, or undefined outside one. */
export async function repoRoot(dir: string): Promise<string | undefined> {
  try {
    return (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
}

export async function headCommit(root: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  } catch {
    throw new GitError('the repository has no commit yet: experiments need a baseline commit (git commit first)');
  }
}

/** A private index, removed when done with. */
export async function withTempIndex<T>(fn: (index: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-index-'));
  try {
    return await fn(path.join(dir, 'index'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes a commit of `tree` with the given parent and returns its id. */
export async function commitTree(
  cwd: string,
  tree: string,
  parent: string,
  message: string,
  opts: GitOptions = {},
): Promise<string> {
  return (await git(cwd, ['commit-tree', tree, '-p', parent, '-m', message], opts)).trim();
}

/** Sets `ref` to `commit`; with `expectAbsent`, fails if the ref exists meanwhile (another writer won). */
export async function updateRef(root: string, ref: string, commit: string, expectAbsent = false): Promise<void> {
  const args = ['update-ref', ref, commit];
  if (expectAbsent) args.push('0'.repeat(40));
  await git(root, args);
}

export async function deleteRef(root: string, ref: string): Promise<void> {
  await git(root, ['update-ref', '-d', ref]);
}
