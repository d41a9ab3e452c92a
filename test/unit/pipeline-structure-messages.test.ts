// What the structural checks tell the user, beyond the code: the path to the value in the message (list indexes,
// quoted keys), the value shown (cut at 40 characters), the hint for each kind of wrong type, the did-you-mean and
// its fixes for an unknown key, the hint for a required key of a foreach group, the stage and artifact name rules,
// and that a key reached through a YAML merge (`<<: *anchor`) is reported once, where it is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from '../../src/core/diagnostics';
import { parseYaml } from '../../src/core/pipeline/parse';
import { checkStructure } from '../../src/core/pipeline/structure';

const check = (yaml: string): Diagnostic[] => checkStructure(parseYaml(yaml));
const messages = (yaml: string): string[] => check(yaml).map((d) => d.message);

/** The text a single-line range of `yaml` covers. */
function at(yaml: string, d: Diagnostic): string {
  const line = yaml.split('\n')[d.range.start.line] ?? '';
  return line.slice(d.range.start.character, d.range.end.character);
}

test('invalid-type names the path (indexes, quoted keys), shows the value and hints by kind', () => {
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    outs:\n      - model.pkl:\n          cache: maybe\n'), [
    '`stages.s.outs[0]["model.pkl"].cache` must be `true` or `false`, not a string (`maybe`).',
  ]);
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    wdir: 12\n'), [
    '`stages.s.wdir` must be a string, not a number (`12`). Quote it to make it a string.',
  ]);
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    desc: true\n'), [
    '`stages.s.desc` must be a string, not a boolean (`true`). Quote it to make it a string.',
  ]);
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    wdir: 2024-01-01\n'), [
    '`stages.s.wdir` must be a string, not a date (YAML reads unquoted dates as timestamps) (`2024-01-01`). Quote it to make it a string.',
  ]);
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    frozen:\n'), [
    '`stages.s.frozen` must be `true` or `false`, not empty. Give it a value or remove the key.',
  ]);
  assert.deepEqual(messages('params: some.yaml\n'), [
    '`params` must be a list of strings, not a string (`some.yaml`). Write it as a list: `- item` on its own line, or `[item]`.',
  ]);
  assert.deepEqual(messages('- a\n'), ['dvc.yaml must be a mapping, not a list.']);
});

test('the value shown is cut to 37 characters and an ellipsis past 40, and shown as written', () => {
  const forty = 'a'.repeat(40);
  const fortyOne = 'b'.repeat(41);
  assert.deepEqual(messages(`stages:\n  s:\n    cmd: x\n    frozen: ${forty}\n    always_changed: ${fortyOne}\n`), [
    `\`stages.s.frozen\` must be \`true\` or \`false\`, not a string (\`${forty}\`).`,
    `\`stages.s.always_changed\` must be \`true\` or \`false\`, not a string (\`${'b'.repeat(37)}...\`).`,
  ]);
  // The source text, not the number YAML reads from it.
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    wdir: 0x1F\n'), [
    '`stages.s.wdir` must be a string, not a number (`0x1F`). Quote it to make it a string.',
  ]);
});

test('an empty value is reported on its key, a wrong one on the value', () => {
  const yaml = 'stages:\n  s:\n    cmd: x\n    frozen:\n    always_changed: 3\n';
  assert.deepEqual(
    check(yaml).map((d) => at(yaml, d)),
    ['frozen', '3'],
  );
});

test('a value outside the allowed strings: invalid-value naming them; off-enum in a union: the union said', () => {
  assert.deepEqual(
    check('datasets:\n  - name: d\n    type: git\n').map((d) => [d.code, d.severity, d.message]),
    [['invalid-value', 'warning', '`datasets[0].type` must be one of `dvc`, `dc`, `url`, not `git`.']],
  );
  const offEnum = check('stages:\n  s:\n    cmd: x\n    params:\n      - p.yaml: nope\n');
  assert.deepEqual(
    offEnum.map((d) => d.code),
    ['invalid-type'],
  );
  assert.match(
    offEnum[0]?.message ?? '',
    /^`stages\.s\.params\[0\]\["p\.yaml"\]` must be .*, not a string \(`nope`\)\.$/,
  );
});

