// Running real `dvc repro --dry` (dvc_repro_dry.py, one Python process) and reading our verdict on the same folder,
// for the crafted and the corpus repro-dry referees. DVC checks a workspace only when it runs; its dry run is the
// nearest it comes to a check: it hashes every dependency, reads every params key and orders the stage graph.
import { execFileSync } from 'node:child_process';
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
);

/** DVC's cause of a failed dry run → our codes that say the same. */
export const SAME_CAUSE: Record<string, readonly string[]> = {
  FileNotFoundError: ['missing-dependency'],
  MissingParamsError: ['undefined-param', 'missing-params-file'],
  CyclicGraphError: ['dependency-cycle'],
  OutputDuplicationError: ['duplicate-output'],
  OverlappingOutputPathsError: ['overlapping-outputs'],
};

/** DVC's verdict on each case, by root. */
export function reproDry(cases: readonly DryCase[]): Map<string, DryVerdict> {
  const out = execFileSync(join(venvBin(), 'python'), [join(__dirname, 'dvc_repro_dry.py')], {
    env: venvEnv(),
    encoding: 'utf8',
    input: JSON.stringify(cases),
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 600_000, // a hang fails the test; the corpus takes DVC ≈30 s of CPU
    maxBuffer: 16 * 1024 * 1024,
  });
  return new Map((JSON.parse(out) as DryVerdict[]).map((v) => [v.root, v]));
}

/** Our error-severity diagnostics on every pipeline under `root`, as `code: message`. */
export function ourErrors(root: string): { code: string; text: string }[] {
  return [...validatePipelines(findPipelines(root, nodeFileSystem), nodeFileSystem).values()]
    .flat()
    .filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, text: `${d.code}: ${d.message}` }));
}
