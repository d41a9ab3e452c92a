// `npm run test:mutation [-- module... [--mutate files[:lines]]]`: StrykerJS over the core modules below, one module at a time (each a
// separate run, so a module's report and score stand alone and a slow run can be limited to what changed).
// Reports: reports/mutation/<module>.html (and .json). Concurrency: MUTATION_CONCURRENCY, default 2.
// Options after the module names go to Stryker as they are: `--mutate a.ts,b.ts:10-40` runs a part of a module
// (a partial report: docs/testing.md says which part each score covers).
import { spawnSync } from 'node:child_process';

/** Module name → the files Stryker mutates and the unit test files that can reach them. */
export const MODULES = {
  // The pipeline modules: their own tests and the golden fixtures (every pipeline-* file reaches them through
  // validate, but the rest test other parts; leaving them out makes a survivor run 3 files instead of 15).
  semantics: {
    mutate: ['src/core/pipeline/semantics.ts'],
    tests: [
      'test/unit/pipeline-semantics.test.ts',
      'test/unit/pipeline-semantics-messages.test.ts',
      'test/unit/pipeline-fixtures.test.ts',
      'test/unit/pipeline-structure.test.ts',
    ],
  },
  structure: {
    mutate: ['src/core/pipeline/structure.ts'],
    tests: [
      'test/unit/pipeline-structure.test.ts',
      'test/unit/pipeline-structure-messages.test.ts',
      'test/unit/pipeline-fixtures.test.ts',
    ],
  },
  hash: { mutate: ['src/core/runner/hash.ts', 'src/core/runner/hash-cache.ts'], tests: ['test/unit/runner-*.test.ts'] },
  lock: { mutate: ['src/core/runner/lock.ts'], tests: ['test/unit/runner-*.test.ts'] },
  status: { mutate: ['src/core/runner/status.ts'], tests: ['test/unit/runner-*.test.ts'] },
  plan: { mutate: ['src/core/runner/plan.ts'], tests: ['test/unit/runner-*.test.ts'] },
  'local-store': {
    mutate: ['src/core/tracking/local/*.ts'],
    tests: ['test/unit/tracking-*.test.ts', 'test/unit/runner-record.test.ts'],
  },
};

const firstOption = process.argv.findIndex((a, i) => i >= 2 && a.startsWith('--'));
const asked = process.argv.slice(2, firstOption === -1 ? undefined : firstOption);
const options = firstOption === -1 ? [] : process.argv.slice(firstOption);
const unknown = asked.filter((m) => !(m in MODULES));
if (unknown.length > 0) {
  console.error(`unknown module ${unknown.join(', ')}; one of: ${Object.keys(MODULES).join(', ')}`);
  process.exit(2);
}
let failed = false;
for (const name of asked.length > 0 ? asked : Object.keys(MODULES)) {
  const { mutate, tests } = MODULES[name];
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      'node_modules/@stryker-mutator/core/bin/stryker.js',
      'run',
      // A whole module reuses the committed results of its last whole run (test/mutation/<module>.json): only
      // mutants in changed code, or covered by changed or new test files, run again. A part (--mutate) does not:
      // its report would replace the whole module's.
      ...(options.includes('--mutate')
        ? []
        : ['--mutate', mutate.join(','), '--incremental', '--incrementalFile', `test/mutation/${name}.json`]),
      ...options,
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, MUTATION_MODULE: name, MUTATION_TESTS: tests.join(',') },
    },
  );
  console.log(`mutation ${name}: ${((Date.now() - started) / 60000).toFixed(1)} min`);
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
