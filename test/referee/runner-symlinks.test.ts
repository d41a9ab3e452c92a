// Real DVC is the referee of how symbolic links inside a tracked folder shape its hash. DVC walks a folder with
// os.walk (followlinks=False) and stats every file through its link (dvc_data `_localfs_info`): a link to a file
// is that file, a link to a folder is not walked into, a dangling link or a loop of links stops the command.
// One Python process hashes every case's folder with DVC's own build (dvcignore_verdicts.py, as `dvc status`
// hashes a dependency); each case is then one test comparing our Hasher's md5, nfiles and size, or our refusal
// with DVC's error class. Last, the whole loop on the reported bug: after `dvc repro`, `mlops status` is clean
// with a link to a folder in a dependency, and both refuse a dangling link.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Hasher } from '../../src/core/runner/hash';
import { runCli } from '../support/cli';
import { venvBin, venvEnv } from '../support/python';
import { dvc, dvcRepo } from '../support/runner-workspace';

const VERDICTS = join(__dirname, 'dvcignore_verdicts.py');

/** A file outside every case's repository, for links that leave it. */
const OUTSIDE = mkdtempSync(join(tmpdir(), 'mlops-link-target-'));
writeFileSync(join(OUTSIDE, 'far.txt'), 'far away\n');
mkdirSync(join(OUTSIDE, 'folder'));
writeFileSync(join(OUTSIDE, 'folder/inner.txt'), 'inner\n');

interface LinkCase {
  name: string;
  /** Regular files of the repository (relative path → text). */
  files: Record<string, string>;
  /** Links of the repository (relative path → target, as written into the link). */
  links: Record<string, string>;
  /** What our Hasher must refuse with when DVC raises (matched against our message). */
  refusal?: RegExp;
}

const CASES: LinkCase[] = [
  {
    name: 'a link to a file inside the folder is hashed as that file',
    files: { 'data/a.txt': 'a\n' },
    links: { 'data/b.txt': 'a.txt' },
  },
  {
    name: 'a link to a file outside the repository is hashed as that file',
    files: { 'data/a.txt': 'a\n' },
    links: { 'data/far.txt': join(OUTSIDE, 'far.txt') },
  },
  {
    name: 'a chain of links to a file is followed to the end',
    files: { 'data/a.txt': 'a\n' },
    links: { 'data/one': 'two', 'data/two': 'a.txt' },
  },
  {
    name: 'a link to a folder outside the repository is not walked into',
    files: { 'data/a.txt': 'a\n' },
    links: { 'data/ext': join(OUTSIDE, 'folder') },
  },
  {
    name: 'a link to a sibling folder inside the folder is not walked into (its files count once)',
    files: { 'data/a.txt': 'a\n', 'data/sub/s.txt': 's\n' },
    links: { 'data/again': 'sub' },
  },
  {
    name: 'a link to the folder itself (a loop through folders) is not walked into',
    files: { 'data/a.txt': 'a\n', 'data/deep/d.txt': 'd\n' },
    links: { 'data/deep/up': '..' },
  },
  {
    name: 'a dangling link stops the hash',
    files: { 'data/a.txt': 'a\n' },
    links: { 'data/gone': 'nowhere.txt' },
    refusal: /data\/gone: a symbolic link whose target does not exist/,
  },
  {
    name: 'a link to itself (a loop of links) stops the hash',
    files: { 'data/a.txt': 'a\n' },
    links: { 'data/loop': 'loop' },
    refusal: /data\/loop: a loop of symbolic links/,
  },
  {
    name: 'two links to each other stop the hash',
    files: { 'data/a.txt': 'a\n' },
    links: { 'data/ping': 'pong', 'data/pong': 'ping' },
    refusal: /a loop of symbolic links/,
  },
  {
    name: 'a dangling link that .dvcignore ignores is left out, not refused',
    files: { 'data/a.txt': 'a\n', '.dvcignore': '*.lnk\n' },
    links: { 'data/gone.lnk': 'nowhere.txt' },
  },
];

