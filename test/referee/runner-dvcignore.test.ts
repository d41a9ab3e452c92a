// Real DVC is the referee of how .dvcignore shapes a tracked folder's hash: root, ancestor and nested
// .dvcignore files, negation, anchoring, a sub-repository, an ignored dependency folder, a .dvcignore above the
// repository (ignored), an output folder holding ignored files. Our Hasher must give the md5/size/nfiles DVC
// writes to dvc.lock; after our run `dvc status` is clean and after `dvc repro` ours is; both agree when an
// ignored file or a .dvcignore changes; both refuse a tracked folder holding a .dvcignore. Then DVC's own
// matcher confirms the pattern table the unit tests use, and its own lookup the rule each refusal names; DVC and
// mlops refuse the same outputs .dvcignore ignores, by the same rule (and accept ignored deps); and DVC's own
// walk is compared with ours on seeded random trees and .dvcignore files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { Hasher } from '../../src/core/runner/hash';
import { ignoredOutputs, stageWdir } from '../../src/core/runner/status';
import type { StageNode } from '../../src/core/runner/workspace';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { runCli } from '../support/cli';
import { ROOT_CASES } from '../support/dvcignore-cases';
import { RULE_CASES } from '../support/dvcignore-rule-cases';
import { venvBin, venvEnv } from '../support/python';
import { dvc, dvcRepo, dvcStatus } from '../support/runner-workspace';

const VERDICTS = join(__dirname, 'dvcignore_verdicts.py');

const ROOT_IGNORE = '*.tmp\nlogs/\n!keep.tmp\n/data/x\n**/y\n.DS_Store\nign/\n';

const PIPELINE = `
stages:
  use:
    cmd: mkdir -p out/logs && echo o > out/o.txt && echo t > out/t.tmp && echo l > out/logs/l.txt && echo k > out/keep.tmp
    deps: [data, a/data, ign, ign/f]
    outs: [out]
`;

const FILES: Record<string, string> = {
  'dvc.yaml': PIPELINE,
  'data/a.txt': 'a\n',
  'data/b.tmp': 'b\n',
  'data/keep.tmp': 'keep\n',
  'data/x': 'x\n',
  'data/.DS_Store': 'ds\n',
  'data/.hg': 'a file named .hg is data\n',
  'data/logs/l.txt': 'log\n',
  'data/y/z.txt': 'z\n',
  // A nested .dvcignore must ignore itself, or DVC refuses the folder.
  'data/sub/.dvcignore': '.dvcignore\n/deep\n',
  'data/sub/s.txt': 's\n',
  'data/sub/x': 'sx\n',
  'data/sub/deep/d.txt': 'd\n',
  // A sub-repository: left out.
  'data/nested/.dvc/config': '',
  'data/nested/n.txt': 'n\n',
  'a/.dvcignore': 'b.txt\n',
  'a/data/a.txt': 'aa\n',
  'a/data/b.txt': 'ab\n',
  'ign/f': 'ignored folder, tracked file\n',
};

/** The scenario repository, inside a folder whose own .dvcignore (above the repository root) must not count. */
function scenarioRepo(): string {
  const outer = mkdtempSync(join(tmpdir(), 'mlops-dvcignore-outer-'));
  writeFileSync(join(outer, '.dvcignore'), 'a.txt\n');
  const root = dvcRepo(FILES, `${basename(outer)}/repo-`);
  writeFileSync(join(root, '.dvcignore'), readFileSync(join(root, '.dvcignore'), 'utf8') + ROOT_IGNORE);
  commitAll(root);
  return root;
}

function commitAll(root: string): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A'], { cwd: root });
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'x', '--allow-empty'], {
    cwd: root,
  });
}

interface LockOut {
  path: string;
  md5: string;
  size: number;
  nfiles?: number;
}

function lockEntries(root: string): LockOut[] {
  const lock = parse(readFileSync(join(root, 'dvc.lock'), 'utf8')) as {
    stages: { use: { deps: LockOut[]; outs: LockOut[] } };
  };
  return [...lock.stages.use.deps, ...lock.stages.use.outs];
}

