// The Experiments and Models views at the scale (test/support/sidebar-scale.ts: 50 experiments over 10
// baselines, 30 model versions of three models): what each view reads before it can draw — every experiment with
// its params and metrics grouped under its baseline (loadExperiments + baselineGroups), every model with its versions
// and stages (GtoRegistry.listModels) — beside the real peers reading the same repository in the same run:
// `dvc exp show --json -A` and `gto show --json`. Asserts nothing.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadExperiments } from '../src/core/experiments/table-load';
import { GtoRegistry } from '../src/core/registry/gto';
import { baselineGroups } from '../src/extension/sidebar/baseline-groups';
import { venvBin, venvEnv } from '../test/support/python';
import { sidebarScaleProject } from '../test/support/sidebar-scale';
import { medianMs } from './timing';

function peer(root: string, tool: string, args: string[]): number | undefined {
  const t0 = performance.now();
  const r = spawnSync(join(venvBin(), tool), args, { cwd: root, env: venvEnv(), encoding: 'utf8', timeout: 300_000 });
  return r.status === 0 ? performance.now() - t0 : undefined;
}

async function main(): Promise<void> {
  const root = await sidebarScaleProject();
  try {
    const s = (ms: number | undefined) => (ms === undefined ? 'did not run' : `${ms.toFixed(0)} ms`);
    let shown = '';
    const exps = await medianMs(async () => {
      const groups = baselineGroups((await loadExperiments(root)).rows);
      shown = `${groups.length} baselines, ${groups.reduce((n, g) => n + g.experiments.length, 0)} experiments`;
    });
    const dvc = peer(root, 'dvc', ['exp', 'show', '--json', '-A']);
    console.log(`Experiments view data (${shown}): ${s(exps)}; dvc exp show --json -A (peer): ${s(dvc)}`);
    let versions = 0;
    const models = await medianMs(async () => {
      versions = (await new GtoRegistry(root).listModels()).reduce((n, m) => n + m.versions.length, 0);
    });
    const gto = peer(root, 'gto', ['show', '--json']);
    console.log(`Models view data (${versions} versions): ${s(models)}; gto show --json (peer): ${s(gto)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
