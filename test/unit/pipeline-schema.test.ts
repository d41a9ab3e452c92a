// schema.ts queries (for completion and hover) and the JSON Schema generated from the same definition.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { pipelineJsonSchema } from '../../src/core/pipeline/json-schema';
import { describeKey, keysAt } from '../../src/core/pipeline/schema-queries';

const names = (path: Array<string | number>) =>
  keysAt(path)
    .map((k) => k.name)
    .sort();

test('the top level and stage keys are exactly those of DVC 3', () => {
  assert.deepEqual(names([]), ['artifacts', 'datasets', 'metrics', 'params', 'plots', 'stages', 'vars']);
  assert.deepEqual(names(['stages', 'train']), [
    'always_changed',
    'cmd',
    'deps',
    'desc',
    'do',
    'foreach',
    'frozen',
    'matrix',
    'meta',
    'metrics',
    'outs',
    'params',
    'plots',
    'vars',
    'wdir',
  ]);
  assert.deepEqual(
    names(['stages', 'g', 'do']),
    names(['stages', 'train']).filter((k) => k !== 'do' && k !== 'foreach'),
  );
});

test('output flags and plot properties are reachable by path', () => {
  assert.deepEqual(names(['stages', 's', 'outs', 0, 'model.pkl']), [
    'cache',
    'checkpoint',
    'desc',
    'labels',
    'meta',
    'persist',
    'push',
    'remote',
    'type',
  ]);
  const plot = names(['stages', 's', 'plots', 0, 'loss.csv']);
  for (const k of ['x', 'y', 'template', 'title', 'x_label', 'y_label', 'header', 'cache'])
    assert.ok(plot.includes(k), k);
  assert.deepEqual(names(['plots', 0, 'my plot']), ['template', 'title', 'x', 'x_label', 'y', 'y_label']);
  assert.deepEqual(names(['artifacts', 'model']), ['desc', 'labels', 'meta', 'path', 'type']);
});

test('describeKey documents keys, including free-form ones', () => {
  const cmd = describeKey(['stages', 'train', 'cmd']);
  assert.equal(cmd?.required, true);
  assert.match(cmd?.doc ?? '', /command/);
  assert.match(describeKey(['stages', 'train'])?.doc ?? '', /^Stage name\./);
  assert.equal(describeKey(['stages', 's', 'outs', 0, 'm', 'checkpoint'])?.deprecated !== undefined, true);
  assert.equal(describeKey(['stages', 'train', 'nope']), undefined);
  for (const k of keysAt(['stages', 'x'])) assert.ok(k.doc.length > 20, `${k.name} has documentation`);
});

test('the JSON Schema mirrors the definition', () => {
  const schema = pipelineJsonSchema() as {
    $schema: string;
    properties: Record<
      string,
      { additionalProperties?: { anyOf?: Array<{ required?: string[]; properties?: object }> } }
    >;
    additionalProperties: boolean;
  };
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(Object.keys(schema.properties).sort(), names([]));
  const stageOptions = schema.properties.stages?.additionalProperties?.anyOf ?? [];
  assert.deepEqual(
    stageOptions.map((o) => o.required),
    [['foreach', 'do'], ['cmd']],
  );
  // Serializable, and every property has a description for hover in yaml-language-server.
  const text = JSON.stringify(schema);
  assert.ok(text.length > 1000);
  assert.ok(!text.includes('"description":""'));
});
