import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseOrderBy, parseRunFilter } from '../../src/core/tracking/filter';
import { searchInMemory, summaryView } from '../../src/core/tracking/query';
import { TrackingError } from '../../src/core/tracking/errors';
import type { RunQuery, RunStatus, RunSummary } from '../../src/core/tracking/types';

function run(i: number, over: Partial<RunSummary> = {}): RunSummary {
  return {
    status: 'FINISHED',
    endTime: 2000 + i,
    id: i.toString(16).padStart(32, '0'),
    experiment: 'e',
    experimentId: 'e1',
    name: `run-${i}`,
    startTime: 1000 + i,
    params: {},
    metrics: {},
    git: null,
    tags: {},
    lifecycle: 'active',
    ...over,
  } as RunSummary;
}

test('parses MLflow-style filters into structured conditions', () => {
  assert.deepEqual(
    parseRunFilter(
      "metrics.accuracy > 0.9 and params.lr = '0.1' AND tags.`my tag` != \"x\" and status IN ('FINISHED', 'failed') and name LIKE '%Base%'",
    ),
    {
      statuses: ['FINISHED', 'FAILED'],
      text: 'Base',
      conditions: [
        { kind: 'metric', key: 'accuracy', op: '>', value: 0.9 },
        { kind: 'param', key: 'lr', op: '=', value: '0.1' },
        { kind: 'tag', key: 'my tag', op: '!=', value: 'x' },
      ],
    },
  );
  assert.deepEqual(parseRunFilter('metrics.train/loss <= -1e-3 and status != RUNNING'), {
    statuses: ['FINISHED', 'FAILED', 'KILLED'],
    conditions: [{ kind: 'metric', key: 'train/loss', op: '<=', value: -0.001 }],
  });
  assert.deepEqual(parseRunFilter('  '), {});
});

test('a bad filter says where and how to fix it', () => {
  const cases: [string, RegExp][] = [
    ['metrics.acc > high', /column 15: metrics.acc compares with a number/],
    ["params.lr > '0.1'", /column 11: params are strings: compare them with = or !=/],
    ['metrics > 1', /column 1: 'metrics' needs a key/],
    ['colour = 1', /unknown field 'colour'/],
    ["status = 'DONE'", /'DONE' is not a status/],
    ['metrics.a > 1 or metrics.b > 2', /column 15: expected 'and'/],
    ["name LIKE 'abc'", /only substring patterns/],
    ['metrics.a >', /expected a number, found the end/],
  ];
  for (const [text, re] of cases) {
    assert.throws(
      () => parseRunFilter(text),
      (e: unknown) => e instanceof TrackingError && e.code === 'invalid-argument' && re.test(e.message),
      text,
    );
  }
});

test('parses order-by lists', () => {
  assert.deepEqual(parseOrderBy('metrics.acc DESC, params.lr, start_time asc'), [
    { field: { kind: 'metric', key: 'acc' }, descending: true },
    { field: { kind: 'param', key: 'lr' }, descending: false },
    { field: { kind: 'attribute', key: 'startTime' }, descending: false },
  ]);
  assert.throws(() => parseOrderBy('tags.x'), /ordering by tags is not supported/);
});

