// `.dvc` files as pipeline nodes, judged by real DVC 3 on a repository built with `dvc add` and `dvc import` (from a
// local source repository: no network): `mlops dag` draws the nodes and edges `dvc dag` draws (dot, mermaid, json);
// `mlops status --json` gives every node the verdicts `dvc status --json` gives (a file modified, deleted, not in the
// cache, a folder changed, a frozen file changed, a frozen import); `mlops run` leaves the `.dvc` files, dvc.lock
// and the cache as `dvc repro` leaves them, so `dvc status` is clean; a missing data source fails both; an import
// that is not frozen is never executed. The poprox-recommender fixture (a real repository: 91 stages, 5 `.dvc`
// files) draws exactly as `dvc dag` draws it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkoutOutputs } from '../../src/core/runner/checkout';
import { DvcCache } from '../../src/core/runner/dvc-cache';
import { loadWorkspace } from '../../src/core/runner/workspace';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';

const TIMEOUT = 120_000;

function dvc(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(join(venvBin(), 'dvc'), args, { cwd, env: venvEnv(), encoding: 'utf8', timeout: TIMEOUT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd,
    stdio: 'ignore',
    timeout: TIMEOUT,
  });
}

function write(root: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
}

function ok(r: { code: number | null; stderr: string }, what: string): void {
  assert.equal(r.code, 0, `${what}: ${r.stderr}`);
}

const PIPELINE = `stages:
  prepare:
    cmd: cat data/a.txt data/imported.txt > prepared.txt
    deps: [data/a.txt, data/imported.txt]
    outs: [prepared.txt]
  count:
    cmd: ls data/imgs | wc -l > count.txt
    deps: [data/imgs]
    outs: [count.txt]
  frozen-user:
    cmd: cat data/e.txt > e-copy.txt
    deps: [data/e.txt]
    outs: [e-copy.txt]
  c-user:
    cmd: cat data/c.txt > c-copy.txt
    deps: [data/c.txt]
    outs: [c-copy.txt]
  sub-user:
    cmd: cat data/imgs/one.txt > one-copy.txt
    deps: [data/imgs/one.txt]
    outs: [one-copy.txt]
`;

/**
 * A git + DVC repository with data tracked by `dvc add` (four files, one frozen, and a folder), a frozen import from
 * a local source repository, and a pipeline reading them; reproduced and committed, so everything is up to date.
 */
function repository(): string {
  const base = mkdtempSync(join(tmpdir(), 'mlops-dvc-files-'));
  const source = join(base, 'source');
  mkdirSync(source);
  write(source, { 'data.txt': 'from the registry\n' });
  git(source, 'init', '-q');
  ok(dvc(source, 'init', '-q'), 'dvc init (source)');
  ok(dvc(source, 'add', '-q', 'data.txt'), 'dvc add (source)');
  git(source, 'add', '-A');
  git(source, 'commit', '-qm', 'source');

  const root = join(base, 'repo');
  mkdirSync(root);
  write(root, {
    'data/a.txt': 'a\n',
    'data/b.txt': 'b\n',
    'data/c.txt': 'c\n',
    'data/e.txt': 'e\n',
    'data/imgs/one.txt': '1\n',
    'data/imgs/two.txt': '2\n',
    'dvc.yaml': PIPELINE,
  });
  git(root, 'init', '-q');
  ok(dvc(root, 'init', '-q'), 'dvc init');
  ok(dvc(root, 'add', '-q', 'data/a.txt', 'data/b.txt', 'data/c.txt', 'data/e.txt', 'data/imgs'), 'dvc add');
  ok(dvc(root, 'freeze', 'data/e.txt.dvc'), 'dvc freeze');
  ok(dvc(root, 'import', '-q', source, 'data.txt', '-o', 'data/imported.txt'), 'dvc import');
  ok(dvc(root, 'repro', '-q'), 'dvc repro');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'tracked');
  return root;
}

let built: string | undefined;

/** A copy of the repository (built once per file: DVC commands are slow on a loaded machine), in its own folder. */
function freshRepository(): string {
  built ??= repository();
  const copy = join(mkdtempSync(join(tmpdir(), 'mlops-dvc-files-copy-')), 'repo');
  cpSync(built, copy, { recursive: true });
  return copy;
}

/** `dvc dag --dot` edges and nodes, sorted (line order is not part of the format). */
const dotLines = (dot: string) => dot.trim().split('\n').sort();

/** A mermaid flowchart as `label -> label` edges and the labels, sorted (DVC numbers nodes in another order). */
function mermaidGraph(text: string): string[] {
  const labels = new Map<string, string>();
  const lines: string[] = [];
  for (const l of text.split('\n')) {
    const node = /^\s*(node\d+)\["(.*)"\]$/.exec(l);
    if (node) labels.set(node[1] as string, node[2] as string);
  }
  for (const l of text.split('\n')) {
    const edge = /^\s*(node\d+)-->(node\d+)$/.exec(l);
    if (edge) lines.push(`${labels.get(edge[1] as string)} -> ${labels.get(edge[2] as string)}`);
  }
  return [...lines, ...labels.values()].sort();
}

