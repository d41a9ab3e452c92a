// Running real `dvc repro --dry` (dvc_repro_dry.py, one Python process) and reading our verdict on the same folder,
// for the crafted and the corpus repro-dry referees. DVC checks a workspace only when it runs; its dry run is the
// nearest it comes to a check: it hashes every dependency, reads every params key and orders the stage graph.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { nodeFileSystem } from '../../src/core/fs';
import { findPipelines, validatePipelines } from '../../src/core/pipeline';
import { venvBin, venvEnv } from '../support/python';

export interface DryCase {
  root: string;
  /** Lay down every missing dependency and output first (see dvc_repro_dry.py). */
  layDown?: boolean;
  /** Then delete one laid-down dependency that no stage writes. */
  remove?: boolean;
}

export type DryVerdict = { root: string; removed?: string } & (
  | { ok: true; phase: 'dry' }
  | { ok: false; phase: 'dry' | 'load'; cause: string; message: string }
  | { ok: false; phase: 'outside'; outside: string[] }
  | { ok: false; phase: 'no-source' }
  | { ok: false; phase: 'timeout'; seconds: number }
);

/**
 * How long DVC may take over one case (load, lay down, dry run) before its verdict is a timeout: a bound on a hang,
 * not on speed. The largest corpus project (4,172 stages after matrix expansion) costs DVC 22 s of CPU, and a
 * loaded machine stretches that several times.
 */
export const CASE_SECONDS = 300;

/** DVC's cause of a failed dry run → our codes that say the same. */
export const SAME_CAUSE: Record<string, readonly string[]> = {
  FileNotFoundError: ['missing-dependency'],
  MissingParamsError: ['undefined-param', 'missing-params-file'],
  CyclicGraphError: ['dependency-cycle'],
  OutputDuplicationError: ['duplicate-output'],
  OverlappingOutputPathsError: ['overlapping-outputs'],
};

/**
 * DVC's verdict on each case, by root. `workers` Python processes share the cases (each imports DVC once, which
 * costs more than a dry run; every case is its own folder, so they cannot disturb each other). A case past
 * CASE_SECONDS is stopped by the Python side; a worker past its whole share's bound is killed and fails the test.
 */
export async function reproDry(cases: readonly DryCase[], workers = 1): Promise<Map<string, DryVerdict>> {
  const shares = Array.from({ length: workers }, (_, w) => cases.filter((_, i) => i % workers === w));
  const verdicts = await Promise.all(shares.filter((share) => share.length > 0).map(runWorker));
  return new Map(verdicts.flat().map((v) => [v.root, v]));
}

function runWorker(share: readonly DryCase[]): Promise<DryVerdict[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      join(venvBin(), 'python'),
      [join(__dirname, 'dvc_repro_dry.py'), String(CASE_SECONDS)],
      {
        env: venvEnv(),
        encoding: 'utf8',
        // Importing DVC, then every case at its bound: a worker past that is hung, not slow.
        timeout: (60 + share.length * CASE_SECONDS) * 1000,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`dvc_repro_dry.py failed (${err.message}): ${stderr.slice(-2000)}`));
        else resolve(JSON.parse(stdout) as DryVerdict[]);
      },
    );
    child.stdin?.end(JSON.stringify(share));
  });
}

/** Our error-severity diagnostics on every pipeline under `root`, as `code: message`. */
export function ourErrors(root: string): { code: string; text: string }[] {
  return [...validatePipelines(findPipelines(root, nodeFileSystem), nodeFileSystem).values()]
    .flat()
    .filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, text: `${d.code}: ${d.message}` }));
}
