// Installs (once) what the real-VS-Code tests and `npm start` need, following docs/recipes: Debian packages
// (chromium for playwright-core, ripgrep, libkrb5-dev for a native module of VS Code), then code-server from npm
// into .cache/code-server (git-ignored, never the extension's own node_modules). Idempotent: when the stamp says
// it is done it returns at once. Prints the code-server executable's path on stdout; progress goes to stderr.
import { existsSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3';
const APT_PACKAGES = ['libkrb5-dev', 'chromium', 'ripgrep'];
const CHROMIUM = '/usr/bin/chromium';
// @vscode/ripgrep (a dependency of code-server) downloads rg in postinstall unless its cache holds the archive.
const RIPGREP_CACHE = join(process.env.TMPDIR ?? tmpdir(), 'vscode-ripgrep-cache-1.15.11');
const RIPGREP_TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), '..');
const dir = resolve(root, '.cache/code-server');
const bin = resolve(dir, 'node_modules/.bin/code-server');
const stamp = resolve(dir, '.installed');

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
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === CODE_SERVER_VERSION &&
    existsSync(bin) &&
    existsSync(CHROMIUM)
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
  writeFileSync(stamp, CODE_SERVER_VERSION + '\n');
}

if (!installed()) {
  // Two callers at once (npm start and the e2e suite) would race on apt and npm: serialise through flock(1).
  if (process.env.SETUP_CODE_SERVER_LOCKED !== '1') {
    mkdirSync(resolve(root, '.cache'), { recursive: true });
    const r = spawnSync('flock', [resolve(root, '.cache/code-server.lock'), process.execPath, self], {
      stdio: 'inherit',
      env: { ...process.env, SETUP_CODE_SERVER_LOCKED: '1' },
    });
    process.exit(r.status ?? 1);
  }
  const started = Date.now();
  ensureAptPackages();
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} is missing after installing the chromium package`);
  if (!(existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === CODE_SERVER_VERSION && existsSync(bin))) {
    seedRipgrepCache();
    installCodeServer();
  }
  say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.stdout.write(bin + '\n');
