// DVC refuses a stage whose output `.dvcignore` ignores, naming the rule `file:line:pattern`. Every expectation is
// what DVC 3.67.1 said for the same files; test/referee/runner-dvcignore.test.ts holds DVC's own lookup to the
// rule table and compares its refusals of pipelines with ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DvcIgnoreReader, DvcIgnoreRules } from '../../src/core/runner/dvcignore';
import { Hasher } from '../../src/core/runner/hash';
import { runPipelines } from '../../src/core/runner/run';
import { ignoredOutputs, ignoredOutputsMessage, pipelinesStatus, type StageStatus } from '../../src/core/runner/status';
import { workspaceOf } from '../../src/core/runner/workspace';
import { runCli } from '../support/cli';
import { RULE_CASES } from '../support/dvcignore-rule-cases';
import { makePipeline, type StageSpec } from '../support/runner-stage';
import { fileTree } from '../support/file-tree';

/** The statuses, when DVC would load the pipelines (a refusal fails the test with its reason). */
async function statusOf(...args: Parameters<typeof pipelinesStatus>): Promise<StageStatus[]> {
  const outcome = await pipelinesStatus(...args);
  assert.ok(outcome.ok, outcome.ok ? '' : outcome.reason);
  return outcome.stages;
}

function rootRules(text: string): DvcIgnoreRules {
  return DvcIgnoreRules.defaults.withFile('', text, '.dvcignore');
}

test('the rule that ignores a path, named as DVC names it: file, line and pattern', () => {
  for (const { dvcignore, path, isDir, rule } of RULE_CASES) {
    const by = rootRules(dvcignore).ignoredBy(path, isDir);
    assert.equal(
      by && `${by.at ? `${by.at.file}:${by.at.line}` : ''}:${by.pattern}`,
      rule,
      `${JSON.stringify(dvcignore)} on ${path}${isDir ? '/' : ''}`,
    );
  }
});

test("a nested .dvcignore's rule is named by its own file and line, as written", () => {
  const rules = rootRules('*.tmp\n').withFile('sub', '\n# c\nm.json\n/deep\n', 'sub/.dvcignore');
  assert.deepEqual(rules.ignoredBy('sub/a/m.json', false), {
    pattern: 'm.json',
    at: { file: 'sub/.dvcignore', line: 3 },
  });
  assert.deepEqual(rules.ignoredBy('sub/deep/f', false), { pattern: '/deep', at: { file: 'sub/.dvcignore', line: 4 } });
  assert.equal(rules.ignoredBy('m.json', false), undefined, 'only below its folder');
  assert.deepEqual(rules.ignoredBy('sub/x.tmp', false)?.at, { file: '.dvcignore', line: 1 });
});

/** A folder holding `files` (relative path → text; a path ending in `/` is a folder). */
const tree = (files: Record<string, string>): string => fileTree('mlops-ignored-outs-', files);

const STAGES: Record<string, StageSpec> = {
  a: {
    cmd: 'echo o > out.txt && touch ran-a',
    deps: ['ign'],
    outs: ['out.txt', { path: 'sub/m.json', kind: 'metrics', cache: false }],
  },
  b: { cmd: 'echo b > b.txt && touch ran-b', outs: ['b.txt'] },
  c: { cmd: 'echo c > c.csv', wdir: 'w', outs: ['c.csv', 'keep.csv'] },
};

test('ignoredOutputs: every ignored out, metrics and plots output of the stages, by root and nested .dvcignore files', () => {
  const root = tree({
    '.dvc/': '',
    '.dvcignore': 'ign\nout.txt\n/w/*.csv\n!keep.csv\n',
    'sub/.dvcignore': '.dvcignore\nm.json\n',
    'ign/f': 'x',
  });
  const pipeline = makePipeline(root, STAGES);
  const found = ignoredOutputs(pipeline.stages.map((stage) => ({ pipeline, stage })));
  assert.deepEqual(
    found.map((i) => [i.stage, i.out.path.value, i.at?.file, i.at?.line, i.pattern]),
    [
      ['a', 'out.txt', join(root, '.dvcignore'), 2, 'out.txt'],
      ['a', 'sub/m.json', join(root, 'sub/.dvcignore'), 2, 'm.json'],
      ['c', 'c.csv', join(root, '.dvcignore'), 3, '/w/*.csv'],
    ],
    'the ignored dep `ign` and the re-included keep.csv are accepted',
  );
  const message = ignoredOutputsMessage(found);
  assert.match(
    message,
    /^DVC refuses this pipeline: \.dvcignore ignores outputs of its stages\. Remove or narrow each rule below, or change the output's path:\n/,
  );
  assert.ok(
    message.includes(
      `  ${join(root, '.dvcignore')}:2: 'out.txt' ignores output 'out.txt' of stage 'a' (${join(root, 'dvc.yaml')})`,
    ),
    message,
  );
  assert.ok(
    message.includes(`  ${join(root, 'sub/.dvcignore')}:2: 'm.json' ignores metrics output 'sub/m.json' of stage 'a'`),
    message,
  );
});

