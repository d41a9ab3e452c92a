// The embedded tracking store: a folder of append-only run logs, safe against killed writers and
// concurrent writers without locks. On-disk format: docs/tracking-store.md. The editor's extension host
// calls it on its only thread, so every read in an async method is asynchronous and long loops yield
// (bench/host-block.bench.ts); writes stay synchronous single appends, which is what keeps them whole.
import * as fs from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ensureGitIgnoredFolder } from '../../mlops-folder';
import { TrackingError } from '../errors';
import { searchInMemory } from '../query';
import { checkRunName } from '../run-name';
import type {
  Experiment,
  HistoryPoint,
  LogChunk,
  MetricPoint,
  NewRun,
  Page,
  PageRequest,
  Run,
  RunOutput,
  RunQuery,
  RunSummary,
  RunUpdate,
  StageRecord,
  TrackingStore,
} from '../types';
import { appendExperiment, readExperiments } from './experiments';
import { snapToRun, snapToSummary, snapView } from './fold';
import { historyPageSize, readHistory } from './history';
import { type RunIndex, runIndexOf } from './index';
import { appendLines, appendRaw } from './jsonl';
import { FORMAT, Layout, RUN_ID } from './layout';
import { metricLine, type LogRecord } from './records';
import { currentSnapshot, logSize } from './snapshot';
import { checkOutputs, checkPoints, checkStage, checkStringMap, checkUpdate } from './validate';
import { closeMarker, openMarker } from './writers';
import { readJsonFile, writeFileAtomic } from '../../atomic-file';
import { readUtf8From } from './text';

/** Opens the store in `dir` (e.g. workspaceStoreDir(workspace)); files are created on the first write. */
export function openLocalStore(dir: string): LocalStore {
  return new LocalStore(dir);
}

export class LocalStore implements TrackingStore {
  private readonly layout: Layout;
  private readonly index: RunIndex;
  private created = false;

  constructor(readonly location: string) {
    this.layout = new Layout(location);
    this.index = runIndexOf(this.layout);
    this.checkFormat();
  }

  async listExperiments(): Promise<Experiment[]> {
    return readExperiments(this.layout.experiments);
  }

  async getExperimentByName(name: string): Promise<Experiment | undefined> {
    return (await readExperiments(this.layout.experiments)).find((e) => e.name === name);
  }

  async createExperiment(name: string): Promise<Experiment> {
    if (typeof name !== 'string' || name.trim() === '') {
      throw new TrackingError('invalid-argument', 'an experiment needs a non-empty name');
    }
    if (await this.getExperimentByName(name)) {
      throw new TrackingError('already-exists', `experiment '${name}' already exists in ${this.location}`);
    }
    this.ensureCreated();
    return appendExperiment(this.layout.experiments, name, Date.now());
  }

  async createRun(run: NewRun): Promise<Run> {
    const experiment = (await readExperiments(this.layout.experiments)).find((e) => e.id === run.experimentId);
    if (!experiment) {
      throw new TrackingError(
        'not-found',
        `no experiment with id '${run.experimentId}' in ${this.location}: create it first`,
      );
    }
    checkStringMap('tag', run.tags ?? {});
    const id = randomUUID().replaceAll('-', '');
    const startTime = run.startTime ?? Date.now();
    if (!Number.isSafeInteger(startTime))
      throw new TrackingError('invalid-argument', 'startTime must be integer ms since the epoch');
    const name = typeof run.name === 'string' && run.name.trim() !== '' ? run.name : `run-${id.slice(0, 8)}`;
    const first: LogRecord = {
      t: 'run',
      id,
      experimentId: experiment.id,
      name,
      startTime,
      git: run.git ?? null,
      tags: run.tags ?? {},
    };
    this.ensureCreated();
    openMarker(this.layout.writersDir, id); // before the run exists, so the index learns of it even if we die right after
    fs.mkdirSync(this.layout.runsDir, { recursive: true });
    fs.mkdirSync(this.layout.runDir(id));
    appendLines(this.layout.runLog(id), [JSON.stringify(first)], true);
    const snap = await currentSnapshot(this.layout, id);
    if (!snap) throw new TrackingError('corrupt-store', `run ${id} could not be read back from ${this.location}`);
    return snapToRun(snap.s, experiment.name);
  }

  async updateRun(runId: string, update: RunUpdate): Promise<void> {
    checkUpdate(update);
    this.append(runId, [
      update.status === 'RUNNING'
        ? { t: 'status', status: 'RUNNING' }
        : { t: 'status', status: update.status, endTime: update.endTime },
    ]);
    if (update.status !== 'RUNNING') closeMarker(this.layout.writersDir, runId);
  }

  async renameRun(runId: string, name: string): Promise<void> {
    const trimmed = checkRunName(name);
    if ((await this.snapshot(runId)).lifecycle === 'deleted') {
      throw new TrackingError('invalid-argument', `run ${runId} is deleted: restore it first, then rename it`);
    }
    this.append(runId, [{ t: 'name', name: trimmed }]);
    // A one-off edit, often of a finished run: do not keep every list re-checking it while this process lives.
    closeMarker(this.layout.writersDir, runId);
  }

