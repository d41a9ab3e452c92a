// One experiment on a Ray cluster, from the submitting side: pack its workspace, submit it through the Jobs
// API, follow it (state and log) until it ends, and bring its outputs back into the same workspace with their
// md5s checked against the manifest the job uploaded — so that what follows (dvc.lock, the experiment commit)
// is exactly what a local run of the same stages does. The plan is computed here; the cluster only runs the
// commands it is given (ray-entrypoint.py), and reports to MLflow directly (live metrics, status, outputs).
//
// Failure policy: the job's own failure → FAILED with the failing stage (the entrypoint tags the run); a job
// Ray loses (supervisor or node died) → FAILED with Ray's message, and the run is ended here since the
// entrypoint could not; a cluster that stops answering for longer than `lostAfterMs` → FAILED "unreachable";
// cancel → `ray job stop` → KILLED. An output whose md5 differs from the manifest fails the collection.
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { MlflowClient } from '../../tracking/mlflow/client';
import { artifactRoot, downloadArtifact } from '../../tracking/mlflow/artifacts';
import { followJob } from './follow-job';
import { RayError, type RayJobsClient } from './jobs-client';
import { zip, type ZipEntry } from './zip';

/** What the cluster runs for one stage: the command as dvc.yaml gives it, resolved on this side. */
export interface RemoteStage {
  id: string;
  cmd: string | string[];
  /** Relative to the workspace root; '' for the root. */
  wdir: string;
  /** Outputs relative to the workspace root (uploaded after the last stage). */
  outs: string[];
}

/** Where big inputs come from: never uploaded with the package. */
export interface RemoteData {
  /** `dvc pull` these targets on the worker (the project has a DVC remote the cluster can read). */
  pull?: string[];
  /** Link these workspace paths to a folder every node mounts (`mlops.ray.sharedDataPath`). */
  links?: { path: string; source: string }[];
}

export interface RayExperimentJob {
  /** The run's name (an experiment's name): the job's id starts with it, messages name it. */
  name: string;
  /** Absolute path of the experiment's isolated workspace. */
  workspace: string;
  /** Files to send, relative to the workspace (git-tracked files plus the experiment's params). */
  files: string[];
  /**
   * Of `files`, those the experiments of a sweep differ in (their params files). When small they travel in the
   * job's spec instead of its package, so a sweep's experiments share one package: uploaded once, unpacked once
   * per node (Ray keeps one copy per package name), copied by each job into a folder of its own.
   */
  perJob?: string[];
  stages: RemoteStage[];
  data: RemoteData;
  /** The MLflow run (already created, with params and experiment tags) the job reports into. */
  runId: string;
  trackingUri: string;
  /** Passed to the job as MLFLOW_TRACKING_TOKEN so it can log; the cluster can read it (docs/scale-out.md). */
  trackingToken?: string;
  numCpus?: number;
}

export type RayOutcome =
  | { state: 'SUCCEEDED'; jobId: string; outputs: string[] }
  | { state: 'FAILED'; jobId?: string; reason: string }
  | { state: 'KILLED'; jobId: string };

export interface RayJobHooks {
  onSubmitted?(jobId: string): void;
  onLog?(text: string): void;
  signal?: AbortSignal;
  pollMs?: number;
  /** How long the cluster may stay silent before the job counts as lost. */
  lostAfterMs?: number;
  /** Called once the job succeeded, before its outputs are written into the workspace. */
  beforeCollect?(): void;
}

/** Packages beyond this are refused: large data belongs in the DVC remote or a shared path. */
export const MAX_PACKAGE_BYTES = 100 * 1024 * 1024;
/** Per-job files beyond this go in the package: the spec is an environment variable (Linux caps one at 128 KiB). */
const MAX_CARRIED_BYTES = 48 * 1024;
const ENTRYPOINT = '_mlops_job/entrypoint.py';

export async function runOnRay(
  ray: RayJobsClient,
  mlflow: MlflowClient,
  job: RayExperimentJob,
  hooks: RayJobHooks = {},
): Promise<RayOutcome> {
  await ray.version();
  const packed = packJob(job);
  const workingDir = await ray.uploadPackage(packed.zip);
  const env: Record<string, string> = { PYTHONUNBUFFERED: '1', MLOPS_JOB: packed.spec };
  if (job.trackingToken) env.MLFLOW_TRACKING_TOKEN = job.trackingToken;
  const jobId = await ray.submit({
    entrypoint: `python ${ENTRYPOINT}`,
    workingDir,
    submissionId: submissionId(job.name, job.runId),
    env,
    metadata: { 'mlops.experiment': job.name, 'mlops.run': job.runId },
    numCpus: job.numCpus ?? 1,
  });
  hooks.onSubmitted?.(jobId);
  const info = await followJob(ray, jobId, { ...hooks, onAbort: 'stop' });
  if (info === 'lost') {
    const reason = `the Ray cluster at ${ray.address} stopped answering while job ${jobId} ran`;
    await endRun(mlflow, job.runId, reason);
    return { state: 'FAILED', jobId, reason };
  }
  if (info.status === 'STOPPED') return { state: 'KILLED', jobId };
  if (info.status === 'FAILED') {
    const reason = info.message || `job ${jobId} failed (${info.errorType ?? 'no reason given'})`;
    await endRun(mlflow, job.runId, reason);
    return { state: 'FAILED', jobId, reason };
  }
  hooks.beforeCollect?.();
  const outputs = await downloadOutputs(mlflow, job.runId, job.workspace, job.name);
  return { state: 'SUCCEEDED', jobId, outputs };
}

