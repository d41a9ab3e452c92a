import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../support/cli';

interface JsonReport {
  files: {
    path: string;
    diagnostics: {
      code: string;
      severity: string;
      message: string;
      range: { start: { line: number; character: number } };
    }[];
  }[];
}

/** A temp folder with the given files (path → text). */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-cli-validate-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const VALID =
  'stages:\n  train:\n    cmd: python train.py\n    deps:\n      - train.py\n    outs:\n      - model.pkl\n';
// Line 3 repeats `cmd` (duplicate-key at 0-based line 3, column 4).
const DUPLICATE = 'stages:\n  train:\n    cmd: python train.py\n    cmd: python other.py\n';

test('a clean pipeline: exit 0, nothing on stdout, a summary on stderr', async () => {
  const dir = project({ 'dvc.yaml': VALID, 'train.py': 'print(1)\n' });
  const r = await runCli(['validate'], dir);
  assert.equal(r.stderr, '1 file checked: 0 errors, 0 warnings.\n');
  assert.equal(r.stdout, '');
  assert.equal(r.code, 0);
});

test('an error: exit 1; text is 1-based, json 0-based, at the same place', async () => {
  const dir = project({ 'dvc.yaml': DUPLICATE });
  const text = await runCli(['validate'], dir);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^dvc\.yaml:4:5: error duplicate-key: .+$/m);
  assert.match(text.stderr, /1 file checked: [1-9]\d* errors?/);

  const json = await runCli(['validate', '--format', 'json'], dir);
  assert.equal(json.code, 1);
  const report = JSON.parse(json.stdout) as JsonReport;
  assert.equal(report.files.length, 1);
  assert.equal(report.files[0]!.path, 'dvc.yaml');
  const dup = report.files[0]!.diagnostics.find((d) => d.code === 'duplicate-key');
  assert.deepEqual(dup?.range.start, { line: 3, character: 4 });
  assert.equal(dup?.severity, 'error');
  assert.ok(!json.stderr.includes('{'), 'messages, not JSON, on stderr');
});

test('folders are searched recursively, skipping node_modules and virtual envs; paths are relative', async () => {
  const dir = project({
    'a/dvc.yaml': DUPLICATE,
    'b/c/dvc.yaml': VALID,
    'b/c/train.py': '',
    'node_modules/pkg/dvc.yaml': DUPLICATE,
    'env/pyvenv.cfg': 'home = /usr\n',
    'env/lib/dvc.yaml': DUPLICATE,
  });
  const r = await runCli(['validate', '--format=json'], dir);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(
    report.files.map((f) => f.path),
    ['a/dvc.yaml', 'b/c/dvc.yaml'],
  );
  assert.equal(r.code, 1);
  // Only the clean one, named as a file: exit 0.
  const one = await runCli(['validate', 'b/c/dvc.yaml'], dir);
  assert.equal(one.code, 0);
});

test('a pipeline outside the working folder is shown by its absolute path', async () => {
  const dir = project({ 'dvc.yaml': DUPLICATE });
  const elsewhere = project({});
  const r = await runCli(['validate', '--format', 'json', dir], elsewhere);
  const report = JSON.parse(r.stdout) as JsonReport;
  assert.deepEqual(
    report.files.map((f) => f.path),
    [join(dir, 'dvc.yaml')],
  );
});

test('usage problems exit 2 with a message on stderr and nothing on stdout', async () => {
  const dir = project({ 'dvc.yaml': VALID });
  for (const argv of [
    ['validate', 'missing-folder'],
    ['validate', '--format', 'xml'],
    ['validate', '--fromat', 'json'],
  ]) {
    const r = await runCli(argv, dir);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^mlops validate: /);
  }
  const missing = await runCli(['validate', 'missing-folder'], dir);
  assert.match(missing.stderr, /'missing-folder' does not exist/);
});

test('a folder without dvc.yaml: a note on stderr, an empty report, exit 0', async () => {
  const dir = project({ 'readme.md': 'hi\n' });
  const r = await runCli(['validate', '--format', 'json'], dir);
  assert.deepEqual(JSON.parse(r.stdout), { files: [] });
  assert.match(r.stderr, /no dvc\.yaml or \.dvc file found under '\.'/);
  assert.equal(r.code, 0);
});

