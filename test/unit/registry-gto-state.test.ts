import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gtoState, type TagRecord } from '../../src/core/registry/gto-state';

const C1 = '1'.repeat(40);
const C2 = '2'.repeat(40);
const C3 = '3'.repeat(40);
let clock = 1_700_000_000;
const tag = (name: string, commit: string, message = ''): TagRecord => ({
  tag: name,
  commit,
  time: clock++,
  message,
  annotated: true,
});

test('the newest assignment of a stage holds it; versions newest semver first', () => {
  const s = gtoState([
    tag('clf@v1.0.0', C1, 'Registering\n\nmlops-run-id: r1\nmlops-md5: aa'),
    tag('clf#prod#1', C1),
    tag('clf@v1.1.0', C2),
    tag('clf#prod#2', C2),
    tag('clf#dev#3', C1),
  ]);
  assert.equal(s.length, 1);
  const clf = s[0]!;
  assert.equal(clf.active, true);
  assert.deepEqual(clf.stages, { dev: 'v1.0.0', prod: 'v1.1.0' });
  assert.deepEqual(
    clf.versions.map((v) => [v.version, v.stages]),
    [
      ['v1.1.0', ['prod']],
      ['v1.0.0', ['dev']],
    ],
  );
  assert.deepEqual(clf.versions[1]!.trailer, { runId: 'r1', md5: 'aa' });
});

test('unassign frees a stage; deregister hides a version; lightweight tags do not count', () => {
  const s = gtoState([
    tag('m@v1.0.0', C1),
    tag('m#prod#1', C1),
    tag('m@v2.0.0', C2),
    tag('m#prod!#2', C1),
    tag('m@v2.0.0!', C2),
    { ...tag('m@v3.0.0', C3), annotated: false },
  ]);
  assert.deepEqual(s[0]!.stages, {});
  assert.deepEqual(
    s[0]!.versions.map((v) => v.version),
    ['v1.0.0'],
  );
});

test('a deprecated model is inactive until a newer event revives it', () => {
  const deprecated = gtoState([tag('old@v1.0.0', C1), tag('old@deprecated', C1)]);
  assert.equal(deprecated[0]!.active, false);
  const revived = gtoState([tag('old@v1.0.0', C1), tag('old@deprecated', C1), tag('old@v1.1.0', C2)]);
  assert.equal(revived[0]!.active, true);
});

test('tags are applied in time order whatever order git lists them in', () => {
  const tags = [tag('n@v1.0.0', C1), tag('n@v1.1.0', C2), tag('n#prod#1', C2), tag('n#prod#2', C1)];
  const forward = gtoState(tags);
  const backward = gtoState([...tags].reverse());
  assert.deepEqual(backward, forward);
  assert.deepEqual(forward[0]!.stages, { prod: 'v1.0.0' });
});

test('nested names keep their folder', () => {
  const s = gtoState([tag('models/a=clf@v0.1.0', C1)]);
  assert.equal(s[0]!.name, 'models/a:clf');
});
