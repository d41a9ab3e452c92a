import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArtifacts, readArtifacts } from '../../src/core/registry/artifacts';
import { nodeFileSystem } from '../../src/core/fs';

test('artifacts of the root and of nested dvc.yaml files get GTO names and root-relative paths', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlops-artifacts-'));
  writeFileSync(
    join(root, 'dvc.yaml'),
    'stages: {}\nartifacts:\n  clf:\n    path: models/clf.pkl\n    type: model\n    desc: a classifier\n',
  );
  mkdirSync(join(root, 'nlp'));
  writeFileSync(
    join(root, 'nlp', 'dvc.yaml'),
    'artifacts:\n  tagger:\n    path: ./out/../model.bin\n  broken: {type: model}\n',
  );
  const found = readArtifacts(root, nodeFileSystem);
  assert.deepEqual([...found.keys()].sort(), ['clf', 'nlp:tagger']);
  assert.equal(found.get('clf')!.path, 'models/clf.pkl');
  assert.equal(found.get('clf')!.type, 'model');
  assert.equal(found.get('nlp:tagger')!.path, 'nlp/model.bin');
});

test('a dvc.yaml that does not parse or has no artifacts declares none', () => {
  assert.deepEqual(parseArtifacts('stages: [', '', 'dvc.yaml'), []);
  assert.deepEqual(parseArtifacts('stages: {}\n', '', 'dvc.yaml'), []);
  assert.deepEqual(parseArtifacts('artifacts: [a, b]\n', '', 'dvc.yaml'), []);
});
