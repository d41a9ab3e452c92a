// Runs `mlops` in-process (the same `main` dist/cli.js calls) with captured output.
import { main } from '../../src/cli/main';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  argv: string[],
  cwd: string,
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    env: { ...process.env, MLOPS_TRACKING_URI: undefined, ...env },
  });
  return { code, stdout, stderr };
}