test('filters on status, name text, metric, param and tag conditions together', () => {
  const runs = [
    run(1, { metrics: { acc: 0.95 }, params: { lr: '0.1' }, name: 'Baseline A' }),
    run(2, { metrics: { acc: 0.85 }, params: { lr: '0.1' }, name: 'baseline b' }),
    run(3, { metrics: { acc: 0.99 }, params: { lr: '0.2' }, name: 'baseline c' }),
    run(4, { metrics: {}, params: { lr: '0.1' }, name: 'baseline d' }),
    {
      ...run(5, { metrics: { acc: 0.97 }, params: { lr: '0.1' }, name: 'BASELINE e', tags: { t: 'x' } }),
      status: 'RUNNING',
      endTime: null,
    } as RunSummary,
  ];
  const ids = (q: RunQuery) => searchInMemory(runs, q, summaryView).items.map((r) => r.name);
  assert.deepEqual(
    ids({ filter: parseRunFilter("metrics.acc > 0.9 and params.lr = '0.1' and name LIKE '%baseline%'") }),
    ['BASELINE e', 'Baseline A'],
  );
  assert.deepEqual(ids({ filter: parseRunFilter("metrics.acc > 0.9 and status = 'FINISHED' and params.lr = '0.1'") }), [
    'Baseline A',
  ]);
  assert.deepEqual(ids({ filter: parseRunFilter("tags.t = 'x'") }), ['BASELINE e']);
  assert.deepEqual(ids({ filter: parseRunFilter("tags.t != 'x'") }), []); // runs without the tag do not match, as MLflow
  assert.deepEqual(ids({ experimentIds: ['other'] }), []);
});

test('orders by metric with runs missing it last in both directions; ties by newest start', () => {
  const runs = [
    run(1, { metrics: { acc: 0.5 } }),
    run(2),
    run(3, { metrics: { acc: 0.9 } }),
    run(4, { metrics: { acc: 0.5 } }),
    run(5, { metrics: { acc: NaN } }),
  ];
  const order = (descending: boolean) =>
    searchInMemory(runs, { orderBy: [{ field: { kind: 'metric', key: 'acc' }, descending }] }, summaryView).items.map(
      (r) => r.name,
    );
  assert.deepEqual(order(true), ['run-3', 'run-4', 'run-1', 'run-5', 'run-2']);
  assert.deepEqual(order(false), ['run-4', 'run-1', 'run-3', 'run-5', 'run-2']);
});

const arbRuns = fc.array(
  fc.record({
    acc: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    lr: fc.constantFrom('0.1', '0.01', undefined),
    status: fc.constantFrom<RunStatus>('FINISHED', 'FAILED', 'KILLED'),
    start: fc.integer({ min: 0, max: 50 }),
  }),
  { maxLength: 300 },
);

test('pages concatenate to exactly the fully sorted result (property)', () => {
  fc.assert(
    fc.property(arbRuns, fc.integer({ min: 1, max: 40 }), fc.boolean(), (specs, size, desc) => {
      const runs = specs.map((s, i) =>
        run(i, {
          startTime: s.start,
          status: s.status,
          metrics: s.acc === undefined ? {} : { acc: s.acc },
          params: s.lr ? { lr: s.lr } : {},
        }),
      );
      const q: RunQuery = {
        orderBy: [{ field: { kind: 'metric', key: 'acc' }, descending: desc }],
        filter: { statuses: ['FINISHED', 'FAILED'] },
      };
      const all = searchInMemory(runs, { ...q, pageSize: 50_000 }, summaryView).items;
      const paged: RunSummary[] = [];
      let token: string | undefined;
      do {
        const page = searchInMemory(runs, { ...q, pageSize: size, pageToken: token }, summaryView);
        assert.ok(page.items.length <= size);
        paged.push(...page.items);
        token = page.nextPageToken;
      } while (token);
      assert.deepEqual(
        paged.map((r) => r.id),
        all.map((r) => r.id),
      );
      assert.equal(all.length, specs.filter((s) => s.status !== 'KILLED').length);
      for (let i = 1; i < all.length; i++) {
        const a = all[i - 1]!.metrics.acc;
        const b = all[i]!.metrics.acc;
        if (b !== undefined) assert.ok(a !== undefined && (desc ? a >= b : a <= b));
      }
    }),
  );
});

test('page sizes and tokens are checked', () => {
  assert.throws(() => searchInMemory([], { pageSize: 0 }, summaryView), /page size 0 is out of range/);
  assert.throws(() => searchInMemory([], { pageToken: 'zzz' }, summaryView), /not one this store issued/);
});