test('missing-required-key: anchored on the key or on the first key of a list item; a foreach group is told why', () => {
  const yaml = 'datasets:\n  - type: dvc\n    url: u\n';
  const ds = check(yaml);
  assert.deepEqual(
    ds.map((d) => [d.code, d.message, at(yaml, d)]),
    [['missing-required-key', '`datasets[0]` needs a `name` key. Add `name:`.', 'type']],
  );
  assert.deepEqual(messages('stages:\n  g:\n    foreach: [a, b]\n'), [
    '`stages.g` needs a `do` key: the stage template that `foreach` instantiates. Add `do:`.',
  ]);
  assert.deepEqual(messages('stages:\n  g:\n    do:\n      cmd: x\n'), [
    '`stages.g` needs a `foreach` key: what `do` iterates over. Add `foreach:`.',
  ]);
  assert.deepEqual(messages('stages:\n  s:\n    deps: [a]\n'), ['`stages.s` needs a `cmd` key. Add `cmd:`.']);
});

test('unknown-key: aliases and near names as fixes (preferred only when alone), top level, allowed keys', () => {
  const alias = check('stages:\n  s:\n    command: x\n').filter((d) => d.code === 'unknown-key');
  assert.deepEqual(
    alias.map((d) => [d.message, d.fixes?.map((f) => [f.title, f.edits[0]?.newText, f.preferred])]),
    [['Unknown key `command` in `stages.s`. Did you mean `cmd`?', [['Rename to `cmd`', 'cmd', true]]]],
  );
  // Two near names: both offered, neither preferred.
  const two = check('stages:\n  s:\n    cmd: x\n    desp: [a]\n');
  assert.deepEqual(
    two.map((d) => [d.message, d.fixes?.map((f) => [f.title, f.preferred])]),
    [
      [
        'Unknown key `desp` in `stages.s`. Did you mean `deps` or `desc`?',
        [
          ['Rename to `deps`', false],
          ['Rename to `desc`', false],
        ],
      ],
    ],
  );
  const top = check('stagez:\n  s:\n    cmd: x\n');
  assert.deepEqual(
    top.map((d) => d.message),
    ['Unknown key `stagez` at the top level of dvc.yaml. Did you mean `stages`?'],
  );
  const none = check('stages:\n  s:\n    cmd: x\n    qqqqqqqqqqqq: 1\n');
  assert.equal(
    none[0]?.message,
    'Unknown key `qqqqqqqqqqqq` in `stages.s`. Allowed keys: `cmd`, `wdir`, `deps`, `params`, `outs`, `metrics`, `plots`, `frozen`, `always_changed`, `desc`, `meta`, `vars`, `matrix`.',
  );
  assert.equal(none[0]?.fixes, undefined);
});

test('unknown-key: a stage at the top level, and every stage key beside foreach, say where it belongs', () => {
  assert.deepEqual(messages('train:\n  deps: [a]\n  cmd: x\n'), [
    'Unknown key `train` at the top level of dvc.yaml. It looks like a stage: stages go under `stages:`.',
  ]);
  // A top-level mapping without cmd is not taken for a stage.
  assert.doesNotMatch(messages('train:\n  deps: [a]\n')[0] ?? '', /looks like a stage/);
  const keys = ['cmd', 'wdir', 'deps', 'params', 'outs', 'metrics', 'plots', 'frozen', 'always_changed', 'desc'];
  const more = ['meta', 'vars', 'matrix'];
  const yaml = `stages:\n  g:\n    foreach: [a]\n    do:\n      cmd: x\n${[...keys, ...more].map((k) => `    ${k}: 1\n`).join('')}`;
  const moved = check(yaml).filter((d) => d.message.includes('stage keys go under `do:`'));
  assert.deepEqual(
    moved.map((d) => at(yaml, d)),
    [...keys, ...more],
  );
});

