// The table of a window of several folders: each folder's rows under its folder row, ids scoped so that two
// DVC projects of one git repository (the same commits) do not collide, and every id mapped back to its folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineFolders, folderRowId, idsByFolder } from '../../src/core/experiments/table-folders';
import type { ExpRow } from '../../src/core/experiments/table-rows';
import { experimentRows } from '../webview/experiment-rows';

test('one folder: its rows and ids unchanged, no folder row', () => {
  const rows = experimentRows(2);
  const table = combineFolders([{ folder: '/w/a', name: 'a', rows }]);
  assert.deepEqual(table.rows, rows);
  assert.equal(table.idIn('/w/a', 'workspace'), 'workspace');
  assert.deepEqual([...idsByFolder(table, ['workspace', 'nope'])], [['/w/a', ['workspace']]]);
});

test('two folders sharing commits: folder rows first, ids and parents scoped, each id back to its own folder', () => {
  const rows = experimentRows(2);
  const table = combineFolders([
    { folder: '/w/a', name: 'a', rows },
    { folder: '/w/b', name: 'b', rows, problem: 'no commit yet' },
  ]);
  assert.equal(table.rows.length, 2 * rows.length + 2);
  assert.deepEqual(table.rows[0], { kind: 'folder', id: folderRowId('/w/a'), name: 'a', folder: '/w/a' });
  assert.deepEqual(table.rows[rows.length + 1], {
    kind: 'folder',
    id: folderRowId('/w/b'),
    name: 'b',
    folder: '/w/b',
    problem: 'no commit yet',
  });
  const ids = table.rows.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'no id twice');
  const exp = rows.find((r): r is Extract<ExpRow, { kind: 'experiment' }> => r.kind === 'experiment');
  assert.ok(exp);
  const inB = table.rows.find((r) => r.kind === 'experiment' && r.folder === '/w/b' && r.name === exp.name);
  assert.ok(inB?.kind === 'experiment');
  assert.equal(inB.parent, table.idIn('/w/b', exp.parent));
  assert.ok(
    table.rows.some((r) => r.id === inB.parent),
    'its baseline row is in the table under the same id',
  );
  assert.deepEqual(
    [...idsByFolder(table, [table.idIn('/w/b', exp.id), table.idIn('/w/a', 'workspace'), folderRowId('/w/a')])],
    [
      ['/w/b', [exp.id]],
      ['/w/a', ['workspace']],
    ],
  );
});
