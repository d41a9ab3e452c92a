// Params files read as DVC reads them; the Python expectations are DVC's own parse_py output on the same text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paramsFormat, parseParamsText, readParamsFile } from '../../src/core/pipeline/params-files';
import { findParam, lookupKey } from '../../src/core/pipeline/params-keys';
import { PyFloat } from '../../src/core/pipeline/py-value';
import { memoryFs } from '../support/memory-fs';

const PY = `import os
LR = 0.001
EPOCHS: int = 10
NAME = "res" "net"
RAW = r"a\\nb"
ESC = 'a\\tb'
LAYERS = [64, 32, (1, 2)]
TUP = 1, 2
CFG = {'depth': 3, 'act': {'name': 'relu'}, "x": -1.5}
NEG = -2
FLT = 2.0
HEXV = 0x1F
EXPR = 1 + 2
CALL = dict(a=1)
FSTR = f"{LR}"
a = b = 3
x, y = 1, 2
DATA_DIR = os.path.join("a", "b")
if True:
    INNER = 1
def helper():
    HIDDEN = 1
class Train:
    lr = 0.1
    batch = 32
    class Opt:
        name = "adam"
    def __init__(self):
        self.seed = 42
        local = 5
    def other(self):
        self.no = 1
@dataclass
class Data:
    path: str = "data.csv"
    shuffle = True
NONE = None; BOOL = False
MULTI = [
    1,  # one
    2,
]
self.top = 7
`;

test('format follows the extension; anything unknown is YAML', () => {
  assert.deepEqual(['a.json', 'b.TOML', 'c.py', 'd.yaml', 'e.yml', 'f.cfg'].map(paramsFormat), [
    'json',
    'toml',
    'python',
    'yaml',
    'yaml',
    'yaml',
  ]);
});

test("format follows the suffix from the name's first dot, as DVC's load_path picks: two dots make it YAML", () => {
  assert.deepEqual(
    ['conf/params.prod.toml', 'eval-metrics.ml-1m.json', 'dir.v2/p.json', 'x.tar.py', 'C:\\a.b\\p.json'].map(
      paramsFormat,
    ),
    ['yaml', 'yaml', 'json', 'yaml', 'json'],
  );
  // Compact JSON reads alike as YAML; TOML does not, and the error says why DVC read it as YAML.
  assert.deepEqual(parseParamsText('m.ml-1m.json', '{"a":{"b":1.0}}').values, { a: { b: new PyFloat(1) } });
  const toml = parseParamsText('params.prod.toml', '[train]\nlr = 0.1\n');
  assert.match(
    toml.error?.message ?? '',
    /DVC reads 'params\.prod\.toml' as YAML.*'\.prod\.toml'.*'params-prod\.toml'/,
  );
  // Asked for by extension (plot data), the same text is TOML.
  assert.deepEqual(parseParamsText('params.prod.toml', '[train]\nlr = 0.1\n', 'toml').values, { train: { lr: 0.1 } });
});

test('Python: literals, classes and __init__ self-attributes, nothing executed', () => {
  const f = parseParamsText('/p/params.py', PY);
  assert.equal(f.error, undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(f.values)), {
    LR: 0.001,
    EPOCHS: 10,
    NAME: 'resnet',
    RAW: 'a\\nb',
    ESC: 'a\tb',
    LAYERS: [64, 32, [1, 2]],
    TUP: [1, 2],
    CFG: { depth: 3, act: { name: 'relu' }, x: -1.5 },
    NEG: -2,
    FLT: 2,
    HEXV: 31,
    Train: { lr: 0.1, batch: 32, Opt: { name: 'adam' }, seed: 42 },
    Data: { path: 'data.csv', shuffle: true },
    NONE: null,
    BOOL: false,
    MULTI: [1, 2],
    top: 7,
  });
  assert.ok(f.values.FLT instanceof PyFloat, '2.0 stays a float');
  assert.deepEqual(f.keys.get('Train.Opt.name'), {
    start: { line: 26, character: 8 },
    end: { line: 26, character: 12 },
  });
  assert.deepEqual(f.keys.get('CFG.act.name')?.start, { line: 8, character: 27 });
  assert.deepEqual(f.keys.get('Train.seed')?.start, { line: 28, character: 13 });
});

test('Python: a tokenizer error is a parse error with its range', () => {
  const f = parseParamsText('/p/params.py', 'A = 1\nB = "open\n');
  assert.match(f.error?.message ?? '', /unterminated string/);
  assert.equal(f.error?.range.start.line, 1);
  assert.equal(parseParamsText('/p/x.py', 'A = (1,\n').error?.message.includes('never closed'), true);
});

test('YAML: values, float-ness, key ranges, anchors and merge keys', () => {
  const f = parseParamsText(
    '/p/params.yaml',
    'train:\n  lr: 1.0\n  layers:\n    - size: 3\nbase: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n',
  );
  assert.equal(f.error, undefined);
  assert.ok(f.values.train && (f.values.train as { lr: unknown }).lr instanceof PyFloat);
  assert.deepEqual(JSON.parse(JSON.stringify(f.values)), {
    train: { lr: 1, layers: [{ size: 3 }] },
    base: { x: 1 },
    derived: { y: 2, x: 1 },
  });
  assert.deepEqual(f.keys.get('train.lr'), { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } });
  assert.deepEqual(f.keys.get('train.layers.0.size')?.start, { line: 3, character: 6 });
  assert.deepEqual(parseParamsText('/p/e.yaml', '').values, {});
  // Only a plain << merges: a quoted one is a key, as ruamel (DVC) reads it (found by the json-loads property test).
  assert.deepEqual(parseParamsText('/p/q.yaml', `'<<': {a: 1}\nb: 2\n`).values, { '<<': { a: 1 }, b: 2 });
  assert.deepEqual(parseParamsText('/p/q.ml.json', '{"<<": 0}').values, { '<<': 0 });
});

