// Installs (once) what the real-VS-Code tests and `npm start` need, following docs/recipes: Debian packages
// (chromium for playwright-core, ripgrep, libkrb5-dev for a native module of VS Code), then code-server from npm
// into .cache/code-server (git-ignored, never the extension's own node_modules). Idempotent: when the stamp says
// it is done it returns at once. Prints the code-server executable's path on stdout; progress goes to stderr.
//
// With --latest (or MLOPS_CODE_SERVER=latest) it installs the newest code-server npm serves that runs on this machine
// instead, into .cache/code-server-latest, with the Node it requires installed from npm (the `node` package)
// beside it; native modules are built against that Node's headers, and a wrapper script runs code-server with it.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
  copyFileSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const LATEST = process.argv.includes('--latest') || process.env.MLOPS_CODE_SERVER === 'latest';
// The engines minimum (package.json engines.vscode ^1.100.0 = code-server 4.100.3), or the newest on npm (checked
// 2026-12-05: 4.139.1, VS Code 1.139.1, engines.node 24).
const CODE_SERVER_VERSION = LATEST ? '4.139.1' : '4.100.3';
/** The Node code-server 4.139.1 requires (its postinstall refuses any other major), from the npm `node` package. */
const LATEST_NODE_VERSION = '24.21.0';
const APT_PACKAGES = ['libkrb5-dev', 'chromium', 'ripgrep'];
const CHROMIUM = '/usr/bin/chromium';
// @vscode/ripgrep (a dependency of code-server) downloads rg in postinstall unless its cache holds the archive.
const RIPGREP_CACHE = join(process.env.TMPDIR ?? tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), '..');
const dir = resolve(root, LATEST ? '.cache/code-server-latest' : '.cache/code-server');
const bin = LATEST ? resolve(dir, 'code-server') : resolve(dir, 'node_modules/.bin/code-server');
const stamp = resolve(dir, '.installed');
const stampText = LATEST ? `${CODE_SERVER_VERSION} node ${LATEST_NODE_VERSION}` : CODE_SERVER_VERSION;

const say = (msg) => process.stderr.write(`setup-code-server: ${msg}\n`);

function fail(msg) {
  say(msg);
  process.exit(1);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 2, 2], ...options });
  if (r.status !== 0)
    fail(`'${cmd} ${args.join(' ')}' failed (exit ${r.status ?? r.signal}${r.error ? `, ${r.error.message}` : ''})`);
}

function installed() {
  return (
    existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === stampText && existsSync(bin) && existsSync(CHROMIUM)
  );
}