test('a folder-only rule refuses an output only once it is a folder; outside a DVC repository nothing is refused', () => {
  const root = tree({ '.dvc/': '', '.dvcignore': 'outdir/\n', 'up/.dvcignore': 'o\n' });
  const reader = (): DvcIgnoreReader => new DvcIgnoreReader();
  assert.equal(reader().outputIgnoredBy(join(root, 'outdir'), root), undefined, 'missing: matched as a file');
  mkdirSync(join(root, 'outdir'));
  assert.deepEqual(reader().outputIgnoredBy(join(root, 'outdir'), root), {
    root,
    rule: { pattern: 'outdir/', at: { file: '.dvcignore', line: 1 } },
  });
  // Paths outside the repository, and pipelines outside any repository, are not DVC's to refuse.
  const plain = tree({ '.dvcignore': 'o\n', 'repo/.dvc/': '' });
  assert.equal(reader().outputIgnoredBy(join(plain, 'o'), plain), undefined);
  assert.equal(reader().outputIgnoredBy(join(plain, 'o'), join(plain, 'repo')), undefined);
});

test('mlops status exits 2 naming the rule; a run refuses before executing anything, unless --single leaves the stage out', async () => {
  const root = tree({
    '.dvc/': '',
    '.dvcignore': 'out.txt\n',
    'dvc.yaml':
      'stages:\n  a:\n    cmd: echo o > out.txt && touch ran-a\n    outs: [out.txt]\n  b:\n    cmd: echo b > b.txt\n    outs: [b.txt]\n',
  });
  const status = await runCli(['status', '--no-daemon'], root);
  assert.equal(status.code, 2);
  assert.ok(
    status.stderr.includes(`${join(root, '.dvcignore')}:1: 'out.txt' ignores output 'out.txt' of stage 'a'`),
    status.stderr,
  );

  const run = await runPipelines({ root });
  assert.equal(run.ok, false);
  assert.match(run.ok ? '' : run.message, /\.dvcignore:1: 'out\.txt' ignores output 'out\.txt' of stage 'a'/);
  const b = await runPipelines({ root, targets: ['b'] });
  assert.equal(b.ok, false, 'dvc repro b loads every stage too');
  assert.equal(existsSync(join(root, 'ran-a')), false);
  assert.equal(existsSync(join(root, 'b.txt')), false);

  const single = await runPipelines({ root, targets: ['b'], single: true });
  assert.equal(single.ok && single.report.status, 'FINISHED');
  assert.equal(existsSync(join(root, 'b.txt')), true);
});

test('a stage whose output the command makes an ignored folder fails, its lock entry unwritten', async () => {
  const root = tree({ '.dvc/': '', '.dvcignore': 'outdir/\n' });
  const ws = workspaceOf(root, [
    makePipeline(root, { d: { cmd: 'mkdir -p outdir && echo 1 > outdir/f', outs: ['outdir'] } }),
  ]);
  assert.deepEqual(
    (await statusOf({ hasher: new Hasher() }, ws.pipelines)).map((s) => s.status),
    ['never-run'],
  );
  const run = await runPipelines({ root, workspace: ws });
  assert.ok(run.ok);
  const [d] = run.report.stages;
  assert.equal(d?.outcome, 'FAILED');
  assert.match(
    d?.error ?? '',
    /stage 'd': DVC refuses an output \.dvcignore ignores: .*\.dvcignore:1: 'outdir\/' ignores output 'outdir'/,
  );
  assert.equal(existsSync(join(root, 'dvc.lock')), false);
  const refused = await pipelinesStatus({ hasher: new Hasher() }, ws.pipelines);
  assert.equal(refused.ok, false, 'refused now that it is a folder');
  assert.match(refused.ok ? '' : refused.reason, /'outdir\/' ignores output 'outdir'/);
});
