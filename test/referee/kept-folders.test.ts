// Linked data folders kept from one isolated experiment for the next (executors/kept-folders.ts), through the real
// CLI on a repository with data tracked by real `dvc add`. A probe stage records what each experiment saw of its
// data folder (the folder's inode, each file's md5 and inode) and can misbehave on its dependency. Checked: the
// next experiment takes the kept folder (the same folder inode) and finds it pristine, every file a link to its
// cache object; a folder a stage changed (a file replaced, added, or added where .dvcignore hides it) is never
// passed on, nor one changed while kept (a file replaced, touched, added, removed, an empty folder), nor a stray
// entry of the keep folder; two and three workers at once each get a folder of their own, and at most two are
// kept; a worker SIGKILLed holding one takes it with its workspace (the next take the other one);
// `queue remove --all` deletes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { venvEnv } from '../support/python';
import { dvc, dvcRepo, git } from '../support/runner-workspace';

const REPO = join(__dirname, '../..');
const CLI = join(REPO, 'dist/cli.js');

interface Seen {
  run: string;
  dir: number;
  files: Record<string, string>;
  inodes: Record<string, number>;
}

function mlops(cwd: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: venvEnv(), timeout: 120_000 });
  assert.equal(r.status, 0, `mlops ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Resolves once `ready()` holds; rejects after 60 s, naming what did not happen. */
async function until(ready: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`not within 60 s: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The stage: waits until `barrier` experiments started (workers at once), records what it sees, then misbehaves. */
const probe = (report: string, barrier: string) => `import hashlib, json, os, sys, time
p = dict(l.split(": ", 1) for l in open("params.yaml").read().splitlines() if ": " in l)
os.makedirs(${JSON.stringify(barrier)}, exist_ok=True)
open(os.path.join(${JSON.stringify(barrier)}, p["run"]), "w").close()
deadline = time.time() + 60
while len([n for n in os.listdir(${JSON.stringify(barrier)}) if n.startswith(p["group"] + "-")]) < int(p["together"]):
    if time.time() > deadline or os.path.exists(os.path.join(${JSON.stringify(barrier)}, "abort")):
        sys.exit("the other workers never started")
    time.sleep(0.02)
seen = {"run": p["run"], "dir": os.stat("data").st_ino, "files": {}, "inodes": {}}
for top, dirs, names in os.walk("data"):
    for n in names:
        f = os.path.join(top, n)
        rel = os.path.relpath(f, "data")
        seen["files"][rel] = hashlib.md5(open(f, "rb").read()).hexdigest()
        seen["inodes"][rel] = os.stat(f).st_ino
mode = p["mode"]
if mode == "replace":
    os.remove("data/a/f0.txt")
    open("data/a/f0.txt", "w").write("changed by the stage")
elif mode == "extra":
    open("data/a/new.txt", "w").write("added by the stage")
elif mode == "hidden":
    open("data/a/scratch.tmp", "w").write("added where .dvcignore hides it")
with open(${JSON.stringify(report)}, "a") as f:
    f.write(json.dumps(seen) + "\\n")
open("out.txt", "w").write(p["run"])
`;

test('kept linked data folders: taken whole by the next experiment, never when changed, one per worker', async () => {
  const root = dvcRepo({ '.dvcignore': '*.tmp\n' }, 'mlops-kept-');
  const scratch = mkdtempSync(join(tmpdir(), 'mlops-kept-probe-'));
  const report = join(scratch, 'seen.jsonl');
  try {
    for (const sub of ['a', 'b']) {
      mkdirSync(join(root, 'data', sub), { recursive: true });
      for (let i = 0; i < 10; i++) writeFileSync(join(root, 'data', sub, `f${i}.txt`), `${sub} ${i}\n`.repeat(50));
    }
    dvc(root, 'config', 'cache.type', 'hardlink');
    dvc(root, 'add', 'data');
    writeFileSync(join(root, 'params.yaml'), 'mode: ok\nrun: g0-0\ngroup: g0\ntogether: 1\n');
    writeFileSync(join(root, 'probe.py'), probe(report, join(scratch, 'barrier')));
    writeFileSync(
      join(root, 'dvc.yaml'),
      'stages:\n  probe:\n    cmd: python probe.py\n    deps: [data, probe.py]\n    params: [mode, run, group, together]\n    outs: [out.txt]\n',
    );
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'data, probe');
    const keep = join(root, '.dvc', 'tmp', 'exps', 'mlops-kept');
    const objects = join(root, '.dvc', 'cache', 'files', 'md5');
    const kept = () => (existsSync(keep) ? readdirSync(keep) : []);
    const seenOf = (run: string): Seen => {
      const all = readFileSync(report, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Seen);
      const s = all.find((x) => x.run === run);
      assert.ok(s, `experiment ${run} ran its stage`);
      return s;
    };
    let n = 0;
    const temp = (mode = 'ok'): Seen => {
      const run = `t${++n}-0`;
      mlops(root, 'exp', 'run', '--temp', '-S', `mode=${mode}`, '-S', `run=${run}`, '-S', `group=t${n}`);
      return seenOf(run);
    };
    const pristine = temp();
    const original = pristine.files;
    assert.equal(Object.keys(original).length, 20);
    /** What an experiment must see: the data as added, each file a link to its cache object. */
    const assertPristine = (s: Seen, what: string): void => {
      assert.deepEqual(s.files, original, `${what}: the data as dvc add recorded it`);
      for (const [rel, md5] of Object.entries(s.files))
        assert.equal(
          s.inodes[rel],
          statSync(join(objects, md5.slice(0, 2), md5.slice(2))).ino,
          `${what}: ${rel} linked`,
        );
    };
    assertPristine(pristine, 'first experiment');
    assert.equal(kept().length, 1, 'its data folder is kept');
    const keptDir = (name: string) => statSync(join(keep, name)).ino;

    // A kept folder is held open while an experiment runs: the folder it identifies by inode is that one, never a
    // new folder given the number of one deleted meanwhile.
    const hold = (): { ino: number; close: () => void } => {
      const [name] = kept();
      assert.ok(name, 'a folder is kept');
      const fd = openSync(join(keep, name), 'r');
      return { ino: fstatSync(fd).ino, close: () => closeSync(fd) };
    };

    // The next one takes it: the same folder, renamed into its workspace.
    let held = hold();
    const second = temp();
    assertPristine(second, 'second experiment');
    assert.equal(second.dir, held.ino, 'the kept folder was taken');
    held.close();

    // A stage that changes its data folder: the folder is not passed on (a fresh one is linked). Not among them: a
    // change in place through a hard link, which changes the cache object itself (no copy could undo it).
    for (const mode of ['replace', 'extra', 'hidden']) {
      held = hold();
      const changed = temp(mode);
      assert.equal(changed.dir, held.ino, `the kept folder was taken by the '${mode}' stage`);
      assertPristine(changed, `before '${mode}'`);
      const s = temp();
      assert.notEqual(s.dir, held.ino, `a folder after '${mode}' is not passed on`);
      assertPristine(s, `after '${mode}'`);
      held.close();
    }

    // A kept folder changed while kept: not taken, deleted; the next experiment links its own.
    const tamper: Record<string, (dir: string) => void> = {
      replaced: (d) => {
        rmSync(join(d, 'a', 'f1.txt'));
        writeFileSync(join(d, 'a', 'f1.txt'), 'replaced while kept');
      },
      touched: (d) => utimesSync(join(d, 'b', 'f2.txt'), 5, 5),
      added: (d) => writeFileSync(join(d, 'b', 'more.txt'), 'added while kept'),
      hidden: (d) => writeFileSync(join(d, 'b', 'x.tmp'), 'hidden by .dvcignore'),
      'given an empty folder': (d) => mkdirSync(join(d, 'b', 'empty')),
      removed: (d) => rmSync(join(d, 'a', 'f3.txt')), // a deletion cut short
    };
    for (const [what, change] of Object.entries(tamper)) {
      temp(); // a clean folder kept
      held = hold();
      change(join(keep, kept()[0] as string));
      const s = temp();
      assert.notEqual(s.dir, held.ino, `a kept folder ${what} is not taken`);
      assertPristine(s, `kept folder ${what}`);
      held.close();
    }
    // A stray entry of the keep folder (not a name this keeps) is never taken and goes at the next keep.
    mkdirSync(join(keep, 'stray'));
    assertPristine(temp(), 'beside a stray entry');
    assert.ok(!kept().includes('stray'));

    // Workers at once: each experiment gets a folder of its own, and at most two are kept.
    const together = (count: number): Seen[] => {
      const group = `q${++n}`;
      const runs = Array.from({ length: count }, (_, i) => `${group}-${i}`);
      for (const run of runs)
        mlops(root, 'exp', 'run', '--queue', '-S', `run=${run}`, '-S', `group=${group}`, '-S', `together=${count}`);
      mlops(root, 'queue', 'start', '-j', String(count));
      return runs.map(seenOf);
    };
    const keptInodes = () => new Set(kept().map(keptDir));
    assert.equal(kept().length, 1);
    let dirs = together(2).map((x) => x.dir);
    assert.equal(new Set(dirs).size, 2, 'two workers, two folders');
    assert.equal(kept().length, 2, 'both kept');
    const two = keptInodes();
    const three = together(3);
    dirs = three.map((x) => x.dir);
    assert.equal(new Set(dirs).size, 3, 'three workers, three folders');
    assert.equal(dirs.filter((d) => two.has(d)).length, 2, 'the two kept folders were taken, one each');
    for (const x of three) assertPristine(x, `worker ${x.run}`);
    assert.equal(kept().length, 2, 'at most two kept per folder object');

    // A worker SIGKILLed after it took a kept folder: the folder goes with its workspace, never back to the keep;
    // the experiments after take the other one, or link their own.
    const both = kept().map((name) => {
      const fd = openSync(join(keep, name), 'r');
      return { ino: fstatSync(fd).ino, close: () => closeSync(fd) };
    });
    try {
      const group = `k${++n}`;
      const queued = JSON.parse(
        mlops(
          root,
          'exp',
          'run',
          '--queue',
          '--json',
          '-S',
          `run=${group}-0`,
          '-S',
          `group=${group}`,
          '-S',
          'together=2',
        ),
      ) as { queued: { id: string }[] };
      const id = queued.queued[0]?.id as string;
      const runner = spawn(process.execPath, [CLI, 'queue', 'start'], { cwd: root, env: venvEnv(), stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => runner.on('exit', () => resolve()));
      try {
        // Its stage waits at the barrier for a second worker that never comes: the folder is taken by then.
        await until(() => existsSync(join(scratch, 'barrier', `${group}-0`)), 'the experiment started its stage');
        const entry = JSON.parse(readFileSync(join(root, '.mlops', 'queue', `${id}.json`), 'utf8')) as { pid: number };
        process.kill(entry.pid, 'SIGKILL');
        // Its stage, orphaned, ends too (a stage of one worker never waits, so the file can stay).
        writeFileSync(join(scratch, 'barrier', 'abort'), '');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          exited,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error('the queue did not end after its worker was killed')), 60_000);
          }),
        ]).finally(() => clearTimeout(timer));
      } finally {
        runner.kill('SIGKILL');
      }
      const status = JSON.parse(mlops(root, 'queue', 'status', '--json')) as {
        experiments: { id: string; status: string }[];
      };
      assert.equal(status.experiments.find((e) => e.id === id)?.status, 'FAILED', 'the killed experiment failed');
      assert.equal(kept().length, 1, 'the folder the killed worker took is not kept');
      const left = keptDir(kept()[0] as string);
      const taken = both.find((b) => b.ino !== left)?.ino;
      for (const what of ['after the kill', 'and the next']) {
        const after = temp();
        assertPristine(after, what);
        assert.notEqual(after.dir, taken, `${what}: the killed worker's folder is never passed on`);
        assert.equal(after.dir, left, `${what}: the other kept folder is taken`);
      }
    } finally {
      for (const b of both) b.close();
    }

    mlops(root, 'queue', 'remove', '--all');
    assert.equal(kept().length, 0, 'queue remove --all deletes the kept folders');
    assert.equal(git(root, 'status', '--porcelain'), '', 'the working copy never changed');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
});