type Verdicts = Record<string, string[]>;

/** `dvc status --json` as node → sorted `changed outs|deps: path: verdict` lines (paths relative to the root). */
function theirVerdicts(root: string): Verdicts {
  const r = dvc(root, 'status', '--json');
  ok(r, 'dvc status');
  const out: Verdicts = {};
  for (const [node, changes] of Object.entries(JSON.parse(r.stdout) as Record<string, unknown[]>)) {
    const lines: string[] = [];
    for (const c of changes) {
      if (typeof c === 'string') lines.push(c);
      else
        for (const [kind, byPath] of Object.entries(c as Record<string, Record<string, string>>))
          for (const [p, verdict] of Object.entries(byPath)) lines.push(`${kind}: ${p}: ${verdict}`);
    }
    out[node] = lines.sort();
  }
  return out;
}

const VERDICT: Record<string, string> = {
  'out changed': 'changed outs: %: modified',
  'out missing': 'changed outs: %: deleted',
  'out not in cache': 'changed outs: %: not in cache',
  'dep changed': 'changed deps: %: modified',
  'dep missing': 'changed deps: %: deleted',
};

/** `mlops status --json` in DVC's terms: each reason mapped to DVC's verdict, its path as named (from the root). */
async function ourVerdicts(root: string): Promise<Verdicts> {
  const r = await runCli(['status', '--json', '--no-daemon'], root);
  assert.equal(r.code, 0, r.stderr);
  const out: Verdicts = {};
  for (const s of (JSON.parse(r.stdout) as { stages: { name: string; file: string; reasons: string[] }[] }).stages) {
    const node = s.file.endsWith('.dvc') ? s.file : s.file === 'dvc.yaml' ? s.name : `${s.file}:${s.name}`;
    const lines = s.reasons.map((reason) => {
      const cut = reason.indexOf(': ');
      const pattern = VERDICT[reason.slice(0, cut)];
      assert.ok(pattern, `a reason DVC has a verdict for: ${reason}`);
      return pattern.replace('%', reason.slice(cut + 2));
    });
    if (lines.length > 0) out[node] = lines.sort();
  }
  return out;
}

test('dag: .dvc files are nodes with the edges dvc dag draws (dot, mermaid, json)', async () => {
  const root = freshRepository();
  const dot = await runCli(['dag'], root);
  assert.equal(dot.code, 0, dot.stderr);
  assert.deepEqual(dotLines(dot.stdout), dotLines(dvc(root, 'dag', '--dot').stdout));
  assert.ok(dot.stdout.includes('"data/a.txt.dvc" -> "prepare";'), dot.stdout);
  assert.ok(dot.stdout.includes('"data/imported.txt.dvc" -> "prepare";'), dot.stdout);
  const mermaid = await runCli(['dag', '--format', 'mermaid'], root);
  assert.deepEqual(mermaidGraph(mermaid.stdout), mermaidGraph(dvc(root, 'dag', '--mermaid').stdout));
  const json = JSON.parse((await runCli(['dag', '--format', 'json'], root)).stdout) as {
    nodes: { id: string }[];
    edges: { from: string; to: string }[];
  };
  const edges = dotLines(dvc(root, 'dag', '--dot').stdout).filter((l) => l.includes(' -> '));
  assert.deepEqual(json.edges.map((e) => `"${e.from}" -> "${e.to}";`).sort(), edges);
});

test('dag: a real repository with .dvc files (poprox-recommender) is drawn as dvc dag draws it', async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'mlops-dvc-files-poprox-')), 'repo');
  cpSync(join(__dirname, '../fixtures/poprox-recommender'), root, { recursive: true });
  ok(dvc(root, 'init', '--no-scm', '-q'), 'dvc init');
  const theirs = dotLines(dvc(root, 'dag', '--dot').stdout).filter((l) => l !== '');
  const ours = await runCli(['dag'], root);
  assert.equal(ours.code, 0, ours.stderr);
  assert.deepEqual(dotLines(ours.stdout), theirs);
  assert.equal(theirs.filter((l) => /^"data\/[^"]+\.dvc";$/.test(l)).length, 5);
});

