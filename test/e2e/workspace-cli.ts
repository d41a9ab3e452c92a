// The workspace's command line for e2e tests, as a person would use it beside the editor: `mlops` (the built CLI,
// the same code as the extension's) and git with a test identity. Both are bounded so a hung process fails its test.
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../../scripts/code-server';

/** `mlops ARGS` in `cwd`, killed after two minutes; resolves with its stdout. */
export function mlops(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist/cli.js'), ...args],
      { cwd, timeout: 120_000, killSignal: 'SIGKILL', encoding: 'utf8' },
      (err, stdout, stderr) =>
        err ? reject(new Error(`mlops ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(stdout),
    );
  });
}

/** `git ARGS` in `cwd` as an E2E author, killed after 30 seconds. */
export function git(cwd: string, ...args: string[]): Buffer {
  return execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...args], {
    cwd,
    timeout: 30_000,
  });
}