/** DVC's error class for each refusal we give (dvc_data raises the OSError of the stat through the link). */
const DVC_ERROR: Record<string, RegExp> = {
  FileNotFoundError: /target does not exist/,
  OSError: /loop of symbolic links/,
};

/** A DVC repository without git, made once and copied per case (`dvc init` costs a second). */
const TEMPLATE = mkdtempSync(join(tmpdir(), 'mlops-links-template-'));
execFileSync(join(venvBin(), 'dvc'), ['init', '--no-scm', '-q'], { cwd: TEMPLATE, env: venvEnv() });

function caseRepo(c: LinkCase): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-links-'));
  cpSync(TEMPLATE, root, { recursive: true });
  for (const [p, text] of Object.entries(c.files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  for (const [p, target] of Object.entries(c.links)) symlinkSync(target, join(root, p));
  return root;
}

type Verdict = [string, number, number] | ['ERROR', string];
const roots = CASES.map(caseRepo);
let theirs: Record<string, Record<string, Verdict>> = {};

before(() => {
  const out = execFileSync(join(venvBin(), 'python'), [VERDICTS, 'hash', ...roots], {
    env: venvEnv(),
    encoding: 'utf8',
  });
  theirs = JSON.parse(out) as typeof theirs;
});

CASES.forEach((c, i) => {
  test(`DVC referee: ${c.name}`, async () => {
    const root = roots[i] as string;
    const verdict = theirs[root]?.data;
    assert.ok(verdict, `DVC hashed ${root}/data`);
    const ours = () => new Hasher().hashPath(join(root, 'data'));
    if (verdict[0] === 'ERROR') {
      assert.ok(c.refusal, `DVC refused with ${verdict[1]}, the case expects it to hash`);
      const byClass = DVC_ERROR[verdict[1]];
      assert.ok(byClass, `an error class we map: ${verdict[1]}`);
      await assert.rejects(ours(), byClass);
      await assert.rejects(ours(), c.refusal);
      return;
    }
    assert.equal(c.refusal, undefined, `DVC hashed what the case expects it to refuse: ${JSON.stringify(verdict)}`);
    const h = await ours();
    assert.equal(h?.kind, 'dir');
    assert.deepEqual(h.kind === 'dir' ? [h.md5, h.nfiles, h.size] : undefined, verdict);
  });
});

test('a link to a folder inside a dependency folder: after dvc repro, mlops status is up to date; a dangling one fails both', async () => {
  const root = dvcRepo({
    'dvc.yaml': 'stages:\n  s:\n    cmd: echo x > out.txt\n    deps: [data]\n    outs: [out.txt]\n',
    'data/a.txt': 'a\n',
    'elsewhere/e.txt': 'e\n',
  });
  symlinkSync('../elsewhere', join(root, 'data/linked'));
  dvc(root, 'repro');
  const clean = await runCli(['status', '--json'], root);
  assert.equal(clean.code, 0, clean.stderr);
  const stages = (JSON.parse(clean.stdout) as { stages: { name: string; status: string; reasons: string[] }[] }).stages;
  assert.deepEqual(
    stages.map((s) => [s.name, s.status, s.reasons]),
    [['s', 'up-to-date', []]],
  );
  // A change behind the link is no change of the dependency for either.
  writeFileSync(join(root, 'elsewhere/e.txt'), 'changed\n');
  assert.match((await runCli(['status'], root)).stdout, /up to date|up-to-date/);

  symlinkSync('nowhere', join(root, 'data/gone'));
  const dvcStatus = spawnSync(join(venvBin(), 'dvc'), ['status'], { cwd: root, env: venvEnv(), encoding: 'utf8' });
  assert.notEqual(dvcStatus.status, 0);
  assert.match(dvcStatus.stderr, /No such file or directory: .*data\/gone/);
  const ours = await runCli(['status'], root);
  assert.equal(ours.code, 2);
  assert.match(ours.stderr, /data\/gone: a symbolic link whose target does not exist/);
});