test('status: every node of a repository with .dvc files gets the verdicts dvc status gives', async () => {
  const root = freshRepository();
  assert.deepEqual(await ourVerdicts(root), {}, 'up to date after dvc repro');
  assert.deepEqual(theirVerdicts(root), {});
  writeFileSync(join(root, 'data/a.txt'), 'a, modified\n');
  rmSync(join(root, 'data/b.txt'));
  const cMd5 = /md5: (\w+)/.exec(readFileSync(join(root, 'data/c.txt.dvc'), 'utf8'))?.[1] as string;
  rmSync(join(root, '.dvc/cache/files/md5', cMd5.slice(0, 2), cMd5.slice(2)));
  writeFileSync(join(root, 'data/imgs/three.txt'), '3\n');
  writeFileSync(join(root, 'data/e.txt'), 'e, modified while frozen\n');
  writeFileSync(join(root, 'data/imported.txt'), 'edited import\n');
  const theirs = theirVerdicts(root);
  assert.deepEqual(Object.keys(theirs).sort(), [
    'c-user',
    'count',
    'data/a.txt.dvc',
    'data/b.txt.dvc',
    'data/c.txt.dvc',
    'data/e.txt.dvc',
    'data/imgs.dvc',
    'data/imported.txt.dvc',
    'frozen-user',
    'prepare',
  ]);
  assert.deepEqual(await ourVerdicts(root), theirs);
});

/** The two copies' `.dvc` files, dvc.lock and cache listing, side by side. */
function state(root: string): Record<string, string> {
  const files = execFileSync('git', ['ls-files', '-mo', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  const out: Record<string, string> = {};
  for (const f of ['dvc.lock', ...files.split('\n').filter((f) => f.endsWith('.dvc'))].sort())
    out[f] = readFileSync(join(root, f), 'utf8');
  out.cache = execFileSync('find', ['.dvc/cache/files', '-type', 'f'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .sort()
    .join('\n');
  return out;
}

test('run: changed .dvc data is committed as dvc repro commits it; dvc status is clean afterwards', async () => {
  const ours = freshRepository();
  writeFileSync(join(ours, 'data/a.txt'), 'a, modified\n');
  const cMd5 = /md5: (\w+)/.exec(readFileSync(join(ours, 'data/c.txt.dvc'), 'utf8'))?.[1] as string;
  rmSync(join(ours, '.dvc/cache/files/md5', cMd5.slice(0, 2), cMd5.slice(2)));
  writeFileSync(join(ours, 'data/imgs/three.txt'), '3\n');
  writeFileSync(join(ours, 'data/e.txt'), 'e, modified while frozen\n');
  const theirs = join(dirname(ours), 'theirs');
  cpSync(ours, theirs, { recursive: true });

  const run = await runCli(['run'], ours);
  assert.equal(run.code, 0, run.stderr);
  ok(dvc(theirs, 'repro', '-q'), 'dvc repro');
  assert.deepEqual(theirVerdicts(ours), {}, 'dvc status is clean after mlops run');
  assert.deepEqual(state(ours), state(theirs));
  assert.match(readFileSync(join(ours, 'data/imgs.dvc'), 'utf8'), /nfiles: 3\n/);
});

test('run: missing .dvc data fails as dvc repro fails, and the stages reading it do not run', async () => {
  const root = freshRepository();
  rmSync(join(root, 'data/a.txt'));
  const before = readFileSync(join(root, 'data/a.txt.dvc'), 'utf8');
  assert.notEqual(dvc(root, 'repro', '-q').code, 0);
  const run = await runCli(['run'], root);
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr + run.stdout, /missing data 'a\.txt'/);
  assert.equal(readFileSync(join(root, 'data/a.txt.dvc'), 'utf8'), before);
});

test('run: an import is never executed; its missing data stays missing and its .dvc file as it was', async () => {
  const root = freshRepository();
  // Not frozen: `dvc repro` would download it again (`dvc update`); we never do.
  const file = join(root, 'data/imported.txt.dvc');
  writeFileSync(file, readFileSync(file, 'utf8').replace('frozen: true\n', ''));
  const before = readFileSync(file, 'utf8');
  rmSync(join(root, 'data/imported.txt'));
  const run = await runCli(['run', 'data/imported.txt.dvc'], root);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr + run.stdout, /an import: never downloaded by mlops; `dvc update data\/imported\.txt\.dvc`/);
  assert.equal(readFileSync(file, 'utf8'), before);
  assert.throws(() => readFileSync(join(root, 'data/imported.txt')));
});

test('checkout (isolated experiments): .dvc-tracked data comes back from the cache as dvc checkout brings it', () => {
  const root = freshRepository();
  rmSync(join(root, 'data/a.txt'));
  rmSync(join(root, 'data/imgs'), { recursive: true });
  const cache = DvcCache.find(root);
  assert.ok(cache);
  const placed = checkoutOutputs(loadWorkspace(root), cache, 'copy');
  assert.ok(placed.hashes.has(join(root, 'data/a.txt')) && placed.hashes.has(join(root, 'data/imgs')));
  assert.equal(readFileSync(join(root, 'data/a.txt'), 'utf8'), 'a\n');
  assert.equal(readFileSync(join(root, 'data/imgs/two.txt'), 'utf8'), '2\n');
  assert.deepEqual(theirVerdicts(root), {});
});