/**
 * The job's id in Ray's job list and dashboard: readable (the run's name — an experiment's, or `mlops run`'s
 * `run-YYYYMMDD-HHMMSS`) and unique (the run id's first 8 hex digits: a new run, a new id). Ray takes any string;
 * the name keeps to what reads well in a URL and a shell, at most 64 characters of it.
 */
export function submissionId(name: string, runId: string): string {
  const readable = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 64)
    .replace(/^-+|-+$/g, '');
  return `mlops-${readable ? `${readable}-` : ''}${runId.slice(0, 8)}`;
}

/**
 * The package (the listed files and the entrypoint, deterministic for one input) and the job's spec (what to
 * run, where results go, and the per-job files when they are small), which the job reads from MLOPS_JOB.
 */
export function packJob(job: RayExperimentJob): { zip: Buffer; spec: string } {
  const files = [...job.files].sort();
  const perJob = new Set(job.perJob ?? []);
  const perJobBytes = files
    .filter((f) => perJob.has(f))
    .reduce((n, f) => n + statSync(path.join(job.workspace, f)).size, 0);
  const carry = perJobBytes <= MAX_CARRIED_BYTES;
  const entries: ZipEntry[] = [];
  const carried: Record<string, string> = {};
  const executable: string[] = [];
  let size = 0;
  for (const rel of files) {
    const abs = path.join(job.workspace, rel);
    const data = readFileSync(abs);
    size += data.length;
    if (size > MAX_PACKAGE_BYTES) {
      throw new RayError(
        'rejected',
        `the files to send for ${job.name} pass ${MAX_PACKAGE_BYTES / 2 ** 20} MB at ${rel} — keep large data in the DVC remote (it is pulled on the cluster) or a shared path (mlops.ray.sharedDataPath), not in git`,
      );
    }
    const isExec = (statSync(abs).mode & 0o111) !== 0;
    if (isExec) executable.push(rel);
    if (carry && perJob.has(rel)) carried[rel] = data.toString('base64');
    else entries.push({ path: rel, data, executable: isExec });
  }
  entries.push({ path: ENTRYPOINT, data: readFileSync(entrypointFile()) });
  const spec = {
    experiment: job.name,
    stages: job.stages,
    outs: job.stages.flatMap((s) => s.outs),
    executable,
    files: carried,
    pull: job.data.pull ?? [],
    links: job.data.links ?? [],
    mlflow: { uri: job.trackingUri, run_id: job.runId },
  };
  return { zip: zip(entries), spec: JSON.stringify(spec) };
}

/** Ends a run the entrypoint could not end itself, keeping Ray's reason on it. */
async function endRun(mlflow: MlflowClient, runId: string, reason: string): Promise<void> {
  const run = await mlflow.getRun(runId);
  if (run.info.status !== 'RUNNING' && run.info.status !== 'SCHEDULED') return;
  await mlflow.logBatch(runId, { tags: { 'mlops.failure': reason.slice(0, 4000) } });
  await mlflow.updateRun(runId, { status: 'FAILED', endTime: Date.now() });
}

interface ManifestEntry {
  md5: string;
  size: number;
  isexec: boolean;
}

/**
 * Downloads the outputs a job uploaded to its MLflow run into `workspace` (those under `only` when given: paths
 * relative to it), checking each file's md5 against the job's manifest; returns the files written. The run that
 * submitted the job brings them all back; `exp apply` of an experiment whose outputs the DVC cache lacks, some.
 */
export async function downloadOutputs(
  mlflow: MlflowClient,
  runId: string,
  workspace: string,
  label: string,
  only?: readonly string[],
): Promise<string[]> {
  const root = await artifactRoot(mlflow, runId);
  const manifest = JSON.parse((await downloadArtifact(mlflow, root, 'mlops/outputs.json')).toString('utf8')) as Record<
    string,
    ManifestEntry
  >;
  const wanted = (rel: string): boolean => !only || only.some((p) => rel === p || rel.startsWith(`${p}/`));
  const written: string[] = [];
  const base = path.resolve(workspace);
  for (const [rel, entry] of Object.entries(manifest)) {
    if (!wanted(rel)) continue;
    const abs = path.resolve(base, rel);
    if (!abs.startsWith(base + path.sep))
      throw new RayError('rejected', `the job's manifest names ${rel}, outside the workspace`);
    const data = await downloadArtifact(mlflow, root, `outputs/${rel}`);
    const md5 = createHash('md5').update(data).digest('hex');
    if (md5 !== entry.md5 || data.length !== entry.size) {
      throw new RayError(
        'rejected',
        `output ${rel} of ${label} arrived with md5 ${md5} (${data.length} bytes), the job recorded ${entry.md5} (${entry.size} bytes) — re-run the experiment`,
      );
    }
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, data);
    if (entry.isexec) chmodSync(abs, 0o755);
    written.push(rel);
  }
  return written;
}

/** Beside this module under tsx, beside the bundle in dist/ (scripts/build.mjs copies it). */
function entrypointFile(): string {
  return path.join(__dirname, 'ray-entrypoint.py');
}
