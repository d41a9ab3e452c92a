// experiments.jsonl as docs/tracking-store.md describes it: an experiment's id is the first 16 hex digits of the
// SHA-256 of its name (so two processes creating it at once agree), and readers keep the first line of each id and
// skip lines that are not whole experiments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendExperiment, experimentId, readExperiments } from '../../src/core/tracking/local/experiments';

const dir = fs.mkdtempSync(join(tmpdir(), 'mlops-experiments-'));

test("an experiment's id is the first 16 hex digits of the SHA-256 of its UTF-8 name", () => {
  for (const name of ['default', 'ünï ✓', '']) {
    const id = experimentId(name);
    assert.match(id, /^[0-9a-f]{16}$/);
    assert.ok(createHash('sha256').update(Buffer.from(name, 'utf8')).digest('hex').startsWith(id), name);
  }
  assert.notEqual(experimentId('a'), experimentId('b'));
});

test('an appended experiment reads back active, with its line in the documented shape', async () => {
  const file = join(dir, 'appended.jsonl');
  const e = appendExperiment(file, 'baseline', 1234);
  assert.deepEqual(e, { id: experimentId('baseline'), name: 'baseline', lifecycle: 'active', creationTime: 1234 });
  assert.deepEqual(await readExperiments(file), [e]);
  assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8').trim()), {
    t: 'experiment',
    id: e.id,
    name: 'baseline',
    creationTime: 1234,
  });
});

test('readers keep the first line of each id, in order, and skip lines that are not whole experiments', async () => {
  const file = join(dir, 'mixed.jsonl');
  const line = (v: object) => JSON.stringify(v);
  const ok = (name: string, creationTime: number) => ({ t: 'experiment', id: experimentId(name), name, creationTime });
  fs.writeFileSync(
    file,
    [
      line(ok('a', 1)),
      line({ ...ok('b', 2), t: 'run' }),
      line({ ...ok('c', 3), id: 7 }),
      line({ ...ok('d', 4), name: null }),
      line({ ...ok('e', 5), creationTime: '5' }),
      line(ok('f', 6)),
      line({ ...ok('a', 9), name: 'a again' }), // a repeated id: the first line wins
      '{"t":"experiment","id":"torn',
      line(ok('g', 7)),
    ].join('\n') + '\n',
  );
  assert.deepEqual(
    (await readExperiments(file)).map((e) => [e.name, e.creationTime, e.lifecycle]),
    [
      ['a', 1, 'active'],
      ['f', 6, 'active'],
      ['g', 7, 'active'],
    ],
  );
});
