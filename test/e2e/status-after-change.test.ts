// The editor's status after changes made on disk by another program, in real VS Code (code-server) with its real
// file watcher: the workspace model re-verifies only what had an event (core/runner/verified-hashes.ts), so every
// change here must come through as an event — a file inside a tracked folder (twice: before and after that folder's
// hash was kept), a file dep, each turned back — and the Pipeline view says changed, then up to date, each time.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { Hasher } from '../../src/core/runner/hash';
import { launch } from './harness';
import type { Workbench } from './workbench';

const DATA: Record<string, string> = { 'data/a.txt': 'a\n', 'data/sub/b.txt': 'b\n', 'input.txt': 'in\n' };

/** dvc.lock recording the data as it is, hashed as DVC hashes it (the stage is up to date at the start). */
async function lockFor(files: Record<string, string>): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-e2e-lock-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), text);
    }
    const hasher = new Hasher();
    const data = await hasher.hashPath(join(dir, 'data'));
    const input = await hasher.hashPath(join(dir, 'input.txt'));
    if (data?.kind !== 'dir' || input?.kind !== 'file') throw new Error('hashing the data failed');
    return `schema: '2.0'\nstages:\n  train:\n    cmd: cat data/a.txt input.txt\n    deps:\n    - path: data\n      hash: md5\n      md5: ${data.md5}\n      size: ${data.size}\n      nfiles: ${data.nfiles}\n    - path: input.txt\n      hash: md5\n      md5: ${input.md5}\n      size: ${input.size}\n`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let vs: Workbench;
before(async () => {
  vs = await launch({
    name: 'status-after-change',
    files: {
      ...DATA,
      'dvc.yaml': 'stages:\n  train:\n    cmd: cat data/a.txt input.txt\n    deps: [data, input.txt]\n',
      'dvc.lock': await lockFor(DATA),
    },
  });
});
after(async () => {
  await vs?.close();
});

test('changes written on disk by another program turn the stage changed, and back to up to date', async () => {
  await vs.waitForActivation();
  await vs.showActivity('MLOps');
  const upToDate = () => vs.waitForTreeRow('Pipeline', 'train', (l) => /up to date/.test(l), 60_000);
  const changed = () => vs.waitForTreeRow('Pipeline', 'train', (l) => /changed/.test(l), 60_000);
  const write = (rel: string, text: string) => writeFileSync(join(vs.folder, rel), text);

  await upToDate();
  write('data/sub/b.txt', 'b, edited\n');
  await changed();
  await vs.shot('1-changed');
  write('data/sub/b.txt', DATA['data/sub/b.txt'] as string);
  await upToDate();
  // The folder's hash is kept now: a file dep's change leaves it as it is, and a later change in it is seen.
  write('input.txt', 'other\n');
  await changed();
  write('input.txt', DATA['input.txt'] as string);
  await upToDate();
  write('data/a.txt', 'A\n');
  await changed();
  write('data/a.txt', DATA['data/a.txt'] as string);
  await upToDate();
  await vs.shot('2-up-to-date');
});
