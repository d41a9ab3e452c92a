// Semantic checks against a workspace: each one mirrors an error `dvc repro` stops on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSemantics } from '../../src/core/pipeline/semantics';
import { memoryFs } from '../support/memory-fs';
import { pipeline, stage } from '../support/pipeline-builder';

const codes = (m: Map<string, { code: string }[]>, file = '/w/dvc.yaml') => (m.get(file) ?? []).map((d) => d.code);

test('a clean pipeline produces nothing', () => {
  const fs = memoryFs({ '/w/raw.csv': 'x', '/w/params.yaml': 'train:\n  lr: 0.1\n', '/w/dvc.yaml': '' });
  const p = pipeline('/w/dvc.yaml', [
    stage('prep', { deps: ['raw.csv'], outs: ['data'] }),
    stage('train', { deps: ['data/a.csv'], params: ['train.lr'], outs: ['model.pkl'] }),
  ]);
  assert.deepEqual(checkSemantics([p], fs), new Map([['/w/dvc.yaml', []]]));
});

test('dependency-cycle on every stage of the cycle, naming it', () => {
  const p = pipeline('/w/dvc.yaml', [
    stage('a', { deps: ['b.out'], outs: ['a.out'] }),
    stage('b', { deps: ['a.out'], outs: ['b.out'] }),
    stage('ok'),
  ]);
  const diags = checkSemantics([p], memoryFs({})).get('/w/dvc.yaml')!;
  assert.deepEqual(
    diags.map((d) => [d.code, d.range.start.line]),
    [
      ['dependency-cycle', p.stages[0]!.nameRange.start.line],
      ['dependency-cycle', p.stages[1]!.nameRange.start.line],
    ],
  );
  assert.match(diags[0]!.message, /^Dependency cycle: a → b → a\./);
  assert.equal(diags[0]!.related?.[0]?.message, "'b' is on the cycle");
});

test('missing-dependency, unless on disk, written by a stage, or tracked by a .dvc file; near misses as fixes', () => {
  const fs = memoryFs({ '/w/dvc.yaml': 'stages:\n', '/w/data/train.csv': '', '/w/images.dvc': '' });
  const p = pipeline('/w/dvc.yaml', [
    stage('s', {
      deps: ['data/train.csv', 'data/trian.csv', 'images/cat.png', 'gen/x', 'http://host/file', 'nothing/here.bin'],
    }),
    stage('g', { outs: ['gen'] }),
  ]);
  const diags = checkSemantics([p], fs).get('/w/dvc.yaml')!;
  assert.deepEqual(
    diags.map((d) => d.code),
    ['missing-dependency', 'missing-dependency'],
  );
  assert.equal(
    diags[0]!.message,
    "Dependency 'data/trian.csv' of stage 's' does not exist and no stage outputs it. Did you mean 'data/train.csv'?",
  );
  assert.deepEqual(diags[0]!.range, p.stages[0]!.deps[1]!.range);
  assert.match(diags[1]!.message, /Create it, fix the path, or add the stage that writes it/);
});

test("a dependency deep inside another stage's output folder is satisfied, across wdir and pipelines", () => {
  const top = pipeline('/w/dvc.yaml', [
    stage('gen', { outs: ['out/gen'] }),
    stage('use', { deps: ['out/gen/a/b.csv'] }),
    stage('sub', { wdir: 'src', deps: ['../out/gen/c'] }),
    stage('far', { deps: ['out/genx/c', 'out/ge'] }),
  ]);
  const nested = pipeline('/w/n/dvc.yaml', [stage('n', { deps: ['../out/gen/d/e'] })]);
  const m = checkSemantics([top, nested], memoryFs({ '/w/dvc.yaml': '', '/w/n/dvc.yaml': '' }));
  // Only the two paths that merely share a prefix with the output are missing.
  assert.deepEqual(
    (m.get('/w/dvc.yaml') ?? []).map((d) => [d.code, d.severity, d.message.split(' of ')[0]]),
    [
      ['missing-dependency', 'error', "Dependency 'out/genx/c'"],
      ['missing-dependency', 'error', "Dependency 'out/ge'"],
    ],
  );
  assert.deepEqual(codes(m, '/w/n/dvc.yaml'), []);
});

test('the near-miss fix is offered only where the source text is that literal path', () => {
  const text = 'stages:\n  s:\n    deps:\n      - data/trian.csv\n';
  const fs = memoryFs({ '/w/dvc.yaml': text, '/w/data/train.csv': '' });
  const s = stage('s', { deps: ['data/trian.csv'] });
  s.deps[0]!.range = { start: { line: 3, character: 8 }, end: { line: 3, character: 22 } };
  const d = checkSemantics([pipeline('/w/dvc.yaml', [s])], fs).get('/w/dvc.yaml')![0]!;
  assert.deepEqual(d.fixes, [
    {
      title: "Change to 'data/train.csv'",
      edits: [{ range: s.deps[0]!.range, newText: 'data/train.csv' }],
      preferred: true,
    },
  ]);
});

test('duplicate-output names every writer; overlapping-outputs reports the pair on both', () => {
  const p = pipeline('/w/dvc.yaml', [
    stage('a', { outs: ['model.pkl', 'data'] }),
    stage('b', { outs: ['model.pkl'] }),
    stage('c', { outs: ['data/sub/x'] }),
  ]);
  const diags = checkSemantics([p], memoryFs({})).get('/w/dvc.yaml')!;
  assert.deepEqual(
    diags.map((d) => d.code),
    ['duplicate-output', 'duplicate-output', 'overlapping-outputs', 'overlapping-outputs'],
  );
  assert.match(diags[0]!.message, /^Output 'model.pkl' is declared more than once \(by 'a', 'b'\)/);
  assert.deepEqual(diags[1]!.related?.[0]?.range, p.stages[0]!.outs[0]!.path.range);
  assert.match(diags[2]!.message, /Outputs 'data' \(stage 'a'\) and 'data\/sub\/x' \(stage 'c'\) overlap/);
  assert.deepEqual(diags[2]!.range, p.stages[2]!.outs[0]!.path.range);
  assert.deepEqual(diags[3]!.range, p.stages[0]!.outs[1]!.path.range);
});

