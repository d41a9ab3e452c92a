// Runs one test suite (a folder under test/) with node's built-in test runner and tsx.
// Usage: node scripts/test.mjs <suite> [more suites...]
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const suites = process.argv.slice(2);
const files = suites.flatMap((suite) => {
  const dir = `test/${suite}`;
  if (!existsSync(dir)) throw new Error(`no test suite folder ${dir}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => `${dir}/${f}`);
});
if (files.length === 0) {
  console.error(`no test files in ${suites.join(', ')}`);
  process.exit(1);
}
// The Python environments these suites use are made first, outside the per-test timeout: on a fresh machine the
// installs take minutes, and a test file that made them on first use was cut off by its timeout in CI.
const VENVS = {
  referee: [[], ['.cache/evidently', 'requirements-evidently.txt']],
  server: [[]],
  e2e: [[]],
};
for (const args of [...new Set(suites)].flatMap((s) => VENVS[s] ?? [])) {
  const setup = spawnSync(process.execPath, ['scripts/setup-python.mjs', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
}

// A test that hangs fails after ten minutes instead of holding CI until its limit; no test here takes one.
const started = Date.now();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=600000', ...files], {
  stdio: 'inherit',
});
console.log(`# suite ${suites.join(', ')}: ${Math.round((Date.now() - started) / 1000)} s`);
process.exit(r.status ?? 1);
