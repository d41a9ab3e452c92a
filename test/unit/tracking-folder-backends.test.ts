// The backends of a multi-root window's folders (core/tracking/folder-backends.ts): folders resolving to one store
// (the same `.mlops/` folder, an MLflow server) are one backend listed with all its folders; a view puts a backend of
// one folder under that folder and a shared one beside the folders; a run is found in the store that holds it, with
// real local stores on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBackend, openTrackingStore } from '../../src/core/backend';
import { byLocation, sections, storeHolding } from '../../src/core/tracking/folder-backends';
import { openLocalStore } from '../../src/core/tracking/local/store';
import type { TrackingStore } from '../../src/core/tracking/types';

const noAuth = () => ({ kind: 'none' }) as const;

function folders(...names: string[]): string[] {
  const top = fs.mkdtempSync(join(tmpdir(), 'mlops-folders-'));
  return names.map((n) => {
    fs.mkdirSync(join(top, n));
    return join(top, n);
  });
}

test('each folder with its own store is its own backend; a store URI shared by folders is one backend', () => {
  const [a, b, c] = folders('a', 'b', 'c') as [string, string, string];
  const own = [a, b].map((folder) => ({
    folder,
    backend: openTrackingStore(resolveBackend(undefined, folder, noAuth)),
  }));
  const shared = join(a, 'shared-store');
  // A relative local URI resolves per folder: `../a/shared-store` from b and c is a's store.
  const viaUri = [b, c].map((folder) => ({
    folder,
    backend: openTrackingStore(resolveBackend(join('..', 'a', 'shared-store'), folder, noAuth)),
  }));
  const served = byLocation([...own, ...viaUri]);
  assert.deepEqual(
    served.map((s) => [s.backend.location, s.folders]),
    [
      [join(a, '.mlops'), [a]],
      [join(b, '.mlops'), [b]],
      [shared, [b, c]],
    ],
  );
  const { own: mine, shared: common } = sections(served);
  assert.deepEqual([...mine.keys()], [a, b]);
  assert.equal(mine.get(a)?.location, join(a, '.mlops'));
  assert.deepEqual(
    common.map((s) => s.folders),
    [[b, c]],
  );
});

test('an MLflow server is one backend for every folder, listed beside them', () => {
  const [a, b] = folders('a', 'b') as [string, string];
  const uri = 'http://127.0.0.1:5999';
  const served = byLocation(
    [a, b].map((folder) => ({ folder, backend: openTrackingStore(resolveBackend(uri, folder, noAuth)) })),
  );
  assert.equal(served.length, 1);
  assert.deepEqual(served[0]?.folders, [a, b]);
  const { own, shared } = sections(served);
  assert.equal(own.size, 0);
  assert.equal(shared.length, 1);
});

test('a run is found in the store that holds it; none holds an unknown id', async () => {
  const [a, b] = folders('a', 'b') as [string, string];
  const sa: TrackingStore = openLocalStore(join(a, '.mlops'));
  const sb: TrackingStore = openLocalStore(join(b, '.mlops'));
  const exp = await sb.createExperiment('default');
  const run = await sb.createRun({ experimentId: exp.id, name: 'in-b' });
  assert.equal(await storeHolding([sa, sb], run.id), sb);
  assert.equal(await storeHolding([sa, sb], 'no-such-run'), undefined);
});

test('a store that cannot be read is skipped when another answers, its error thrown when none does', async () => {
  const [a] = folders('a') as [string];
  const good = openLocalStore(join(a, '.mlops'));
  const exp = await good.createExperiment('default');
  const run = await good.createRun({ experimentId: exp.id, name: 'kept' });
  // A real MLflow store on a closed port: every request fails.
  const unreachable = openTrackingStore(resolveBackend('http://127.0.0.1:9', a, noAuth));
  assert.equal(await storeHolding([unreachable, good], run.id), good);
  await assert.rejects(storeHolding([unreachable], run.id));
});
