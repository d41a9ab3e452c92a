// Mutation testing of the core: StrykerJS plants one small bug at a time in a module and runs the unit test files
// that reach it (its TAP runner over node:test, through tsx); a mutant no test notices is a missing test. Run it
// through `npm run test:mutation [-- module...]` (scripts/mutation.mjs names the modules and their test files);
// each module gets its own report, reports/mutation/<module>.html. Slow (every mutant starts Node), so not in CI.
// docs/testing.md lists the scores, the time taken and the survivors judged equivalent.
const module = process.env.MUTATION_MODULE ?? 'all';

export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  tap: {
    testFiles: (process.env.MUTATION_TESTS ?? 'test/unit/*.test.ts').split(','),
    nodeArgs: ['--import', 'tsx', '-r', '{{hookFile}}', '--test-reporter=tap', '{{testFile}}'],
  },
  // Each test file is one "test" to the TAP runner: a mutant runs only the files that reached it.
  coverageAnalysis: 'perTest',
  // The machine is shared: two workers at most.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `reports/mutation/${module}.html` },
  jsonReporter: { fileName: `reports/mutation/${module}.json` },
  thresholds: { high: 90, low: 80, break: null },
  // .stryker-tmp: another module's sandbox, when two modules run at once.
  ignorePatterns: ['.cache', '.stryker-tmp', 'dist', 'reports', 'test-results', '*.vsix'],
  // One sandbox folder per module, so two modules can run at once without removing each other's.
  tempDirName: `.stryker-tmp/${module}`,
  cleanTempDir: 'always',
};
