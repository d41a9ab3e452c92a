// `npm start` on a fresh clone: plain Node, no dependency, so it runs before `npm install` ever did. Installs the
// locked dependencies when they are missing (npm ci, from the npm cache when it has them), then hands over to
// scripts/start.ts (under tsx, which the install brought), passing its arguments and its exit code through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (msg) => process.stderr.write(`start: ${msg}\n`);

function installed() {
  try {
    createRequire(join(root, 'package.json')).resolve('tsx');
    return true;
  } catch {
    return false;
  }
}

if (!installed()) {
  const lock = existsSync(join(root, 'package-lock.json'));
  say(`installing the dependencies (npm ${lock ? 'ci' : 'install'}; once)`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, [lock ? 'ci' : 'install', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (r.status !== 0) {
    say(
      `npm could not install the dependencies (exit ${r.status ?? r.signal}); run npm install and look at its errors`,
    );
    process.exit(1);
  }
}

// Ctrl-C goes to the whole foreground process group, start.ts included, which stops code-server and all it
// started; this process only waits for it (passing the signal on as well would make start.ts die mid-cleanup).
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => undefined);
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'scripts/start.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