async function ourStages(root: string): Promise<{ name: string; status: string; reasons: string[] }[]> {
  const r = await runCli(['status', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { stages: { name: string; status: string; reasons: string[] }[] }).stages;
}

async function assertAgree(root: string, expectChanged: string[]): Promise<void> {
  const ours = (await ourStages(root)).filter((s) => s.status !== 'up-to-date').map((s) => s.name);
  assert.deepEqual(ours, Object.keys(dvcStatus(root)), 'mlops status vs dvc status');
  assert.deepEqual(ours, expectChanged);
}

test('our hashes of tracked folders are the md5, size and nfiles dvc repro writes to dvc.lock', async () => {
  const root = scenarioRepo();
  dvc(root, 'repro');
  const entries = lockEntries(root);
  const hasher = new Hasher();
  for (const e of entries) {
    const ours = await hasher.hashPath(join(root, e.path));
    assert.deepEqual(
      ours && { md5: ours.md5, size: ours.size, nfiles: ours.kind === 'dir' ? ours.nfiles : undefined },
      { md5: e.md5, size: e.size, nfiles: e.nfiles },
      e.path,
    );
  }
  // The scenario really exercises the rules: what DVC kept of each folder.
  const byPath = new Map(entries.map((e) => [e.path, e]));
  assert.equal(byPath.get('data')?.nfiles, 5, 'a.txt keep.tmp .hg sub/s.txt sub/x');
  assert.equal(
    byPath.get('a/data')?.nfiles,
    1,
    'a.txt (the .dvcignore above the repository does not count; a/.dvcignore does)',
  );
  assert.equal(byPath.get('ign')?.nfiles, 0, 'an ignored dependency folder hashes as empty');
  assert.equal(byPath.get('out')?.nfiles, 2, 'o.txt keep.tmp');
});

test("after mlops run dvc status is clean and dvc.lock says what DVC's says; after dvc repro mlops agrees", async () => {
  const ours = scenarioRepo();
  const r = await runCli(['run', '--json'], ours);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(dvcStatus(ours), {});

  const theirs = scenarioRepo();
  dvc(theirs, 'repro');
  assert.deepEqual(
    parse(readFileSync(join(ours, 'dvc.lock'), 'utf8')),
    parse(readFileSync(join(theirs, 'dvc.lock'), 'utf8')),
  );
  await assertAgree(theirs, []);

  // Ignored files change: nothing to do for either.
  writeFileSync(join(theirs, 'data/b.tmp'), 'changed\n');
  writeFileSync(join(theirs, 'data/logs/l.txt'), 'changed\n');
  writeFileSync(join(theirs, 'data/sub/deep/d.txt'), 'changed\n');
  writeFileSync(join(theirs, 'ign/new'), 'new\n');
  writeFileSync(join(theirs, 'out/t.tmp'), 'changed\n');
  await assertAgree(theirs, []);

  // A .dvcignore edit that lets files in: both see the stage changed; our run makes DVC content again.
  const rootIgnore = readFileSync(join(theirs, '.dvcignore'), 'utf8');
  writeFileSync(join(theirs, '.dvcignore'), rootIgnore.replace('*.tmp\n', ''));
  await assertAgree(theirs, ['use']);
  const again = await runCli(['run'], theirs);
  assert.equal(again.code, 0, again.stderr);
  await assertAgree(theirs, []);
  assert.equal(lockEntries(theirs).find((e) => e.path === 'data')?.nfiles, 6, 'b.tmp is in now');

  // An edit of a nested .dvcignore counts as well.
  writeFileSync(join(theirs, 'data/sub/.dvcignore'), '.dvcignore\n');
  await assertAgree(theirs, ['use']);
});

test('a tracked folder holding a .dvcignore that does not ignore itself: DVC and mlops both refuse', async () => {
  const root = scenarioRepo();
  dvc(root, 'repro');
  mkdirSync(join(root, 'data/more'));
  writeFileSync(join(root, 'data/more/.dvcignore'), 'q\n');
  const theirs = spawnSync(join(venvBin(), 'dvc'), ['status'], { cwd: root, env: venvEnv(), encoding: 'utf8' });
  assert.notEqual(theirs.status, 0);
  assert.match(theirs.stderr, /\.dvcignore file should not be in collected dir path/);
  const ours = await runCli(['status'], root);
  assert.equal(ours.code, 2);
  assert.match(ours.stderr, /data\/more\/\.dvcignore: DVC refuses to hash a tracked folder/);
});

test("DVC's own matcher gives the verdicts of the unit tests' pattern table", () => {
  const out = execFileSync(join(venvBin(), 'python'), [VERDICTS, 'match'], {
    input: JSON.stringify(ROOT_CASES.map(({ lines, path, isDir }) => ({ lines, path, isDir }))),
    env: venvEnv(),
    encoding: 'utf8',
  });
  const verdicts = JSON.parse(out) as boolean[];
  ROOT_CASES.forEach((c, i) =>
    assert.equal(verdicts[i], c.ignored, `${JSON.stringify(c.lines)} on ${c.path}${c.isDir ? '/' : ''}`),
  );
});

// ---- outputs that .dvcignore ignores: DVC refuses the pipeline, and so do we ----

/** DVC's own lookup of the rule that ignores a path (the one its refusal of an output names), per case. */
const RULE_LOOKUP = `
import json, os, shutil, sys, tempfile
from dvc.fs import localfs
from dvc.ignore import DvcIgnoreFilter
out = []
for case in json.load(sys.stdin):
    root = os.path.realpath(tempfile.mkdtemp(prefix="dvcignore-rule-"))
    with open(os.path.join(root, ".dvcignore"), "w", encoding="utf-8") as f:
        f.write(case["dvcignore"])
    target = os.path.join(root, *case["path"].split("/"))
    if case["isDir"]:
        os.makedirs(target)
    result = DvcIgnoreFilter(localfs, root).check_ignore(target)
    out.append(str(result.pattern_infos[-1]) if result.match else None)
    shutil.rmtree(root)
print(json.dumps(out))
`;

test("DVC's own lookup names the rules of the unit tests' rule table", () => {
  const out = execFileSync(join(venvBin(), 'python'), ['-c', RULE_LOOKUP], {
    input: JSON.stringify(RULE_CASES),
    env: venvEnv(),
    encoding: 'utf8',
  });
  const named = JSON.parse(out) as (string | null)[];
  RULE_CASES.forEach((c, i) =>
    assert.equal(named[i] ?? undefined, c.rule, `${JSON.stringify(c.dvcignore)} on ${c.path}${c.isDir ? '/' : ''}`),
  );
});

const REFUSING_IGNORE = '# outputs\nign\nout.txt\noutdir\n*.csv\n!keep.csv\n/w/*.bin\ntm.json\ndirout/\n';

/** Stages whose one output .dvcignore ignores (each would touch `ran`), and those DVC accepts. */
const REFUSED: Record<string, string> = {
  file: 'outs: [out.txt]',
  folder: 'outs: [outdir]',
  nested: 'metrics: [sub/m.json]',
  plots: 'plots: [p.csv]',
  below: 'outs: [ign/o]',
  wdir: 'wdir: w\n    outs: [o.bin]',
};
const ACCEPTED =
  'metrics: [tm.json]\nstages:\n  keep:\n    cmd: echo k > keep.csv\n    deps: [ign, ign/f]\n    outs: [keep.csv]\n';

function stagesYaml(stages: Record<string, string>): string {
  return `stages:\n${Object.entries(stages)
    .map(([name, body]) => `  ${name}:\n    cmd: touch ran\n    ${body}\n`)
    .join('')}`;
}

function refusalRepo(dvcYaml: string): string {
  return dvcRepo(
    {
      '.dvcignore': REFUSING_IGNORE,
      'sub/.dvcignore': '.dvcignore\nm.json\n',
      'ign/f': 'f\n',
      'outdir/x': 'x\n',
      'w/in.txt': 'w\n',
      'dvc.yaml': dvcYaml,
    },
    'mlops-dvcignore-outs-',
  );
}

/** DVC's refusal (`dvc status`) as [the output's absolute path, `file:line:pattern`]; undefined when it accepts. */
function dvcRefusal(root: string): [string, string] | undefined {
  const r = spawnSync(join(venvBin(), 'dvc'), ['status'], { cwd: root, env: venvEnv(), encoding: 'utf8' });
  if (r.status === 0) return undefined;
  const m = /ERROR: Path '(.+)' is ignored by (.+)\n/.exec(r.stderr);
  assert.ok(m, r.stderr);
  return [resolve(m[1] as string), m[2] as string];
}

function ourRefusals(root: string): [string, string][] {
  const ws = loadWorkspace(root);
  return ignoredOutputs(ws.pipelines.flatMap((pipeline) => pipeline.stages.map((stage) => ({ pipeline, stage })))).map(
    (i) => {
      const n = ws.nodes.get(i.stage) as StageNode;
      return [
        resolve(stageWdir(n.pipeline, n.stage), i.out.path.value),
        `${relative(root, i.at?.file ?? '')}:${i.at?.line}:${i.pattern}`,
      ];
    },
  );
}

test('an output .dvcignore ignores (out, folder, metrics, plots, below an ignored folder, in a wdir): DVC and mlops refuse it by the same rule', async () => {
  const root = refusalRepo('stages: {}\n');
  for (const [name, body] of Object.entries(REFUSED)) {
    writeFileSync(join(root, 'dvc.yaml'), stagesYaml({ [name]: body }));
    const theirs = dvcRefusal(root);
    assert.ok(theirs, `${name}: DVC accepted it`);
    assert.deepEqual(ourRefusals(root), [theirs], name);
    const ours = await runCli(['status', '--no-daemon'], root);
    assert.equal(ours.code, 2, name);
    assert.ok(
      ours.stderr.includes(`${join(root, theirs[1].split(':')[0] as string)}:${theirs[1].split(':')[1]}: '`),
      `${name}: ${ours.stderr}`,
    );
  }
  // All at once: dvc repro and mlops run refuse before running anything; ours lists every one, DVC the first.
  writeFileSync(join(root, 'dvc.yaml'), stagesYaml(REFUSED));
  const first = dvcRefusal(root);
  assert.ok(spawnSync(join(venvBin(), 'dvc'), ['repro'], { cwd: root, env: venvEnv() }).status !== 0);
  const run = await runCli(['run'], root);
  assert.equal(run.code, 2, run.stderr);
  assert.equal(existsSync(join(root, 'ran')), false);
  const all = ourRefusals(root);
  assert.equal(all.length, Object.keys(REFUSED).length);
  assert.deepEqual(all[0], first);
});

test('ignored deps, a re-included output and an ignored top-level metrics file: DVC and mlops accept them and agree', async () => {
  const root = refusalRepo(ACCEPTED);
  assert.equal(dvcRefusal(root), undefined);
  assert.deepEqual(ourRefusals(root), []);
  await assertAgree(root, ['keep']);
  dvc(root, 'repro');
  await assertAgree(root, []);
  const ours = refusalRepo(ACCEPTED);
  const run = await runCli(['run'], ours);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(dvcStatus(ours), {});
});

test('an output a folder-only rule ignores once the command makes it a folder: DVC and mlops fail the stage, then refuse', async () => {
  const yaml = 'stages:\n  d:\n    cmd: mkdir -p dirout && echo 1 > dirout/f\n    outs: [dirout]\n';
  const theirs = refusalRepo(yaml);
  await assertAgree(theirs, ['d']);
  const repro = spawnSync(join(venvBin(), 'dvc'), ['repro'], { cwd: theirs, env: venvEnv(), encoding: 'utf8' });
  assert.notEqual(repro.status, 0);
  assert.match(repro.stderr, /failed to reproduce 'd': output 'dirout' does not exist/);
  const ours = refusalRepo(yaml);
  const run = await runCli(['run'], ours);
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /DVC refuses an output \.dvcignore ignores: .*\.dvcignore:9: 'dirout\/' ignores output 'dirout'/,
  );
  for (const root of [theirs, ours]) {
    assert.equal(existsSync(join(root, 'dvc.lock')), false);
    assert.deepEqual(dvcRefusal(root), [join(root, 'dirout'), '.dvcignore:9:dirout/']);
    assert.deepEqual(ourRefusals(root), [[join(root, 'dirout'), '.dvcignore:9:dirout/']]);
  }
});

