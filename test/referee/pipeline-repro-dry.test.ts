// Real DVC referees the diagnostics about the workspace, which DVC only checks when it runs: `dvc repro --dry`
// (repo.reproduce(dry=True), one Python process for every case; pipeline-repro-dry-corpus does the same over the
// shared corpus). Where it succeeds we report no error-severity
// diagnostic at all (no false positive); where it fails, our error is of the kind its cause is: a missing
// dependency (FileNotFoundError) or missing params (MissingParamsError). Upstream outputs are laid down in the
// cases that read them: DVC's dry run hashes every dependency, so it fails on an output not built yet.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { venvBin, venvEnv } from '../support/python';
import { type DryVerdict, ourErrors, reproDry, SAME_CAUSE } from './dvc-repro-dry';

interface Crafted {
  name: string;
  files: Record<string, string>;
  /** The code we must report when DVC fails; none when it succeeds. */
  code?: string;
}

const stage = (body: string) => `stages:\n  s:\n    cmd: echo\n${body}    outs: [o.txt]\n`;

const CASES: Crafted[] = [
  {
    name: 'deps and params all there',
    files: { 'dvc.yaml': stage('    deps: [in.txt]\n    params: [a]\n'), 'in.txt': 'x', 'params.yaml': 'a: 1\n' },
  },
  {
    name: 'a dependency nothing writes is missing',
    files: { 'dvc.yaml': stage('    deps: [in.txt]\n') },
    code: 'missing-dependency',
  },
  {
    // DVC never reads a frozen stage's deps or params (changed_deps is False): ours are warnings, not errors.
    name: 'a frozen stage whose dependency, params key and params file are missing',
    files: {
      'dvc.yaml': stage('    frozen: true\n    deps: [in.txt]\n    params: [b, p2.yaml:]\n'),
      'params.yaml': 'a: 1\n',
    },
  },
  {
    name: 'a params key is missing',
    files: { 'dvc.yaml': stage('    params: [b]\n'), 'params.yaml': 'a: 1\n' },
    code: 'undefined-param',
  },
  {
    name: 'a params file is missing',
    files: { 'dvc.yaml': stage('    params: [p2.yaml:]\n') },
    code: 'missing-params-file',
  },
  {
    name: "a dependency inside another stage's output folder, that output built",
    files: {
      'dvc.yaml':
        'stages:\n  a:\n    cmd: echo\n    outs: [gen]\n  b:\n    cmd: echo\n    deps: [gen/x.txt, gen/sub]\n    outs: [o.txt]\n',
      'gen/x.txt': 'x',
      'gen/sub/y.txt': 'y',
    },
  },
  {
    name: 'params of a vars file and a foreach, all there',
    files: {
      'dvc.yaml':
        'vars: [conf.yaml]\nstages:\n  s:\n    foreach: ${items}\n    do:\n      cmd: echo ${item}\n      params:\n        - conf.yaml:\n            - items\n      outs:\n        - o-${item}.txt\n',
      'conf.yaml': 'items: [p, q]\n',
    },
  },
];

/** A DVC repository (without git) made once and copied per case: `dvc init` costs a second. */
function caseRoots(): string[] {
  const template = mkdtempSync(join(tmpdir(), 'mlops-dry-template-'));
  execFileSync(join(venvBin(), 'dvc'), ['init', '--no-scm', '-q'], { cwd: template, env: venvEnv() });
  return CASES.map((c) => {
    const root = mkdtempSync(join(tmpdir(), 'mlops-dry-'));
    cpSync(template, root, { recursive: true });
    for (const [p, text] of Object.entries(c.files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    return root;
  });
}

const roots = caseRoots();
let theirs = new Map<string, DryVerdict>();

before(async () => {
  theirs = await reproDry(roots.map((root) => ({ root })));
});

CASES.forEach((c, i) => {
  test(`dvc repro --dry referee: ${c.name}`, () => {
    const root = roots[i] as string;
    const dry = theirs.get(root);
    assert.ok(dry && (dry.phase === 'dry' || dry.phase === 'load'), `DVC ran ${root}`);
    const errors = ourErrors(root);
    if (dry.ok) {
      assert.equal(c.code, undefined, 'DVC succeeds where the case expects a failure');
      assert.deepEqual(
        errors.map((d) => d.text),
        [],
        'dvc repro --dry succeeds: no error of ours',
      );
      return;
    }
    assert.ok(c.code, `DVC fails (${dry.cause}: ${dry.message}) where the case expects success`);
    assert.ok(SAME_CAUSE[dry.cause]?.includes(c.code), `DVC's ${dry.cause} is not what ${c.code} says`);
    assert.deepEqual(
      errors.map((d) => d.code),
      [c.code],
      `DVC: ${dry.cause}: ${dry.message}`,
    );
  });
});
