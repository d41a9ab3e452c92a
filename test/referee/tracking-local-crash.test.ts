// The local store under fire: writer processes SIGKILLed again and again, each new one resuming the last run of
// the one before. Each is killed as soon as it has acknowledged a seeded number of metric batches (1 to 8), so
// the kill lands in the operation after that one — a batch of up to 7 MB, a tag, a list — at a point set by the
// writer's progress, not by a timer. (tracking-local-faults.test.ts lays down each cut exactly; this is the whole
// store, processes and all.) Afterwards nothing acknowledged is lost, nothing torn is read,
// and the index equals one rebuilt from the logs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLocalStore } from '../../src/core/tracking/local/store';

const WRITER = join(__dirname, '../support/tracking-writer.ts');
const ROUNDS = 12;
const MAX_BATCH = 150_000; // as in tracking-writer.ts

/** runId → key → number of points whose logMetrics call returned. */
type Acks = Map<string, Map<string, number>>;

async function killedWriter(
  dir: string,
  seed: number,
  resume: string | undefined,
  acks: Acks,
  killAfter: number,
): Promise<string | undefined> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', WRITER, dir, 'crash', String(seed), ...(resume ? [resume] : [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let text = '';
  let last: string | undefined;
  let acked = 0;
  let enough: () => void = () => {};
  const acknowledged = new Promise<void>((resolve) => (enough = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    text += chunk;
    const lines = text.split('\n');
    text = lines.pop() ?? '';
    for (const line of lines) {
      const [, runId, key, n] = line.split(' ');
      const perRun = acks.get(runId!) ?? new Map<string, number>();
      perRun.set(key!, (perRun.get(key!) ?? 0) + Number(n));
      acks.set(runId!, perRun);
      last = runId;
      if (++acked === killAfter) {
        child.kill('SIGKILL');
        enough();
      }
    }
  });
  const exited = once(child, 'exit');
  await Promise.race([acknowledged, exited]);
  const [code, signal] = await exited;
  assert.notEqual(code, 1, 'the writer failed before it was killed');
  assert.equal(signal, 'SIGKILL', `writer exited by itself (code ${String(code)})`);
  return last;
}

test('SIGKILLed writers: nothing acknowledged lost, nothing torn read, index equal to a rebuild', {
  timeout: 300_000,
}, async () => {
  const dir = join(fs.mkdtempSync(join(tmpdir(), 'mlops-crash-')), '.mlops');
  const acks: Acks = new Map();
  let resume: string | undefined;
  for (let round = 1; round <= ROUNDS; round++) {
    resume = (await killedWriter(dir, round, resume, acks, 1 + ((round * 5) % 8))) ?? resume;
    // A reader between crashes, as the extension would be: it must cope with whatever was left.
    await openLocalStore(dir).searchRuns({ lifecycle: 'all' });
  }

  // Every line of every run log is a whole record, except lines a killed write() left unfinished:
  // at most one per kill, and never one in the middle of another record.
  let torn = 0;
  for (const id of fs.readdirSync(join(dir, 'runs'))) {
    const lines = fs.readFileSync(join(dir, 'runs', id, 'log.jsonl'), 'utf8').split('\n');
    const complete = lines.slice(0, -1).filter((l) => l !== '');
    for (const l of complete) {
      try {
        JSON.parse(l);
      } catch {
        torn++;
        assert.match(l, /^\{"t":"/, 'a torn line is the start of one record, not a mix of two');
      }
    }
  }
  assert.ok(torn <= ROUNDS, `${torn} torn lines for ${ROUNDS} kills`);
  const index = fs.readFileSync(join(dir, 'index.jsonl'), 'utf8');
  assert.ok(index.endsWith('\n'), 'index.jsonl is always whole');
  for (const line of index.trimEnd().split('\n'))
    assert.doesNotThrow(() => JSON.parse(line), 'index.jsonl is always whole');

  const store = openLocalStore(dir);
  const listed = (await store.searchRuns({ lifecycle: 'all', pageSize: 50_000 })).items;
  for (const [runId, perKey] of acks) {
    assert.ok(
      listed.some((r) => r.id === runId),
      `acknowledged run ${runId} is listed`,
    );
    for (const [key, n] of perKey) {
      let count = 0;
      let token: string | undefined;
      do {
        const page = await store.getMetricHistory(runId, key, { pageSize: 50_000, pageToken: token });
        count += page.items.length;
        token = page.nextPageToken;
      } while (token);
      // The killed batch may have landed, wholly or in part, after its last ack.
      assert.ok(count >= n && count <= n + MAX_BATCH, `run ${runId} ${key}: ${count} points stored, ${n} acknowledged`);
    }
  }
  assert.deepEqual(
    fs.readdirSync(join(dir, 'writers')),
    [],
    'markers of dead writers are cleared once the index has their runs',
  );

  const fromIndex = JSON.stringify(listed);
  await store.rebuildIndex();
  const rebuilt = (await store.searchRuns({ lifecycle: 'all', pageSize: 50_000 })).items;
  assert.equal(JSON.stringify(rebuilt), fromIndex);
  for (const run of rebuilt.slice(0, 5)) {
    const { outputs: _o, stages: _s, ...full } = (await store.getRun(run.id))!;
    assert.deepEqual(full, run, 'summary.json + tail agrees with the index');
  }
});