test('missing-params-file once per stage and file; undefined-param with did-you-mean and an add fix', () => {
  const fs = memoryFs({ '/w/params.yaml': 'train:\n  lr: 0.1\n  epochs: 3\nseed: 1\n', '/w/dvc.yaml': '' });
  const p = pipeline('/w/dvc.yaml', [
    stage('a', { params: ['train.lr', 'train.lrr', 'seed', ['other.yaml', 'x'], ['other.yaml', 'y'], ['whole.json']] }),
  ]);
  const diags = checkSemantics([p], fs).get('/w/dvc.yaml')!;
  assert.deepEqual(
    diags.map((d) => d.code),
    ['undefined-param', 'missing-params-file', 'missing-params-file'],
  );
  assert.equal(
    diags[1]!.message,
    "Params file 'other.yaml' does not exist. Stage 'a' reads 'x' from it. Create it, or fix the file name.",
  );
  assert.equal(diags[2]!.message, "Params file 'whole.json' does not exist. Create it, or fix the file name.");
  const undef = diags[0]!;
  assert.equal(
    undef.message,
    "Param 'train.lrr' is not defined in 'params.yaml' (stage 'a'). Did you mean 'train.lr'? Add it to the file or fix the name.",
  );
  assert.deepEqual(undef.range, p.stages[0]!.params[1]!.key!.range);
  const add = undef.fixes?.find((f) => f.title.startsWith('Add'));
  assert.deepEqual(add, {
    title: "Add 'train.lrr' to params.yaml",
    edits: [
      {
        file: '/w/params.yaml',
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: '  lrr: null\n',
      },
    ],
  });
});

test('the add-param fix creates missing parents at the end of the file', () => {
  const fs = memoryFs({ '/w/params.yaml': 'seed: 1', '/w/dvc.yaml': '' });
  const p = pipeline('/w/dvc.yaml', [stage('a', { params: ['model.opt.lr'] })]);
  const d = checkSemantics([p], fs).get('/w/dvc.yaml')![0]!;
  assert.deepEqual(d.fixes?.[0]?.edits[0], {
    file: '/w/params.yaml',
    range: { start: { line: 0, character: 7 }, end: { line: 0, character: 7 } },
    newText: '\nmodel:\n  opt:\n    lr: null\n',
  });
});

test('an unreadable params file is reported once, pointing at its error', () => {
  const fs = memoryFs({ '/w/params.yaml': 'a: [1\n', '/w/dvc.yaml': '' });
  const p = pipeline('/w/dvc.yaml', [stage('a', { params: ['a', 'b'] })]);
  const diags = checkSemantics([p], fs).get('/w/dvc.yaml')!;
  assert.deepEqual(codes(new Map([['/w/dvc.yaml', diags]])), ['invalid-params-file']);
  assert.equal(diags[0]!.related?.[0]?.file, '/w/params.yaml');
});

test('outputs and cycles across pipelines: diagnostics land in each file', () => {
  const a = pipeline('/w/dvc.yaml', [stage('x', { outs: ['shared.txt'] })]);
  const b = pipeline('/w/sub/dvc.yaml', [stage('y', { outs: ['../shared.txt'] })]);
  const m = checkSemantics([a, b], memoryFs({}));
  assert.deepEqual(codes(m), ['duplicate-output']);
  assert.deepEqual(codes(m, '/w/sub/dvc.yaml'), ['duplicate-output']);
  assert.match(m.get('/w/dvc.yaml')![0]!.message, /by 'x', 'sub\/dvc.yaml:y'/);
});

test('a 1,000-stage chain, each stage reading the one before, is clean; one broken link is the one diagnostic', () => {
  const chain = (broken: number) =>
    Array.from({ length: 1000 }, (_, i) =>
      stage(`s${i}`, {
        deps: i === 0 ? [] : [i === broken ? `out/${i - 1}.bin.old` : `out/${i - 1}.bin`],
        outs: [`out/${i}.bin`],
      }),
    );
  assert.deepEqual(codes(checkSemantics([pipeline('/w/dvc.yaml', chain(-1))], memoryFs({}))), []);
  const stages = chain(500);
  const diags = checkSemantics([pipeline('/w/dvc.yaml', stages)], memoryFs({})).get('/w/dvc.yaml') ?? [];
  assert.deepEqual(
    diags.map((d) => [d.code, d.severity, d.range]),
    [['missing-dependency', 'error', stages[500]!.deps[0]!.range]],
  );
});

test('a path listed twice in one section of one stage is merged, as DVC does; outs and metrics of one stage clash', () => {
  const twice = stage('a', { outs: ['x.txt', 'x.txt'] });
  assert.deepEqual(codes(checkSemantics([pipeline('/w/dvc.yaml', [twice])], memoryFs({}))), []);
  const clash = stage('b', { outs: ['m.json'] });
  clash.outs.push({ ...clash.outs[0]!, kind: 'metrics', path: { value: 'm.json', range: clash.nameRange } });
  assert.deepEqual(codes(checkSemantics([pipeline('/w/dvc.yaml', [clash])], memoryFs({}))), [
    'duplicate-output',
    'duplicate-output',
  ]);
});
