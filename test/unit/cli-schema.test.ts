import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { runCli } from '../support/cli';

test('mlops schema prints a draft-07 JSON Schema of dvc.yaml on stdout', async () => {
  const r = await runCli(['schema'], tmpdir());
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '');
  const schema = JSON.parse(r.stdout) as {
    $schema: string;
    type: string;
    properties: Record<string, unknown>;
    additionalProperties: unknown;
  };
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.type, 'object');
  for (const key of ['stages', 'vars', 'params', 'metrics', 'plots', 'artifacts', 'datasets'])
    assert.ok(key in schema.properties, key);
  assert.equal(schema.additionalProperties, false);
});

test('mlops schema takes no arguments', async () => {
  const r = await runCli(['schema', 'dvc.yaml'], tmpdir());
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^mlops schema: unexpected argument 'dvc\.yaml'/);
});
