// The CLI's main bundle loaded through V8's code cache (cli/code-cache.ts): the module works the same with and
// without a cache, the first run leaves one in the user's cache folder, a corrupt entry or a folder others can
// write is survived by loading without it, and a rebuilt bundle replaces the old entry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LOADER = join(__dirname, '../../src/cli/code-cache.ts');

function load(bundle: string, cacheHome: string): string {
  const code = `const { requireWithCodeCache } = require(${JSON.stringify(LOADER)});
const m = requireWithCodeCache(${JSON.stringify(bundle)});
process.stdout.write(JSON.stringify([m.answer(), m.where, typeof m.req]));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-codecache-'));
  const bundle = join(dir, 'cli-main.js');
  writeFileSync(bundle, 'exports.answer = () => 6 * 7;\nexports.where = __filename;\nexports.req = require;\n');
  const home = join(dir, 'cache');
  return { dir, bundle, home, entries: () => readdirSync(join(home, 'mlops-workbench')) };
}

test('the bundle loads with module, exports, require and __filename; the first run leaves a cache entry', () => {
  const { dir, bundle, home, entries } = setup();
  try {
    const expected = JSON.stringify([42, bundle, 'function']);
    assert.equal(load(bundle, home), expected);
    assert.equal(entries().filter((n) => n.endsWith('.v8')).length, 1);
    assert.equal(load(bundle, home), expected, 'and again from the cache');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt entry is survived and replaced; a rebuilt bundle replaces the old entry', () => {
  const { dir, bundle, home, entries } = setup();
  try {
    load(bundle, home);
    const [entry] = entries();
    writeFileSync(join(home, 'mlops-workbench', entry as string), 'not V8 data');
    assert.equal(JSON.parse(load(bundle, home))[0], 42);
    writeFileSync(bundle, 'exports.answer = () => 7;\nexports.where = 1;\nexports.req = 1;\n');
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    assert.equal(JSON.parse(load(bundle, home))[0], 7, 'the rebuilt bundle, not the cached one');
    assert.equal(entries().length, 1, 'the old entry is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache folder others can write is not used', () => {
  const { dir, bundle, home } = setup();
  try {
    mkdirSync(join(home, 'mlops-workbench'), { recursive: true });
    chmodSync(join(home, 'mlops-workbench'), 0o777);
    assert.equal(JSON.parse(load(bundle, home))[0], 42);
    assert.deepEqual(readdirSync(join(home, 'mlops-workbench')), [], 'nothing written there');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('two bundles keep an entry each: loading one never evicts the other', () => {
  const { dir, bundle, home, entries } = setup();
  try {
    const status = join(dir, 'cli-status.js');
    writeFileSync(status, 'exports.answer = () => 1;\nexports.where = __filename;\nexports.req = require;\n');
    load(bundle, home);
    load(status, home);
    assert.equal(JSON.parse(load(bundle, home))[0], 42);
    assert.deepEqual(
      entries()
        .map((n) => n.replace(/-[0-9a-f]+\.v8$/, ''))
        .sort(),
      ['cli-main', 'cli-status'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
