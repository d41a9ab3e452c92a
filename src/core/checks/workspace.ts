// The workspace's metrics as files say now: every `metrics:` output of every dvc.yaml stage, read and
// flattened as `dvc metrics show` does (and as a run records them).
import * as path from 'node:path';
import { readMetricsFile } from '../runner/metrics-files';
import { stageWdir } from '../runner/status';
import { loadWorkspace } from '../runner/workspace';

export function workspaceMetricsFiles(root: string): string[] {
  const files: string[] = [];
  for (const node of loadWorkspace(root).nodes.values()) {
    const wdir = stageWdir(node.pipeline, node.stage);
    for (const out of node.stage.outs) if (out.kind === 'metrics') files.push(path.resolve(wdir, out.path.value));
  }
  return [...new Set(files)];
}

export function workspaceMetrics(root: string): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const file of workspaceMetricsFiles(root)) Object.assign(metrics, readMetricsFile(file));
  return metrics;
}