// ---- seeded random trees and .dvcignore files, DVC's walk against ours ----

const NAMES = [
  'a',
  'b',
  'c',
  'x',
  'y',
  'keep.tmp',
  'q.tmp',
  'logs',
  'd1',
  '*x',
  '#h',
  'ab',
  'ba',
  'sp ace',
  '.hg',
  '.git',
  '!n',
];
const PATTERNS = [
  '*.tmp',
  '!keep.tmp',
  'logs/',
  '/x',
  '**/y',
  'a/b',
  '/a/',
  'a/**',
  '**/a/**',
  '*/',
  '**/',
  '[ab]*',
  '[!a]*',
  'b?',
  '\\*x',
  '\\#h',
  '!a',
  '!/a',
  'x/',
  'd*/',
  '!d*/',
  'a/*/c',
  'a/**/c',
  '.dvcignore',
  '!.dvcignore',
  '  x  ',
  '# c',
  '',
  '[]a]',
  '[!]a]*',
  'c[',
  'd1/a',
  '/d1/',
  '!logs/',
  'logs/*',
  '!logs/a',
  'a/',
  '!b',
  '\\!n',
  'y/**/b',
  '/*/b',
  'sp\\ ace',
  '.hg',
  '!*.tmp',
  'b/',
  '/b',
  '*',
  '**',
  '?',
  '\\\\',
];

