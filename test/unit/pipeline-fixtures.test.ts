// Golden fixtures: every folder of test/fixtures/pipelines is validated as a project and must produce exactly
// the diagnostics its files announce in comments (line and column 1-based, as editors show them):
//   `  key: value  # expect: code!error`              a diagnostic with that code and severity starting on this line
//   `# expect: code@7!error, other-code!warning`      @col pins the column too
//   `# expect-next: code@col!error`                    (a line of its own) for the next line
//   `# expect-file: params.yaml code!error 3:1`        a diagnostic in another file of the folder
// Every expectation states its severity (a code reported with the wrong one is a different verdict for the user:
// an error fails `mlops validate`). Anything not announced must not be reported.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Diagnostic } from '../../src/core/diagnostics';
import { nodeFileSystem } from '../../src/core/fs';
import { findPipelines, validatePipelines } from '../../src/core/pipeline';

const ROOT = path.resolve(__dirname, '../fixtures/pipelines');

interface Expectation {
  file: string;
  line: number;
  code: string;
  col?: number;
  severity: string;
}

const SPEC = /^([a-z][a-z0-9-]*)(?:@(\d+))?!(error|warning|information|hint)$/;

function parseSpecs(list: string, file: string, line: number, where: string): Expectation[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = SPEC.exec(s);
      if (!m) throw new Error(`${where}: bad expectation '${s}' (code[@column]!severity)`);
      return { file, line, code: m[1] as string, severity: m[3] as string, ...(m[2] ? { col: Number(m[2]) } : {}) };
    });
}

export function expectationsOf(file: string, text: string, folder: string): Expectation[] {
  const out: Expectation[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const where = `${file}:${i + 1}`;
    const other = /#\s*expect-file:\s*(\S+)\s+([a-z0-9-]+)!([a-z]+)\s+(\d+):(\d+)\s*$/.exec(line);
    if (other) {
      out.push({
        file: path.join(folder, other[1] as string),
        line: Number(other[4]),
        col: Number(other[5]),
        code: other[2] as string,
        severity: other[3] as string,
      });
      return;
    }
    if (/#\s*expect-file:/.test(line)) throw new Error(`${where}: bad expectation (file code!severity line:col)`);
    const next = /^\s*#\s*expect-next:\s*(.+)$/.exec(line);
    if (next) {
      out.push(...parseSpecs(next[1] as string, file, i + 2, where));
      return;
    }
    const here = /#\s*expect:\s*(.+)$/.exec(line);
    if (here) out.push(...parseSpecs(here[1] as string, file, i + 1, where));
  });
  return out;
}

function matches(e: Expectation, file: string, d: Diagnostic): boolean {
  return (
    e.file === file &&
    e.code === d.code &&
    e.line === d.range.start.line + 1 &&
    (e.col === undefined || e.col === d.range.start.character + 1) &&
    e.severity === d.severity
  );
}

const show = (file: string, d: Diagnostic): string =>
  `${path.relative(ROOT, file)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}: ${d.message}`;
const showExpected = (e: Expectation): string =>
  `${path.relative(ROOT, e.file)}:${e.line}${e.col ? `:${e.col}` : ''} ${e.code}!${e.severity}`;

const folders = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

test('the fixture folder exists and has fixtures', () => {
  assert.ok(folders.length >= 10, `expected fixtures in ${ROOT}`);
});

for (const name of folders) {
  test(`fixture ${name}`, () => {
    const folder = path.join(ROOT, name);
    const files = findPipelines(folder, nodeFileSystem);
    assert.ok(files.length > 0, `no dvc.yaml in ${folder}`);
    const expected = files.flatMap((f) => expectationsOf(f, nodeFileSystem.readText(f) ?? '', folder));
    const results = validatePipelines(files, nodeFileSystem);
    const unexpected: string[] = [];
    const unmatched = [...expected];
    for (const [file, diagnostics] of results) {
      for (const d of diagnostics) {
        const i = unmatched.findIndex((e) => matches(e, file, d));
        if (i >= 0) unmatched.splice(i, 1);
        else unexpected.push(show(file, d));
      }
    }
    assert.deepEqual(
      { unexpected, missing: unmatched.map(showExpected) },
      { unexpected: [], missing: [] },
      `fixture ${name}: diagnostics differ from the # expect comments`,
    );
  });
}
