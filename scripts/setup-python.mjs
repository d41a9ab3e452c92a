// Creates (once) the Python virtual environment the referee suites use: real DVC, MLflow, GTO and DVCLive,
// pinned in requirements-test.txt. Idempotent: re-installs only when the requirements change.
// Prints the venv's bin folder on stdout.
// `setup-python.mjs VENV REQUIREMENTS` makes another one: Evidently (.cache/evidently,
// requirements-evidently.txt) needs pandas < 3, which the main venv's pins do not allow.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const [venvArg = '.cache/venv', requirementsArg = 'requirements-test.txt'] = process.argv.slice(2);
const venv = resolve(root, venvArg);
const requirements = resolve(root, requirementsArg);
const stamp = resolve(venv, '.requirements.sha256');
const wanted = createHash('sha256').update(readFileSync(requirements)).digest('hex');

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`setup-python: '${cmd} ${args.join(' ')}' failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const current = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (current !== wanted) {
  mkdirSync(resolve(root, '.cache'), { recursive: true });
  const python = process.env.PYTHON ?? 'python3';
  if (!existsSync(resolve(venv, 'bin/python'))) run(python, ['-m', 'venv', venv]);
  console.error(`setup-python: installing ${requirementsArg} into ${venvArg} (a few minutes the first time)`);
  run(resolve(venv, 'bin/pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
  writeFileSync(stamp, wanted + '\n');
}
process.stdout.write(resolve(venv, 'bin') + '\n');
