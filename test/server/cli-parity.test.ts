// `mlops validate` and the editor give the same diagnostics on the same files: both go through the core's one
// validation (src/core/pipeline/validate.ts). Over every pipeline fixture and every corpus project, the CLI's JSON
// (run in the project folder, as CI runs it) is compared with what the language server publishes for the same files
// (one server, every project a workspace folder): codes, severities, messages and ranges, params files included.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver-protocol';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { CORPUS, corpusProjects, FIXTURES } from '../support/corpus';
import { LspClient } from './lsp-client';

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];

interface Shown {
  code: string;
  severity: string;
  message: string;
  range: string;
}

const rangeText = (r: LspDiagnostic['range']): string =>
  `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const sorted = (list: Shown[]): Shown[] =>
  list.sort(
    (a, b) => a.range.localeCompare(b.range) || a.code.localeCompare(b.code) || a.message.localeCompare(b.message),
  );

/** `mlops validate --format json` in `folder`: absolute path → diagnostics. */
async function cliDiagnostics(folder: string): Promise<Map<string, Shown[]>> {
  let stdout = '';
  const io: CliIO = { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: folder, env: {} };
  const code = await main(['validate', '--format', 'json'], io);
  assert.ok(code === 0 || code === 1, `mlops validate in ${folder} exited ${code}`);
  const report = JSON.parse(stdout) as {
    files: { path: string; diagnostics: (Omit<Shown, 'range'> & Pick<LspDiagnostic, 'range'>)[] }[];
  };
  return new Map(
    report.files.map((f) => [
      resolve(folder, f.path),
      sorted(
        f.diagnostics.map((d) => ({
          code: d.code,
          severity: d.severity,
          message: d.message,
          range: rangeText(d.range),
        })),
      ),
    ]),
  );
}

const projects = [
  ...readdirSync(FIXTURES, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(FIXTURES, e.name)),
  ...corpusProjects(),
];

let lsp: LspClient | undefined;
after(async () => lsp?.stop());

test('the corpus and the fixtures are there to compare', () => {
  assert.ok(projects.length >= 130, `${projects.length} projects found under ${FIXTURES} and ${CORPUS}`);
});

test('mlops validate and the language server report the same diagnostics on every fixture and corpus project', async () => {
  lsp = await LspClient.start(projects);
  let files = 0;
  let diagnostics = 0;
  let paramsFiles = 0;
  for (const folder of projects) {
    for (const [file, expected] of await cliDiagnostics(folder)) {
      const published = await lsp.diagnostics(file);
      const actual = sorted(
        published.map((d) => ({
          code: String(d.code),
          severity: SEVERITY[d.severity ?? 1]!,
          message: String(d.message),
          range: rangeText(d.range),
        })),
      );
      assert.deepEqual(actual, expected, `${file}: the editor and mlops validate differ`);
      files++;
      diagnostics += expected.length;
      if (!file.endsWith('dvc.yaml')) paramsFiles++;
    }
  }
  // What was compared, so a run that compared nothing cannot pass unnoticed.
  assert.ok(files >= projects.length, `${files} files compared`);
  assert.ok(diagnostics > 100, `${diagnostics} diagnostics compared`);
  assert.ok(paramsFiles >= 1, 'a broken params file is reported on itself by both');
});