  async logParams(runId: string, params: Record<string, string>): Promise<void> {
    checkStringMap('param', params);
    const logged = (await this.snapshot(runId)).params;
    const fresh: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) {
      const old = logged[k];
      if (old === undefined) fresh[k] = v;
      else if (old !== v) {
        throw new TrackingError(
          'conflict',
          `param '${k}' of run ${runId} is already '${old}'; params are write-once, so it cannot become '${v}'`,
        );
      }
    }
    if (Object.keys(fresh).length > 0) this.append(runId, [{ t: 'params', params: fresh }]);
  }

  async logMetrics(runId: string, points: MetricPoint[]): Promise<void> {
    checkPoints(points);
    this.appendLines(
      runId,
      points.map((p) => metricLine(p.key, p.value, p.step, p.timestamp)),
    );
  }

  async setTags(runId: string, tags: Record<string, string>): Promise<void> {
    checkStringMap('tag', tags);
    if (Object.keys(tags).length > 0) this.append(runId, [{ t: 'tags', tags }]);
  }

  async recordOutputs(runId: string, outputs: RunOutput[]): Promise<void> {
    checkOutputs(outputs);
    if (outputs.length > 0) this.append(runId, [{ t: 'outputs', outputs }]);
  }

  async recordStage(runId: string, stage: StageRecord): Promise<void> {
    checkStage(stage);
    this.append(runId, [{ t: 'stage', stage }]);
  }

  async appendStageLog(runId: string, stage: string, text: string): Promise<void> {
    await this.requireRun(runId);
    const file = this.layout.stageLog(runId, stage);
    fs.mkdirSync(dirname(file), { recursive: true });
    appendRaw(file, text);
  }

  async readStageLog(runId: string, stage: string, offset = 0): Promise<LogChunk> {
    await this.requireRun(runId);
    return readUtf8From(this.layout.stageLog(runId, stage), offset);
  }

  async getRun(runId: string): Promise<Run | undefined> {
    if (!RUN_ID.test(runId)) return undefined;
    const snap = await currentSnapshot(this.layout, runId);
    return snap && snapToRun(snap.s, (await this.experimentNames()).get(snap.s.experimentId) ?? snap.s.experimentId);
  }

  async getMetricHistory(runId: string, key: string, page: PageRequest = {}): Promise<Page<HistoryPoint>> {
    await this.requireRun(runId);
    return readHistory(this.layout.runLog(runId), key, historyPageSize(page.pageSize), page.pageToken);
  }

  async searchRuns(query: RunQuery): Promise<Page<RunSummary>> {
    const page = searchInMemory(await this.indexSnaps(), query, snapView);
    const names = await this.experimentNames();
    return { ...page, items: page.items.map((s) => snapToSummary(s, names.get(s.experimentId) ?? s.experimentId)) };
  }

  async deleteRun(runId: string): Promise<void> {
    this.append(runId, [{ t: 'lifecycle', lifecycle: 'deleted', time: Date.now() }]);
    closeMarker(this.layout.writersDir, runId);
  }

  async restoreRun(runId: string): Promise<void> {
    this.append(runId, [{ t: 'lifecycle', lifecycle: 'active', time: Date.now() }]);
    closeMarker(this.layout.writersDir, runId);
  }

  processEnv(_runId: string): Record<string, string> {
    return { MLOPS_TRACKING_URI: this.location };
  }

  /** Forgets index.jsonl and rebuilds it from the run logs (for `mlops` repair and tests). */
  async rebuildIndex(): Promise<void> {
    if (await exists(this.location)) await this.index.rebuild();
  }

  private async indexSnaps() {
    return (await exists(this.layout.formatFile)) ? this.index.current() : [];
  }

  private async experimentNames(): Promise<Map<string, string>> {
    return new Map((await readExperiments(this.layout.experiments)).map((e) => [e.id, e.name]));
  }

  private async snapshot(runId: string) {
    const snap = RUN_ID.test(runId) ? await currentSnapshot(this.layout, runId) : undefined;
    if (!snap) throw this.noRun(runId);
    return snap.s;
  }

  private async requireRun(runId: string): Promise<void> {
    if (!RUN_ID.test(runId) || (await logSize(this.layout, runId)) === undefined) throw this.noRun(runId);
  }

  private noRun(runId: string): TrackingError {
    return new TrackingError('not-found', `no run '${runId}' in ${this.location} (list runs with \`mlops runs list\`)`);
  }

  private append(runId: string, records: LogRecord[]): void {
    this.appendLines(
      runId,
      records.map((r) => JSON.stringify(r)),
    );
  }

  private appendLines(runId: string, lines: string[]): void {
    if (!RUN_ID.test(runId)) throw this.noRun(runId);
    openMarker(this.layout.writersDir, runId);
    try {
      appendLines(this.layout.runLog(runId), lines, false);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw this.noRun(runId);
      throw err;
    }
  }

  private checkFormat(): void {
    const v = readJsonFile(this.layout.formatFile) as { format?: unknown; version?: unknown } | undefined;
    if (v === undefined) return;
    if (v.format !== FORMAT.format || v.version !== FORMAT.version) {
      throw new TrackingError(
        'corrupt-store',
        `${this.layout.formatFile} says ${JSON.stringify(v)}, but this version of MLOps Workbench reads ${JSON.stringify(FORMAT)}: update the extension or point the tracking URI elsewhere`,
      );
    }
    this.created = true;
  }

  private ensureCreated(): void {
    if (this.created) return;
    // The folder lives in the workspace: keep it (and itself) out of git.
    ensureGitIgnoredFolder(this.location);
    if (!fs.existsSync(this.layout.formatFile)) writeFileAtomic(this.layout.formatFile, JSON.stringify(FORMAT) + '\n');
    this.created = true;
  }
}

async function exists(path: string): Promise<boolean> {
  return fs.promises.access(path).then(
    () => true,
    () => false,
  );
}
