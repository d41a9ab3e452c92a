// Writer markers (writers/<run>~<host>~<pid>[~closed-<unique>]) as a reader judges them: only a marker whose
// writer is provably done on this host is ever deleted; a writer on another host is assumed alive, and a file
// in writers/ that is not exactly a marker is left alone (docs/tracking-store.md, "Writers").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/core/tracking/local/store';

const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, '_') || 'host';

/** The pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout);
}

test("a dead writer's marker on this host is dropped; another host's, and files that only look like markers, stay", async () => {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-writers-')), '.mlops');
  const store = openLocalStore(dir);
  const run = await store.createRun({ experimentId: (await store.createExperiment('e')).id, name: 'r' });
  await store.updateRun(run.id, { status: 'FINISHED', endTime: 2 });
  await store.searchRuns({});
  assert.deepEqual(fs.readdirSync(join(dir, 'writers')), []);
  const pid = deadPid();
  const dead = `${run.id}~${HOST}~${pid}`;
  const stay = [
    `${run.id}~elsewhere.example~${pid}`, // another host: its pid means nothing here
    `x${run.id}~${HOST}~${pid}`,
    `${run.id}~${HOST}~${pid}.bak`,
    `${run.id}~${HOST}~${pid}~closed-zz`,
    'README',
  ];
  for (const name of [dead, ...stay]) fs.writeFileSync(join(dir, 'writers', name), '');
  assert.equal((await store.searchRuns({})).items.length, 1);
  assert.deepEqual(fs.readdirSync(join(dir, 'writers')).sort(), [...stay].sort());
});

test('a marker names this host (anything but letters, digits, dots and dashes made _) and this process', async () => {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-writers-')), '.mlops');
  const store = openLocalStore(dir);
  await store.createRun({ experimentId: (await store.createExperiment('e')).id, name: 'r' });
  const [marker] = fs.readdirSync(join(dir, 'writers'));
  assert.match(marker!, /^[0-9a-f]{32}~[A-Za-z0-9._-]+~\d+$/);
  assert.equal(marker!.split('~')[1], HOST);
  assert.equal(marker!.split('~')[2], String(process.pid));
});
