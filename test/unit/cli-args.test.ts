import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, parseCommandArgs, type ArgSpec } from '../../src/cli/args';

const spec = {
  command: 'mlops run',
  usage: 'usage: mlops run [STAGE...]\n',
  flags: ['force', 'json'],
  options: {
    format: { values: ['dot', 'json'] as const },
    jobs: { integer: true, placeholder: 'N' },
    experiment: { placeholder: 'NAME' },
  },
  positionals: { max: 3 },
} satisfies ArgSpec<'force' | 'json', Record<string, object>>;

function parsed(argv: string[]) {
  const outcome = parseArgs(argv, spec);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
  return outcome.args;
}

function usageError(argv: string[]): string {
  const outcome = parseArgs(argv, spec);
  assert.ok(!outcome.ok, `expected a usage error for ${argv.join(' ')}`);
  assert.equal(outcome.exitCode, 2);
  assert.ok(outcome.message.endsWith(spec.usage), 'a usage error shows the usage');
  return outcome.message.split('\n')[0]!;
}

test('flags, both option spellings and positionals in any order', () => {
  const args = parsed(['train', '--force', '--jobs', '4', '--format=dot', 'evaluate', '--experiment=a=b']);
  assert.deepEqual([...args.flags], ['force']);
  assert.deepEqual(args.options, { jobs: '4', format: 'dot', experiment: 'a=b' });
  assert.deepEqual(args.positionals, ['train', 'evaluate']);
});

test('`--` ends the options; a lone `-` is a positional', () => {
  const args = parsed(['--json', '--', '--force', '-']);
  assert.deepEqual([...args.flags], ['json']);
  assert.deepEqual(args.positionals, ['--force', '-']);
});

test('a misspelt option gets a did-you-mean, an unrelated one the list of options', () => {
  assert.equal(usageError(['--fromat', 'dot']), "mlops run: unknown option '--fromat' (did you mean --format?)");
  assert.match(
    usageError(['--zzz']),
    /unknown option '--zzz'; known options: --force, --json, --format, --jobs, --experiment$/,
  );
  assert.match(usageError(['-f']), /unknown option '-f' \(options are spelled with two dashes/);
});

test('option values are checked: present, allowed, whole numbers, given once', () => {
  assert.equal(usageError(['--jobs']), "mlops run: option '--jobs' needs a value: --jobs N");
  assert.equal(usageError(['--jobs', '--force']), "mlops run: option '--jobs' needs a value: --jobs N");
  assert.equal(
    usageError(['--format', 'svg']),
    "mlops run: option '--format' does not accept 'svg'; use one of: dot, json",
  );
  assert.equal(usageError(['--jobs=two']), "mlops run: option '--jobs' needs a whole number, not 'two'");
  assert.equal(usageError(['--jobs=1', '--jobs=2']), "mlops run: option '--jobs' is given twice; give it once");
  assert.equal(usageError(['--force=yes']), "mlops run: option '--force' takes no value (write just --force)");
});

test('a list option takes the arguments up to the next option, none allowed, as argparse nargs="*"', () => {
  const listSpec = {
    command: 'mlops metrics diff',
    usage: 'u',
    flags: ['json'],
    options: { targets: { list: true } },
    positionals: { max: 2 },
  } satisfies ArgSpec<'json', Record<string, object>>;
  const run = (argv: string[]) => {
    const outcome = parseArgs(argv, listSpec);
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    return outcome.args;
  };
  // Revisions written after --targets are targets, as DVC reads `--targets a.json HEAD~1`.
  assert.deepEqual(run(['v1', '--targets', 'a.json', 'HEAD~1', '--json']), {
    flags: new Set(['json']),
    options: { targets: ['a.json', 'HEAD~1'] },
    positionals: ['v1'],
  });
  assert.deepEqual(run(['--targets', '--json', 'v1']).options, { targets: [] });
  assert.deepEqual(run(['--targets']).options, { targets: [] });
  assert.deepEqual(run(['--targets=b.json', 'v1']), {
    flags: new Set(),
    options: { targets: ['b.json'] },
    positionals: ['v1'],
  });
  const twice = parseArgs(['--targets', 'a', '--targets', 'b'], listSpec);
  assert.ok(!twice.ok && twice.message.startsWith("mlops metrics diff: option '--targets' is given twice"));
});

test('positional counts are enforced', () => {
  assert.equal(usageError(['a', 'b', 'c', 'd']), "mlops run: too many arguments (from 'd' on; at most 3)");
  const none = parseArgs(['x'], { command: 'mlops schema', usage: 'usage: mlops schema' });
  assert.ok(!none.ok && none.message.startsWith("mlops schema: unexpected argument 'x'"));
  const one = parseArgs([], { command: 'mlops runs show', usage: 'u', positionals: { min: 1, max: 1 } });
  assert.ok(!one.ok && one.message.startsWith('mlops runs show: expected at least 1 argument, got 0'));
});

test('--help prints the usage on stderr and exits 0; errors exit 2', () => {
  let stderr = '';
  const io = {
    stdout: () => assert.fail('nothing on stdout'),
    stderr: (t: string) => (stderr += t),
    cwd: '/',
    env: {},
  };
  assert.equal(parseCommandArgs(['--help'], spec, io), 0);
  assert.equal(stderr, spec.usage);
  stderr = '';
  assert.equal(parseCommandArgs(['--nope'], spec, io), 2);
  assert.match(stderr, /^mlops run: unknown option '--nope'/);
  const args = parseCommandArgs(['--json'], spec, io);
  assert.ok(typeof args !== 'number' && args.flags.has('json'));
});
