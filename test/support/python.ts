// Gives tests the bin folder of the pinned Python venv (real DVC, MLflow, GTO, DVCLive), creating it on first use.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

let cached: string | undefined;

export function venvBin(): string {
  cached ??= execFileSync(process.execPath, [join(__dirname, '../../scripts/setup-python.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return cached;
}

/** Environment for running the venv's tools: its bin first on PATH, no analytics, no network lookups. */
export function venvEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${venvBin()}:${process.env.PATH ?? ''}`,
    DVC_NO_ANALYTICS: '1',
    GTO_NO_ANALYTICS: '1',
    MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR: 'false',
    ...extra,
  };
}

let evidently: string | undefined;

/** Evidently's own venv (.cache/evidently, requirements-evidently.txt: it needs pandas < 3), created on first use. */
export function evidentlyBin(): string {
  evidently ??= execFileSync(
    process.execPath,
    [join(__dirname, '../../scripts/setup-python.mjs'), '.cache/evidently', 'requirements-evidently.txt'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  ).trim();
  return evidently;
}
