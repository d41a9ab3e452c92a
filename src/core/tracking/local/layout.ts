// Where everything lives inside a local store folder (see docs/tracking-store.md).
import { join } from 'node:path';
import { mlopsPath } from '../../mlops-folder';

export const FORMAT = { format: 'mlops-tracking-store', version: 1 } as const;

/** The default store of a workspace: a dot-folder the extension keeps out of git. */
export function workspaceStoreDir(workspace: string): string {
  return mlopsPath(workspace);
}

export const RUN_ID = /^[0-9a-f]{32}$/;

export class Layout {
  constructor(readonly root: string) {}
  get formatFile(): string {
    return join(this.root, 'format.json');
  }
  get experiments(): string {
    return join(this.root, 'experiments.jsonl');
  }
  get runsDir(): string {
    return join(this.root, 'runs');
  }
  get writersDir(): string {
    return join(this.root, 'writers');
  }
  get index(): string {
    return join(this.root, 'index.jsonl');
  }
  runDir(id: string): string {
    return join(this.runsDir, id);
  }
  runLog(id: string): string {
    return join(this.runsDir, id, 'log.jsonl');
  }
  runSummary(id: string): string {
    return join(this.runsDir, id, 'summary.json');
  }
  stageLog(id: string, stage: string): string {
    return join(this.runsDir, id, 'logs', `${encodeURIComponent(stage)}.log`);
  }
}