function missingAptPackages() {
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureAptPackages() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    fail(
      `missing Debian packages ${missing.join(' ')}; install them as root: apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
  say(`installing Debian packages: ${missing.join(' ')}`);
  // Other tools on the machine may hold the dpkg lock for a while: wait for it rather than fail.
  const wait = ['-o', 'DPkg::Lock::Timeout=600'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', [...wait, 'update', '-q'], { env });
  run('apt-get', [...wait, 'install', '-y', '-q', '--no-install-recommends', ...missing], { env });
}

function seedRipgrepCache() {
  const target = RIPGREP_TARGETS[process.arch];
  if (!target) return say(`no ripgrep pre-seed for ${process.arch}: @vscode/ripgrep will try to download rg`);
  const archive = join(RIPGREP_CACHE, `ripgrep-v13.0.0-10-${target}.tar.gz`);
  if (existsSync(archive)) return;
  mkdirSync(RIPGREP_CACHE, { recursive: true });
  const pack = mkdtempSync(join(tmpdir(), 'rgpack-'));
  try {
    copyFileSync('/usr/bin/rg', join(pack, 'rg'));
    run('tar', ['czf', archive, '-C', pack, 'rg']);
  } finally {
    rmSync(pack, { recursive: true, force: true });
  }
}

function installCodeServer() {
  mkdirSync(dir, { recursive: true });
  // A package.json of its own, so npm installs here and not into the enclosing repository's node_modules.
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'code-server-host', private: true }, null, 2) + '\n');
  say(`installing code-server ${CODE_SERVER_VERSION} into .cache/code-server (1-3 minutes, ~300 MB)`);
  run('npm', ['install', '--unsafe-perm', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: dir,
    // npm_config_yes answers the `npx node-gyp` prompt inside node-pty's postinstall.
    env: { ...process.env, npm_config_yes: 'true' },
  });
  if (!existsSync(bin)) fail(`npm finished but ${bin} is missing`);
  writeFileSync(stamp, stampText + '\n');
}

/**
 * The newest code-server: Node LATEST_NODE_VERSION from npm into node/, its headers where node-gyp looks for them
 * (gyp/<version>, so nothing is fetched from nodejs.org), code-server into server/ without install scripts, then
 * code-server's own postinstall (VS Code's dependencies) with that Node first on PATH. Install scripts of
 * code-server's direct dependencies are skipped: the only one, argon2, loads the prebuilt binary it ships.
 */
function installLatestCodeServer() {
  rmSync(dir, { recursive: true, force: true });
  const nodeDir = join(dir, 'node');
  const serverDir = join(dir, 'server');
  for (const d of [nodeDir, serverDir]) {
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'package.json'), JSON.stringify({ name: 'code-server-host', private: true }, null, 2) + '\n');
  }
  say(`installing Node ${LATEST_NODE_VERSION} from npm into .cache/code-server-latest/node`);
  run('npm', ['install', '--no-audit', '--no-fund', '-E', `node@${LATEST_NODE_VERSION}`], { cwd: nodeDir });
  const dist = join(nodeDir, `node_modules/node/node_modules/node-linux-${process.arch}`);
  const node = join(dist, 'bin/node');
  if (!existsSync(node)) fail(`npm finished but ${node} is missing`);
  const gyp = join(dir, 'gyp', LATEST_NODE_VERSION);
  mkdirSync(gyp, { recursive: true });
  symlinkSync(join(dist, 'include'), join(gyp, 'include'));
  writeFileSync(join(gyp, 'installVersion'), '11\n'); // node-gyp's header layout version
  const env = {
    ...process.env,
    PATH: `${join(dist, 'bin')}:${process.env.PATH}`,
    npm_config_devdir: join(dir, 'gyp'),
    npm_config_yes: 'true',
    // code-server's postinstall reads the Node major and the package manager from npm's user agent.
    npm_config_user_agent: `npm node/v${LATEST_NODE_VERSION} linux ${process.arch}`,
  };
  say(`installing code-server ${CODE_SERVER_VERSION} into .cache/code-server-latest/server (3-10 minutes, ~400 MB)`);
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '-E', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: serverDir,
    env,
  });
  run('sh', ['./postinstall.sh'], { cwd: join(serverDir, 'node_modules/code-server'), env });
  const entry = join(serverDir, 'node_modules/code-server/out/node/entry.js');
  writeFileSync(bin, `#!/bin/sh\nexec '${node}' '${entry}' "$@"\n`, { mode: 0o755 });
  writeFileSync(stamp, stampText + '\n');
}

if (!installed()) {
  // Two callers at once (npm start and the e2e suite) would race on apt and npm: serialise through flock(1).
  if (process.env.SETUP_CODE_SERVER_LOCKED !== '1') {
    mkdirSync(resolve(root, '.cache'), { recursive: true });
    const r = spawnSync(
      'flock',
      [resolve(root, '.cache/code-server.lock'), process.execPath, self, ...process.argv.slice(2)],
      {
        stdio: 'inherit',
        env: { ...process.env, SETUP_CODE_SERVER_LOCKED: '1' },
      },
    );
    process.exit(r.status ?? 1);
  }
  const started = Date.now();
  ensureAptPackages();
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing after installing the chromium package`);
  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === stampText && existsSync(bin))) {
    seedRipgrepCache();
    if (LATEST) installLatestCodeServer();
    else installCodeServer();
  }
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.stdout.write(bin + '\n');
