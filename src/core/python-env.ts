// The Python environment a workspace's commands run in: the interpreter the user selected, else the workspace's
// own virtual env (`.venv` or `venv`), put first on PATH with VIRTUAL_ENV set, as `source .venv/bin/activate`
// does. Stages (runner) and the local MLflow server (tracking) both start Python this way.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PythonEnvOptions {
  /** The environment to start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** The `bin` folder of the selected interpreter; default: the workspace's venv, if any. */
  pythonBin?: string;
}

/** The stage environment: the Python env first on PATH (selected interpreter, else the workspace's venv). */
export function pythonEnv(root: string, opts: PythonEnvOptions, extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = opts.env ?? process.env;
  const bin = opts.pythonBin ?? workspaceVenvBin(root);
  const env: NodeJS.ProcessEnv = { ...base, ...extra };
  if (bin) {
    env.PATH = `${bin}${path.delimiter}${base.PATH ?? ''}`;
    env.VIRTUAL_ENV = path.dirname(bin);
  }
  return env;
}

/** `.venv/bin` or `venv/bin` of the workspace, when it holds a python. */
export function workspaceVenvBin(root: string): string | undefined {
  for (const name of ['.venv', 'venv']) {
    const bin = path.join(root, name, 'bin');
    if (fs.existsSync(path.join(bin, 'python'))) return bin;
  }
  return undefined;
}
