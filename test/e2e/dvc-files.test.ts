// A `.dvc` file in real VS Code (code-server): data tracked by `dvc add` whose content changed since is a row of the
// Pipeline view, a node of the pipeline graph and a CodeLens over the file, each saying "changed" and why; its
// CodeLens Run commits the data as `dvc repro` would (the file records the new hash), and all three turn up to date.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch } from './harness';
import { eventually, type Workbench } from './workbench';

const recorded = 'labels, first version\n';
const md5 = createHash('md5').update(recorded).digest('hex');
const DVC_FILE = `outs:\n- md5: ${md5}\n  size: ${recorded.length}\n  hash: md5\n  path: labels.txt\n`;

let vs: Workbench;
before(async () => {
  vs = await launch({
    name: 'dvc-files',
    files: { 'labels.txt': 'labels, second version\n', 'labels.txt.dvc': DVC_FILE },
  });
});
after(async () => {
  await vs?.close();
});

async function graphClass(id: string): Promise<string | undefined> {
  const frame = await vs.webviewFrame('g.node');
  const node = frame.locator(`g.node[data-stage-id="${id}"]`);
  return (await node.count()) === 1 ? ((await node.getAttribute('class')) ?? undefined) : undefined;
}

test('a changed .dvc file: a Pipeline row, a graph node and a CodeLens say so; Run commits it and all turn up to date', async () => {
  await vs.waitForActivation();
  await vs.showActivity('MLOps');
  await vs.waitForTreeRow('Pipeline', 'labels.txt.dvc', (l) => /changed/.test(l));

  await vs.openFile('labels.txt.dvc');
  const lenses = await eventually('the CodeLens over the .dvc file with its status', async () => {
    const row = await vs.codeLenses(1);
    return row.some((t) => t.startsWith('changed')) ? row : undefined;
  });
  assert.ok(
    lenses.some((t) => t === 'changed — out changed: labels.txt'),
    lenses.join(' | '),
  );

  const header = vs.page.locator('.part.sidebar .pane-header[aria-label^="Pipeline" i]').first();
  await header.hover();
  await header.locator('.action-label[aria-label="Show Pipeline Graph"]').click();
  await eventually('the .dvc file drawn as a changed node', async () =>
    (await graphClass('labels.txt.dvc')) === 'node status-changed' ? true : undefined,
  );
  await vs.shot('1-changed-graph');

  await vs.openFile('labels.txt.dvc');
  await vs.shot('2-changed-codelens');
  await vs.clickCodeLens(1, 'Run');
  await eventually('the CodeLens to say up to date after the run', async () =>
    (await vs.codeLenses(1)).some((t) => t === 'up to date') ? true : undefined,
  );
  await vs.waitForTreeRow('Pipeline', 'labels.txt.dvc', (l) => /up to date/.test(l));
  const now = readFileSync(join(vs.folder, 'labels.txt.dvc'), 'utf8');
  assert.equal(
    now,
    DVC_FILE.replace(md5, createHash('md5').update('labels, second version\n').digest('hex')).replace(
      `size: ${recorded.length}`,
      'size: 23',
    ),
  );
  await vs.shot('3-committed');
});