test('stage names: `@` outside a group, `:` and other punctuation, each with its message', () => {
  assert.deepEqual(
    check('stages:\n  a@b:\n    cmd: x\n').map((d) => [d.code, d.severity, d.message]),
    [
      [
        'invalid-stage-name',
        'error',
        'Stage name `a@b` contains `@`, which DVC reserves for stages generated by foreach/matrix (`name@key`): DVC cannot find this stage. Rename it, e.g. `a-b`.',
      ],
    ],
  );
  // A group may be named with `@` (its members split back to it): only the hint `dvc stage add` would give.
  for (const group of ['foreach: [x]\n    do:\n      cmd: y\n', 'matrix:\n      m: [1]\n    cmd: y\n']) {
    assert.deepEqual(
      check(`stages:\n  a@b:\n    ${group}`).map((d) => [d.code, d.severity]),
      [['invalid-stage-name', 'hint']],
    );
  }
  assert.deepEqual(
    check('stages:\n  data:prep:\n    cmd: x\n  v1.2:\n    cmd: x\n').map((d) => [d.severity, d.message]),
    [
      [
        'warning',
        'Stage name `data:prep` contains `:`, which separates a dvc.yaml path from a stage name on the command line: `dvc repro data:prep` cannot address it. Rename the stage.',
      ],
      [
        'hint',
        'Stage name `v1.2` contains `.`: DVC runs it, but `dvc stage add` only allows letters, digits, `_` and `-`.',
      ],
    ],
  );
});

test('artifact names: the whole name must fit (not a prefix), a `${}` name is left to interpolation', () => {
  const yaml = 'artifacts:\n  model!:\n    path: m.pkl\n  ${name}:\n    path: n.pkl\n  ok-model/v2:\n    path: o.pkl\n';
  assert.deepEqual(
    check(yaml).map((d) => [d.code, d.severity, d.message]),
    [
      [
        'invalid-artifact-name',
        'warning',
        'Artifact name `model!` is not valid for the model registry: use letters, digits, `-`, `_`, `/`, starting and ending with a letter or digit.',
      ],
    ],
  );
});

test('deprecated-key says what to do instead', () => {
  assert.deepEqual(
    check('stages:\n  s:\n    cmd: x\n    outs:\n      - m.pkl:\n          checkpoint: true\n').map((d) => [
      d.code,
      d.severity,
      d.message,
    ]),
    [
      [
        'deprecated-key',
        'warning',
        '`checkpoint` is deprecated: checkpoints were removed in DVC 3; delete this flag (use DVCLive steps for per-epoch tracking).',
      ],
    ],
  );
});

test('a mistake reached through a YAML merge is reported once, where it is written', () => {
  const yaml = 'stages:\n  a: &base\n    cmd: x\n    frozen: maybe\n  b:\n    <<: *base\n    deps: [i]\n';
  const ds = check(yaml);
  assert.deepEqual(
    ds.map((d) => [d.code, d.range.start.line]),
    [['invalid-type', 3]],
  );
});

test('an empty plot mapping: invalid-type telling what to write inside it', () => {
  assert.deepEqual(messages('plots:\n  - {}\n'), [
    '`plots[0]` is an empty mapping: write `plot id: ...` inside it, or remove it.',
  ]);
});

test('an empty list item is anchored on itself; a key like `[a]` is quoted in the path like any other', () => {
  const yaml = 'datasets:\n  - {}\n';
  assert.deepEqual(
    check(yaml).map((d) => [d.message, at(yaml, d)]),
    [
      ['`datasets[0]` needs a `name` key. Add `name:`.', '{}'],
      ['`datasets[0]` needs a `type` key. Add `type:`.', '{}'],
    ],
  );
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    outs:\n      - "[a]":\n          cache: maybe\n'), [
    '`stages.s.outs[0]["[a]"].cache` must be `true` or `false`, not a string (`maybe`).',
  ]);
});

test('the foreach and stage hints only where they apply, the quote hint only for a string', () => {
  // A stage key at the top level is not in a foreach group; a mapping with cmd below the top is not a stage.
  const top = messages('deps: [a]\n');
  assert.equal(top.length, 1);
  assert.doesNotMatch(top[0] ?? '', /foreach|looks like a stage/);
  const nested = messages('stages:\n  s:\n    cmd: x\n    sub:\n      cmd: y\n');
  assert.equal(nested.length, 1);
  assert.doesNotMatch(nested[0] ?? '', /looks like a stage/);
  assert.deepEqual(messages('stages:\n  s:\n    cmd: x\n    frozen: 3\n    wdir: [a]\n'), [
    '`stages.s.frozen` must be `true` or `false`, not a number (`3`).',
    '`stages.s.wdir` must be a string, not a list.',
  ]);
});
