// The exported JSON Schema, run by yaml-language-server (what editors use), agrees with our structural checks:
// every fixture we find structurally sound it accepts, every structural error of ours it rejects too.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server/lib/umd/languageservice/yamlLanguageService';
import { pipelineJsonSchema } from '../../src/core/pipeline/json-schema';
import { parseYaml } from '../../src/core/pipeline/parse';
import { checkStructure } from '../../src/core/pipeline/structure';

const FIXTURES = path.resolve(__dirname, '../fixtures/pipelines');
// Codes the JSON Schema cannot express: name rules and checks that depend on YAML scalar typing beyond JSON.
const SCHEMA_BLIND = new Set(['invalid-stage-name', 'invalid-artifact-name']);

function service() {
  const schema = pipelineJsonSchema();
  const ls = getLanguageService({
    schemaRequestService: async () => JSON.stringify(schema),
    workspaceContext: { resolveRelativePath: (p: string) => p },
  } as unknown as Parameters<typeof getLanguageService>[0]);
  ls.configure({
    validate: true,
    hover: false,
    completion: false,
    schemas: [{ uri: 'file:///dvc-schema.json', fileMatch: ['*.yaml'], schema }],
  } as never);
  return ls;
}

const INLINE: Record<string, string> = {
  valid:
    'stages:\n  s:\n    cmd: [a, b]\n    outs: [{m: {cache: false}}]\n    params: [{p.json: [a]}, {q.yaml: null}]\n',
  unknownKey: 'stages:\n  s:\n    cmd: a\n    dep: [x]\n',
  wrongType: 'stages:\n  s:\n    cmd: a\n    frozen: "no"\n',
  noCmd: 'stages:\n  s:\n    deps: [a]\n',
  foreachExtra: 'stages:\n  s:\n    foreach: [a]\n    cmd: x\n    do: {cmd: y}\n',
};

test('yaml-language-server with our JSON Schema agrees with the structural checks', async () => {
  const ls = service();
  const cases: Array<[string, string]> = Object.entries(INLINE);
  for (const name of readdirSync(FIXTURES))
    cases.push([name, readFileSync(path.join(FIXTURES, name, 'dvc.yaml'), 'utf8')]);
  const disagreements: string[] = [];
  for (const [name, text] of cases) {
    const parsed = parseYaml(text);
    if (parsed.diagnostics.length > 0) continue; // syntax problems: both sides report them their own way
    const ours = checkStructure(parsed).filter((d) => !SCHEMA_BLIND.has(d.code));
    const theirs = await ls.doValidation(TextDocument.create(`file:///t/${name}/dvc.yaml`, 'yaml', 1, text), false);
    if (ours.length > 0 !== theirs.length > 0)
      disagreements.push(
        `${name}: ours ${ours.map((d) => d.code)} vs yaml-language-server ${theirs.map((d) => d.message)}`,
      );
  }
  assert.ok(cases.length > 15);
  assert.deepEqual(disagreements, []);
});
