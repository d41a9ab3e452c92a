import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../src/core/diagnostics';
import { formatGithub } from '../../src/cli/format-github';
import { formatJson } from '../../src/cli/format-json';
import { formatSarif } from '../../src/cli/format-sarif';
import { formatText } from '../../src/cli/format-text';
import { displayPath, type FileReport, type ReportContext } from '../../src/cli/report';

const range = (line: number, character: number, endLine: number, endCharacter: number) => ({
  start: { line, character },
  end: { line: endLine, character: endCharacter },
});

const cycle: Diagnostic = {
  code: 'dependency-cycle',
  severity: 'error',
  message: 'Stages train → evaluate → train form a cycle; remove one of the deps.',
  range: range(4, 2, 4, 7),
  related: [{ file: 'pipelines/dvc.yaml', range: range(9, 2, 9, 10), message: 'evaluate depends on train' }],
  fixes: [{ title: 'drop it', edits: [] }],
};
const unknownKey: Diagnostic = {
  code: 'unknown-key',
  severity: 'warning',
  message: "Unknown key 'dep', 50%: did you mean 'deps'?\nSee the docs, line two.",
  range: range(0, 0, 0, 3),
};
const hint: Diagnostic = { code: 'undefined-param', severity: 'hint', message: 'hm', range: range(2, 5, 2, 5) };

const files: FileReport[] = [
  { path: 'dvc.yaml', diagnostics: [unknownKey, cycle] },
  { path: 'sub dir/a,b:c.yaml', diagnostics: [hint] },
  { path: 'clean/dvc.yaml', diagnostics: [] },
];
const context: ReportContext = { cwd: '/work/proj', toolVersion: '9.9.9', describe: (code) => `about ${code}` };

test('text: file:line:col with 1-based positions, continuation lines and related places indented', () => {
  assert.equal(
    formatText(files, context),
    [
      "dvc.yaml:1:1: warning unknown-key: Unknown key 'dep', 50%: did you mean 'deps'?\n    See the docs, line two.",
      'dvc.yaml:5:3: error dependency-cycle: Stages train → evaluate → train form a cycle; remove one of the deps.',
      '  pipelines/dvc.yaml:10:3: evaluate depends on train',
      'sub dir/a,b:c.yaml:3:6: hint undefined-param: hm',
      '',
    ].join('\n'),
  );
  assert.equal(formatText([{ path: 'x', diagnostics: [] }], context), '');
});

test('json: exactly the product contract, 0-based ranges, every file listed', () => {
  const parsed = JSON.parse(formatJson(files, context)) as unknown;
  assert.deepEqual(parsed, {
    files: [
      {
        path: 'dvc.yaml',
        diagnostics: [
          { code: 'unknown-key', severity: 'warning', message: unknownKey.message, range: range(0, 0, 0, 3) },
          { code: 'dependency-cycle', severity: 'error', message: cycle.message, range: range(4, 2, 4, 7) },
        ],
      },
      {
        path: 'sub dir/a,b:c.yaml',
        diagnostics: [{ code: 'undefined-param', severity: 'hint', message: 'hm', range: range(2, 5, 2, 5) }],
      },
      { path: 'clean/dvc.yaml', diagnostics: [] },
    ],
  });
});

test('github: one escaped workflow command per diagnostic, severities mapped to error/warning/notice', () => {
  const lines = formatGithub(files, context).trimEnd().split('\n');
  assert.deepEqual(lines, [
    "::warning file=dvc.yaml,line=1,col=1,endLine=1,endColumn=3,title=unknown-key::Unknown key 'dep', 50%25: did you mean 'deps'?%0ASee the docs, line two.",
    '::error file=dvc.yaml,line=5,col=3,endLine=5,endColumn=7,title=dependency-cycle::Stages train → evaluate → train form a cycle; remove one of the deps.',
    // An empty range still names one column; `,` and `:` in the path are escaped as properties require.
    '::notice file=sub dir/a%2Cb%3Ac.yaml,line=3,col=6,endLine=3,endColumn=6,title=undefined-param::hm',
  ]);
});

test('sarif: a 2.1.0 log with one rule per code and 1-based regions whose end column is exclusive', () => {
  const log = JSON.parse(formatSarif(files, context)) as {
    version: string;
    runs: {
      tool: { driver: { name: string; version: string; rules: { id: string; shortDescription: { text: string } }[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        message: { text: string };
        locations: {
          physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> };
        }[];
        relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } }; message: { text: string } }[];
      }[];
    }[];
  };
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'mlops');
  assert.equal(run.tool.driver.version, '9.9.9');
  assert.deepEqual(
    run.tool.driver.rules.map((r) => [r.id, r.shortDescription.text]),
    [
      ['dependency-cycle', 'about dependency-cycle'],
      ['undefined-param', 'about undefined-param'],
      ['unknown-key', 'about unknown-key'],
    ],
  );
  assert.equal(run.originalUriBaseIds['%SRCROOT%']?.uri, 'file:///work/proj/');
  assert.deepEqual(
    run.results.map((r) => [r.ruleId, run.tool.driver.rules[r.ruleIndex]?.id, r.level]),
    [
      ['unknown-key', 'unknown-key', 'warning'],
      ['dependency-cycle', 'dependency-cycle', 'error'],
      ['undefined-param', 'undefined-param', 'note'],
    ],
  );
  const [first, second, third] = run.results;
  assert.deepEqual(second!.locations[0]!.physicalLocation, {
    artifactLocation: { uri: 'dvc.yaml', uriBaseId: '%SRCROOT%' },
    region: { startLine: 5, startColumn: 3, endLine: 5, endColumn: 8 },
  });
  assert.equal(first!.message.text, unknownKey.message);
  assert.equal(second!.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri, 'pipelines/dvc.yaml');
  assert.equal(third!.locations[0]!.physicalLocation.artifactLocation.uri, 'sub%20dir/a%2Cb%3Ac.yaml');
});

test('sarif: a file outside the working folder is named by a file: URI', () => {
  const log = JSON.parse(formatSarif([{ path: '/elsewhere/dvc.yaml', diagnostics: [hint] }], context)) as {
    runs: { results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[];
  };
  assert.deepEqual(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation, {
    uri: 'file:///elsewhere/dvc.yaml',
  });
});

test('displayed paths are relative under the working folder and absolute elsewhere', () => {
  assert.equal(displayPath('/work/proj/a/dvc.yaml', '/work/proj'), 'a/dvc.yaml');
  assert.equal(displayPath('/work/project2/dvc.yaml', '/work/proj'), '/work/project2/dvc.yaml');
  assert.equal(displayPath('/work/dvc.yaml', '/work/proj'), '/work/dvc.yaml');
  assert.equal(displayPath('/work/proj/..data/dvc.yaml', '/work/proj'), '..data/dvc.yaml');
});