test('.mlops.json in a folder above (up to the repository root) tunes severities; an invalid one is a usage error', async () => {
  const dir = project({
    'sub/dvc.yaml': DUPLICATE,
    '.mlops.json': '{"diagnostics": {"severity": {"duplicate-key": "warning"}}}',
  });
  mkdirSync(join(dir, '.git'));
  const cwd = join(dir, 'sub');
  const warned = await runCli(['validate', '--format', 'json'], cwd);
  const codes = (JSON.parse(warned.stdout) as JsonReport).files[0]!.diagnostics.filter(
    (d) => d.code === 'duplicate-key',
  );
  assert.ok(codes.length > 0 && codes.every((d) => d.severity === 'warning'));
  assert.equal(warned.code, 0);

  writeFileSync(join(dir, '.mlops.json'), '{"diagnostics": {"severity": {"duplicate-key": "off"}}}');
  const off = await runCli(['validate', '--format', 'json'], cwd);
  assert.ok((JSON.parse(off.stdout) as JsonReport).files[0]!.diagnostics.every((d) => d.code !== 'duplicate-key'));

  writeFileSync(join(dir, '.mlops.json'), '{"diagnostics": {"severity": {"duplicate-key": "loud"}}}');
  const bad = await runCli(['validate'], cwd);
  assert.equal(bad.code, 2);
  assert.match(
    bad.stderr,
    /\.mlops\.json: "diagnostics\.severity\.duplicate-key" is "loud"; use one of off, hint, information, warning, error/,
  );

  writeFileSync(join(dir, '.mlops.json'), '{ not json');
  const broken = await runCli(['validate'], cwd);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /\.mlops\.json: not valid JSON/);
});

test('a suppression comment silences the next line', async () => {
  const dir = project({
    'dvc.yaml':
      'stages:\n  train:\n    cmd: python train.py\n    # mlops-disable-next-line duplicate-key\n    cmd: python other.py\n',
  });
  const r = await runCli(['validate', '--format', 'json'], dir);
  assert.ok((JSON.parse(r.stdout) as JsonReport).files[0]!.diagnostics.every((d) => d.code !== 'duplicate-key'));
});

test('github and sarif formats describe the same findings', async () => {
  const dir = project({ 'dvc.yaml': DUPLICATE });
  const github = await runCli(['validate', '--format', 'github'], dir);
  assert.equal(github.code, 1);
  assert.match(github.stdout, /^::error file=dvc\.yaml,line=4,col=5,endLine=4,endColumn=\d+,title=duplicate-key::.+$/m);
  const sarif = await runCli(['validate', '--format', 'sarif'], dir);
  assert.equal(sarif.code, 1);
  const log = JSON.parse(sarif.stdout) as {
    version: string;
    runs: { results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
  };
  assert.equal(log.version, '2.1.0');
  const result = log.runs[0]!.results.find((x) => x.ruleId === 'duplicate-key');
  assert.equal(result?.locations[0]?.physicalLocation.region.startLine, 4);
});

test('.mlops.json above the repository root, or above the folder outside a repository, is never read', async () => {
  const outside = project({ '.mlops.json': '{"diagnostics": {"severity": {"duplicate-key": "off"}}}' });
  const repo = join(outside, 'repo');
  mkdirSync(join(repo, '.dvc'), { recursive: true });
  mkdirSync(join(repo, 'sub'));
  writeFileSync(join(repo, 'sub', 'dvc.yaml'), DUPLICATE);
  const inRepo = await runCli(['validate'], join(repo, 'sub'));
  assert.equal(inRepo.code, 1, 'the planted file above the repository turned the error off');
  assert.match(inRepo.stdout, /duplicate-key/);
  const loose = join(outside, 'loose');
  mkdirSync(loose);
  writeFileSync(join(loose, 'dvc.yaml'), DUPLICATE);
  assert.equal((await runCli(['validate'], loose)).code, 1);
});
