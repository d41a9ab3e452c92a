// How a command of a multi-root window reads which folder it acts in (src/extension/folder-args.ts): a sidebar item's
// folder or the table's `{ folder }`, never a plain string (names and ids are strings) nor a folder outside the
// window; the chooser's order with the active editor's folder first; a sidebar selection spanning two folders split
// into one call per folder, each with that folder's items only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeFirst, namedFolder, perFolder } from '../../src/extension/folder-args';

const roots = ['/w/a', '/w/b', '/w/c'];

test('the folder an item or `{ folder }` names; strings and unknown folders name none', () => {
  assert.equal(namedFolder([['exp-1'], { folder: '/w/b' }], roots), '/w/b');
  assert.equal(namedFolder([{ kind: 'dvcExperiment', row: { id: 'x' }, folder: '/w/c' }], roots), '/w/c');
  assert.equal(namedFolder(['/w/a', ['/w/b']], roots), undefined);
  assert.equal(namedFolder([{ folder: '/elsewhere' }], roots), undefined);
  assert.equal(namedFolder([undefined, null, 3], roots), undefined);
});

test("the chooser offers the active editor's folder first, the others in the window's order", () => {
  assert.deepEqual(activeFirst(roots, '/w/c'), ['/w/c', '/w/a', '/w/b']);
  assert.deepEqual(activeFirst(roots, undefined), roots);
  assert.deepEqual(activeFirst(roots, '/not/open'), roots);
});

test('a selection spanning folders is one call per folder with its own items; anything else passes as given', () => {
  const a1 = { row: { id: 'exp:1/one' }, folder: '/w/a' };
  const b1 = { row: { id: 'exp:1/two' }, folder: '/w/b' };
  const a2 = { row: { id: 'exp:2/three' }, folder: '/w/a' };
  assert.deepEqual(perFolder([a1, [a1, b1, a2]]), [
    [[a1, a2], { folder: '/w/a' }],
    [[b1], { folder: '/w/b' }],
  ]);
  assert.deepEqual(perFolder([a1, [a1, a2]]), [[a1, [a1, a2]]]);
  assert.deepEqual(perFolder([['id-1', 'id-2'], { folder: '/w/b' }]), [[['id-1', 'id-2'], { folder: '/w/b' }]]);
  assert.deepEqual(perFolder([]), [[]]);
});
