// Our json.dumps (core/pipeline/python-json.ts) against Python's own, on values as DVC loads them from a
// params.yaml (ruamel.yaml through dvc.utils.serialize): the bytes DVC hashes for the run cache and an
// experiment's hash, and prints for `--json`. Whole floats, exponents, NaN and infinities, non-ASCII and astral
// characters, control characters, keys whose order differs between UTF-16 and code points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonJson } from '../../src/core/pipeline/python-json';
import { loadParamsFile } from '../../src/core/runner/params';
import { venvBin, venvEnv } from '../support/python';

const PARAMS = [
  'floats: [1.0, 0.1, 1e-05, 1.5e+16, 1e16, -0.0, 123456789.125, 3.0e-4, .nan, .inf, -.inf]',
  'ints: [0, -7, 42, 9007199254740991]',
  'flags: [true, false, null]',
  'text: "caf\\u00e9 \\U0001F600 tab\\there \\"quoted\\" back\\\\slash \\x7f \\x01"',
  'keys:',
  '  "\\uFF5E": 1',
  '  "\\U0001F600": 2',
  '  b: 3',
  '  A: 4',
  '  size: 5',
  'nested: {list: [{z: 1, a: [1.0, 2]}, []], empty: {}}',
  '',
].join('\n');

function python(file: string, options: string): string {
  const code = `import json,sys\nfrom dvc.utils.serialize import load_yaml\nsys.stdout.write(json.dumps(load_yaml(sys.argv[1]), ${options}))`;
  return execFileSync(join(venvBin(), 'python'), ['-c', code, file], { env: venvEnv(), encoding: 'utf8' });
}

test('json.dumps of loaded params: sort_keys with ensure_ascii, and insertion order without it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-pyjson-'));
  try {
    const file = join(dir, 'params.yaml');
    writeFileSync(file, PARAMS);
    const read = loadParamsFile(file);
    assert.ok(read.ok, JSON.stringify(read));
    assert.equal(pythonJson(read.data, { sortKeys: true }), python(file, 'sort_keys=True'));
    assert.equal(pythonJson(read.data, { ensureAscii: false }), python(file, 'ensure_ascii=False'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
