// Throwaway workspaces for runner referee tests: the example project or a given dvc.yaml, in a fresh git +
// DVC repository, and real `dvc` run inside them.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { venvBin, venvEnv } from './python';

export const EXAMPLE = join(__dirname, '../../examples/blob-classifier');

/** What a run of the example writes; never copied from the source folder. */
const GENERATED = new Set(['data', 'model.json', 'metrics.json', 'plots', 'dvc.lock', '.mlops', '__pycache__', '.dvc']);

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

export function dvc(cwd: string, ...args: string[]): string {
  return execFileSync(join(venvBin(), 'dvc'), args, {
    cwd,
    env: venvEnv(),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    // A hung DVC fails its test instead of holding the suite.
    timeout: 120_000,
  });
}

/** `dvc status --json` as stage name → DVC's change list (empty object when everything is up to date). */
export function dvcStatus(cwd: string): Record<string, unknown[]> {
  return JSON.parse(dvc(cwd, 'status', '--json')) as Record<string, unknown[]>;
}

/** The experiment refs of a repository (refs/exps/<baseline[:2]>/<baseline[2:]>/<name>, not DVC's internal ones). */
export function experimentRefs(root: string): string[] {
  return git(root, 'for-each-ref', 'refs/exps', '--format=%(refname)')
    .split('\n')
    .filter((ref) => /^refs\/exps\/[0-9a-f]{2}\/[0-9a-f]{38}\/[^/]+$/.test(ref));
}

/** A new git + DVC repository holding `files` (relative path → text). */
export function dvcRepo(files: Record<string, string>, prefix = 'mlops-runner-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  git(root, 'init', '-q');
  dvc(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'init');
  return root;
}

/** A copy of examples/blob-classifier (sources only) in a new git + DVC repository. */
export function exampleRepo(): string {
  const root = dvcRepo({}, 'mlops-example-');
  cpSync(EXAMPLE, root, { recursive: true, filter: (src) => src === EXAMPLE || !GENERATED.has(basename(src)) });
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'example');
  return root;
}