/** A deterministic pseudo-random source (an LCG): the same trees on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

function randomRepos(count: number, seed: number): string[] {
  const rnd = lcg(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const base = mkdtempSync(join(tmpdir(), 'mlops-dvcignore-random-'));
  const template = join(base, 'template');
  mkdirSync(template);
  execFileSync(join(venvBin(), 'dvc'), ['init', '--no-scm', '-q'], { cwd: template, env: venvEnv() });
  const patterns = () => Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(PATTERNS)).join('\n') + '\n';
  const roots: string[] = [];
  for (let n = 0; n < count; n++) {
    const root = join(base, `r${n}`);
    cpSync(template, root, { recursive: true });
    const folders: string[] = [];
    const fill = (rel: string, depth: number): void => {
      for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) {
        const p = `${rel}/${pick(NAMES)}`;
        if (existsSync(join(root, p))) continue;
        if (depth < 3 && rnd() < 0.45) {
          mkdirSync(join(root, p));
          folders.push(p);
          fill(p, depth + 1);
        } else writeFileSync(join(root, p), p);
      }
    };
    for (const top of ['t1', 't2']) {
      mkdirSync(join(root, top));
      folders.push(top);
      fill(top, 1);
    }
    writeFileSync(join(root, '.dvcignore'), patterns());
    for (const f of folders)
      if (rnd() < 0.25) writeFileSync(join(root, f, '.dvcignore'), (rnd() < 0.6 ? '.dvcignore\n' : '') + patterns());
    // Now and then a sub-repository; not one holding a folder of its own name, where DVC's sub-repository check
    // (dvc/ignore.py `_update`, given the children of the walked folder for each folder above it) mistakes the
    // walked folder for a sub-repository of its parent.
    const sub = pick(folders);
    if (rnd() < 0.2 && !existsSync(join(root, sub, basename(sub)))) writeFileSync(join(root, sub, '.dvc'), '');
    roots.push(root);
  }
  return roots;
}

test("on seeded random trees and .dvcignore files, every folder hashes as DVC's own walk hashes it", async () => {
  const roots = randomRepos(40, 20261123);
  const out = execFileSync(join(venvBin(), 'python'), [VERDICTS, 'hash', ...roots], {
    env: venvEnv(),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const theirs = JSON.parse(out) as Record<string, Record<string, [string, number, number] | ['ERROR', string]>>;
  const kinds = { files: 0, empty: 0, refused: 0 };
  for (const root of roots) {
    // One Hasher per repository, as DVC keeps one ignore filter per command.
    const hasher = new Hasher();
    for (const [folder, verdict] of Object.entries(theirs[root] ?? {})) {
      const where = `${folder} in ${root} (.dvcignore: ${JSON.stringify(readFileSync(join(root, '.dvcignore'), 'utf8'))})`;
      const ours = hasher.hashPath(join(root, folder));
      if (verdict[0] === 'ERROR') {
        const expected = verdict[1] === 'IgnoreInCollectedDirError' ? /DVC refuses to hash/ : /invalid pattern/;
        await assert.rejects(ours, expected, `${where}: DVC said ${verdict[1]}`);
        kinds.refused++;
        continue;
      }
      const h = await ours;
      assert.equal(h?.kind, 'dir', where);
      assert.deepEqual(h && h.kind === 'dir' ? [h.md5, h.nfiles, h.size] : undefined, verdict, where);
      kinds[verdict[1] === 0 ? 'empty' : 'files']++;
    }
  }
  // The sample must exercise all three outcomes, mostly folders with files left in.
  assert.ok(kinds.files > kinds.empty && kinds.empty > 0 && kinds.refused > 0, JSON.stringify(kinds));
});
