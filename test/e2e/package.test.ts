// `npm run package`: the .vsix holds the bundles and the manifest, never sources, tests or source maps.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { packVsix } from '../../scripts/code-server';

const dir = mkdtempSync(join(tmpdir(), 'mlops-vsix-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the .vsix is small and holds only what the extension runs on', () => {
  const vsix = join(dir, 'ext.vsix');
  packVsix(vsix);
  // `unzip -Z1` lists one entry name per line.
  const entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
  for (const needed of [
    'extension/package.json',
    'extension/dist/extension.js',
    'extension/dist/server.js',
    'extension/dist/cli.js',
    'extension/dist/cli-main.js',
    'extension/dist/cli-status.js',
    'extension/dist/cli-diff.js',
    'extension/dist/cli-list.js',
    'extension/dist/drift-reader.js',
    'extension/dist/cli-plots.js',
    'extension/dist/ray-entrypoint.py',
    'extension/LICENSE.txt',
    'extension/readme.md',
    'extension/media/icon.png',
  ]) {
    assert.ok(entries.includes(needed), `${needed} is packed`);
  }
  const unwanted = entries.filter((e) =>
    /^extension\/(src|test|bench|scripts|examples|node_modules|\.cache|test-results)\/|\.map$|\.ts$|tsconfig|eslint/.test(
      e,
    ),
  );
  assert.deepEqual(unwanted, [], 'no sources, tests, dev files or source maps');
  assert.ok(statSync(vsix).size <= 3 * 1024 * 1024, `at most 3 MB (is ${statSync(vsix).size} bytes)`);
});