test('YAML: syntax errors, duplicate keys and non-mapping documents are errors with ranges', () => {
  const bad = parseParamsText('/p/params.yaml', 'a: 1\nb: [1, 2\n');
  assert.match(bad.error?.message ?? '', /^YAML syntax error/);
  assert.match(parseParamsText('/p/params.yaml', 'a: 1\na: 2\n').error?.message ?? '', /YAML syntax error/);
  assert.match(parseParamsText('/p/params.yaml', '- 1\n- 2\n').error?.message ?? '', /mapping .* found a list/);
});

test('JSON: values with key ranges; the last duplicate wins; errors located', () => {
  const f = parseParamsText('/p/params.json', '{\n  "a": {"b": 2.0},\n  "a2": 1, "a2": 3\n}');
  assert.deepEqual(JSON.parse(JSON.stringify(f.values)), { a: { b: 2 }, a2: 3 });
  assert.ok((f.values.a as { b: unknown }).b instanceof PyFloat);
  assert.deepEqual(f.keys.get('a.b')?.start, { line: 1, character: 8 });
  const bad = parseParamsText('/p/params.json', '{"a": 1,,}');
  assert.match(bad.error?.message ?? '', /^JSON syntax error at line 1, column 9/);
  assert.deepEqual(bad.error?.range.start, { line: 0, character: 8 });
  // A params file linked to /proc/self/environ: the message says where, never what the file holds.
  const environ = parseParamsText('/p/params.json', 'PATH=/usr/bin\0AWS_SECRET_ACCESS_KEY=abc123\0');
  assert.doesNotMatch(environ.error?.message ?? '', /PATH|AWS|abc123|usr/);
  assert.match(environ.error?.message ?? '', /^JSON syntax error at line 1, column 1/);
  assert.deepEqual(parseParamsText('/p/params.json', '[]').values, {});
});

test('TOML: tables, arrays of tables, dotted keys, ranges, errors', () => {
  const f = parseParamsText(
    '/p/params.toml',
    'lr = 1.0\nepochs = 3\n[train]\nbatch = 32\nopt.name = "adam"\n[[stages]]\nname = "a"\n[[stages]]\nname = "b"\n',
  );
  assert.equal(f.error, undefined);
  assert.deepEqual(JSON.parse(JSON.stringify(f.values)), {
    lr: 1,
    epochs: 3,
    train: { batch: 32, opt: { name: 'adam' } },
    stages: [{ name: 'a' }, { name: 'b' }],
  });
  assert.ok(f.values.lr instanceof PyFloat);
  assert.equal(f.values.epochs, 3);
  assert.deepEqual(f.keys.get('train.opt.name')?.start, { line: 4, character: 0 });
  assert.deepEqual(f.keys.get('stages.1.name')?.start, { line: 8, character: 0 });
  const bad = parseParamsText('/p/params.toml', 'a = \n');
  assert.match(bad.error?.message ?? '', /^TOML syntax error/);
  assert.equal(bad.error?.range.start.line, 0);
});

test('lookups: dotted, indexed, and DVC-style params keys with globs', () => {
  const v = { train: { lr: 0.1, layers: [{ size: 3 }] }, a1: 1 };
  assert.deepEqual(lookupKey(v, 'train.layers[0].size'), { found: true, value: 3 });
  assert.deepEqual(lookupKey(v, 'train.layers.0.size'), { found: true, value: 3 });
  assert.deepEqual(lookupKey(v, 'train.lrr'), { found: false, missing: 'lrr', parent: 'train' });
  assert.equal(findParam(v, 'train.lr').found, true);
  assert.equal(findParam(v, 'train.layers.0.size').found, true);
  assert.equal(findParam(v, 'train.*').found, true);
  assert.equal(findParam(v, 'a?').found, true);
  assert.equal(findParam(v, 'train.nope').found, false);
  assert.equal(findParam(v, 'train.lr.x').found, false);
});

test('readParamsFile reads through the FileSystem and answers undefined for a missing file', () => {
  const fs = memoryFs({ '/w/params.yaml': 'a: 1\n' });
  assert.deepEqual(readParamsFile(fs, '/w/params.yaml')?.values, { a: 1 });
  assert.equal(readParamsFile(fs, '/w/nope.yaml'), undefined);
});

test('param keys with unbalanced or inverted brackets are matched literally, never thrown on', () => {
  assert.deepEqual(findParam({ 't[rain': { lr: 1 } } as never, 't[rain.lr'), { found: true });
  assert.deepEqual(findParam({ train: { lr: 1 } } as never, 't[rain.lr'), { found: false });
  assert.deepEqual(findParam({ train: { lr: 1 } } as never, 't[rs]ain.lr'), { found: true });
  assert.deepEqual(findParam({ a: 1 } as never, '[z-a]'), { found: false });
});
