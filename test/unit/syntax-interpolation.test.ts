// The TextMate injection grammar for `${...}` in dvc.yaml: its patterns (plain regular expressions, the same in
// Oniguruma and JavaScript for the constructs used) find what DVC interpolates and skip what it does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const grammar = JSON.parse(
  readFileSync(join(__dirname, '../../syntaxes/dvc-interpolation.tmLanguage.json'), 'utf8'),
) as {
  scopeName: string;
  injectionSelector: string;
  repository: { interpolation: { begin: string; end: string } };
};
const pkg = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};

/** Every `${...}` the grammar would open and close in a line of text. */
function spans(line: string): string[] {
  const begin = new RegExp(grammar.repository.interpolation.begin, 'g');
  const end = new RegExp(grammar.repository.interpolation.end, 'g');
  const found: string[] = [];
  for (let m = begin.exec(line); m; m = begin.exec(line)) {
    end.lastIndex = m.index + m[0].length;
    const e = end.exec(line);
    const stop = e ? e.index + e[0].length : line.length;
    found.push(line.slice(m.index, stop));
    begin.lastIndex = stop;
  }
  return found;
}

test('the grammar is contributed as an injection into YAML, outside comments', () => {
  const entry = pkg.contributes.grammars.find((g) => g.scopeName === grammar.scopeName);
  assert.deepEqual(entry, {
    scopeName: 'dvc.interpolation.injection',
    path: './syntaxes/dvc-interpolation.tmLanguage.json',
    injectTo: ['source.yaml'],
  });
  assert.equal(grammar.injectionSelector, 'L:source.yaml -comment');
});

test('`${...}` spans: dotted and indexed names, several per line; escaped and GitHub `${{` left alone', () => {
  assert.deepEqual(spans('cmd: python train.py --lr ${train.lr} --layer ${layers[0].size}'), [
    '${train.lr}',
    '${layers[0].size}',
  ]);
  assert.deepEqual(spans('outs: [data/${item}/${key}.csv]'), ['${item}', '${key}']);
  assert.deepEqual(spans('cmd: echo \\${not} ${{ github.sha }}'), []);
});
