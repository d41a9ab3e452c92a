// `--executor local|ray`, `--ray-address`, `--ray-data` (or env MLOPS_EXECUTOR, MLOPS_RAY_ADDRESS,
// MLOPS_RAY_DATA; the dashboard token only from env MLOPS_RAY_TOKEN) → the run's executor, chosen in core.
import { chooseExecutor, type ExecutorChoice } from '../core/executors/choose';
import type { Backend } from './backend';
import type { CliIO } from './io';

export const EXECUTOR_HELP = `  --executor E     local (default: processes here) or ray (one Ray job per run, results in MLflow)
  --ray-address A  the Ray dashboard, http://HOST:8265 (default: env MLOPS_RAY_ADDRESS; token: env MLOPS_RAY_TOKEN)
  --ray-data D     inputs not in git: dvc-remote (dvc pull on the cluster), an absolute folder every node
                   mounts, or none (default: refuse if the stages need any)`;

export function executorFromArgs(
  options: { executor?: string; 'ray-address'?: string; 'ray-data'?: string },
  backend: Backend,
  io: CliIO,
  /** Called as each Ray job is submitted, after the line on stderr. */
  onSubmitted?: (jobId: string, address: string) => void,
): ExecutorChoice {
  const choice = chooseExecutor(
    {
      executor: options.executor ?? io.env.MLOPS_EXECUTOR ?? 'local',
      rayAddress: options['ray-address'] ?? io.env.MLOPS_RAY_ADDRESS,
      rayToken: io.env.MLOPS_RAY_TOKEN,
      rayData: options['ray-data'] ?? io.env.MLOPS_RAY_DATA,
      rayLostAfterSeconds: positiveNumber(io.env.MLOPS_RAY_LOST_AFTER),
    },
    backend.kind === 'mlflow' ? backend : undefined,
    (id, address) => {
      io.stderr(`submitted Ray job ${id} to ${address}\n`);
      onSubmitted?.(id, address);
    },
  );
  if (choice.ok) return choice;
  return {
    ok: false,
    message: `${choice.message} (set with --executor, --ray-address or MLOPS_RAY_ADDRESS, --ray-data, --tracking-uri or MLOPS_TRACKING_URI)`,
  };
}

function positiveNumber(text: string | undefined): number | undefined {
  const n = Number(text);
  return text && Number.isFinite(n) && n > 0 ? n : undefined;
}
