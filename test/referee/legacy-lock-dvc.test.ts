// DVC 2 lock entries (no `hash: md5`) against real DVC 3: DVC 3 compares them by DVC 2's md5-dos2unix hash, which
// turns CRLF into LF in text chunks only, so a Windows checkout (CRLF) of a project locked on Linux is up to date.
// The lock is made by DVC 3 and rewritten the DVC 2 way by dvc_data's own hashing (dvc2_lock.py); then text,
// binary, mixed (a text first MiB, a binary second one, a CRLF across the boundary) and folder deps are changed
// one way or another, and `mlops status` must name the stages `dvc status` names. A run of one stage keeps the
// DVC 2 entries whose files did not change and writes the others as DVC 3 does, byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { venvEnv } from '../support/python';
import { dvc, dvcRepo, dvcStatus, git } from '../support/runner-workspace';

const MIB = 1 << 20;

/** A first MiB of CRLF text ending in `\r`, a second MiB starting with `\n` and binary (NUL bytes). */
function mixed(): Buffer {
  const text = Buffer.from('row,1\r\n'.repeat(Math.ceil(MIB / 7))).subarray(0, MIB - 1);
  const binary = Buffer.alloc(MIB / 2, 0);
  Buffer.from('\r\nbinary\r\n').copy(binary, 100);
  return Buffer.concat([text, Buffer.from('\r\n'), binary]);
}

const FILES: Record<string, string | Buffer> = {
  'data/crlf.txt': 'a,b\r\n1,2\r\n',
  'data/blob.bin': Buffer.from('x\r\n\0\r\nend'),
  'data/mixed.csv': mixed(),
  'data/dir/a.txt': 'one\r\ntwo\r\n',
  'data/dir/b.bin': Buffer.from([0, 1, 2, 13, 10]),
};

const PIPELINE = `stages:
  s_crlf:
    cmd: cat data/crlf.txt > /dev/null
    deps: [data/crlf.txt]
  s_blob:
    cmd: cat data/blob.bin > /dev/null
    deps: [data/blob.bin]
  s_mixed:
    cmd: cat data/mixed.csv > /dev/null
    deps: [data/mixed.csv]
  s_dir:
    cmd: ls data/dir > /dev/null
    deps: [data/dir]
  s_out:
    cmd: cp data/crlf.txt out.txt
    deps: [data/crlf.txt, data/blob.bin]
    outs: [out.txt]
`;

async function ourChanged(root: string): Promise<string[]> {
  const r = await runCli(['status', '--json'], root);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { stages: { name: string; status: string }[] };
  return report.stages
    .filter((s) => s.status !== 'up-to-date')
    .map((s) => s.name)
    .sort();
}

function legacyRepo(): string {
  const root = dvcRepo({ 'dvc.yaml': PIPELINE });
  for (const [p, content] of Object.entries(FILES)) {
    execFileSync('mkdir', ['-p', join(root, p, '..')]);
    writeFileSync(join(root, p), content);
  }
  dvc(root, 'repro', '-q');
  execFileSync('python', [join(__dirname, 'dvc2_lock.py')], { cwd: root, env: venvEnv() });
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'a DVC 2 lock');
  return root;
}

test('DVC 2 lock entries: CRLF, binary, mixed and folder deps judged as DVC 3 judges them', async () => {
  const root = legacyRepo();
  assert.doesNotMatch(readFileSync(join(root, 'dvc.lock'), 'utf8'), /hash: md5/);
  assert.deepEqual(dvcStatus(root), {}, 'DVC 3 accepts the DVC 2 lock');
  assert.deepEqual(await ourChanged(root), []);

  const lf = (t: string) => t.replace(/\r\n/g, '\n');
  const mutations: [string, string | Buffer][] = [
    ['data/crlf.txt', lf(FILES['data/crlf.txt'] as string)],
    ['data/crlf.txt', 'a,b\r\n1,3\r\n'],
    ['data/blob.bin', Buffer.from('x\n\0\nend')],
    ['data/mixed.csv', Buffer.from(lf((FILES['data/mixed.csv'] as Buffer).toString('latin1')), 'latin1')],
    ['data/mixed.csv', Buffer.concat([(FILES['data/mixed.csv'] as Buffer).subarray(0, MIB + 1), Buffer.from('tail')])],
    ['data/dir/a.txt', 'one\ntwo\n'],
    ['data/dir/b.bin', Buffer.from([0, 1, 2, 10])],
  ];
  const verdicts: string[] = [];
  for (const [file, content] of mutations) {
    writeFileSync(join(root, file), content);
    const theirs = Object.keys(dvcStatus(root)).sort();
    assert.deepEqual(await ourChanged(root), theirs, `after rewriting ${file}`);
    verdicts.push(`${file}: ${theirs.join(',') || 'clean'}`);
    writeFileSync(join(root, file), FILES[file] as string | Buffer);
  }
  // Both outcomes occur, so the comparison above cannot pass by always saying one thing.
  assert.ok(
    verdicts.some((v) => v.endsWith('clean')) && verdicts.some((v) => !v.endsWith('clean')),
    verdicts.join('\n'),
  );
});

test('a run of one stage keeps unchanged DVC 2 entries and writes changed ones as `dvc repro` does', async () => {
  const root = legacyRepo();
  writeFileSync(join(root, 'data/blob.bin'), Buffer.from('x\r\n\0\r\nchanged'));
  const twin = join(mkdtempSync(join(tmpdir(), 'mlops-legacy-twin-')), 'repo');
  cpSync(root, twin, { recursive: true });

  dvc(twin, 'repro', '-q', 's_out');
  const r = await runCli(['run', 's_out'], root);
  assert.equal(r.code, 0, r.stderr);
  const ours = readFileSync(join(root, 'dvc.lock'), 'utf8');
  assert.equal(ours, readFileSync(join(twin, 'dvc.lock'), 'utf8'));
  assert.match(ours, /- path: data\/crlf.txt\n {6}md5: /, 'the unchanged CRLF dep keeps its DVC 2 entry');
  assert.match(ours, /- path: data\/blob.bin\n {6}hash: md5\n/, 'the changed dep is written as DVC 3 writes it');
  assert.deepEqual(Object.keys(dvcStatus(root)), ['s_blob'], 'only the stage that did not run is out of date');
});
