// DVC's own vega-lite spec of a plot, as `dvc plots diff HEAD --json` (not --split) gives it with its data
// inlined: what the referees of our templates run through vega itself.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { TopLevelSpec } from 'vega-lite';
import { venvBin, venvEnv } from './python';
import { join } from 'node:path';

export function dvcVegaSpec(root: string, plotId: string): TopLevelSpec {
  const text = execFileSync(join(venvBin(), 'dvc'), ['plots', 'diff', 'HEAD', '--json'], {
    cwd: root,
    env: venvEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  const spec = (JSON.parse(text) as { data: Record<string, { content: TopLevelSpec }[]> }).data[plotId]?.[0]?.content;
  assert.ok(spec, `dvc plots diff gave ${plotId} its vega-lite spec`);
  return spec;
}
