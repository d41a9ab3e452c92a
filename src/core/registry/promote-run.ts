// Promote a retrained run: register its model output as the next version of the model dvc.yaml declares at that
// path (`artifacts:` with `type: model`), then give that version the production stage (GTO) or alias (MLflow).
// What Retrain → Promote does after the gate passed; the registry's own checks (name, version taken) still apply.
import type { FileSystem } from '../fs';
import type { Run } from '../tracking/types';
import { readArtifacts } from './artifacts';
import { compareSemver } from './gto-tags';
import { type ModelRegistry, type ModelVersionInfo, RegistryError } from './types';

const SEMVER = /^v?\d+\.\d+\.\d+$/;

/**
 * The next patch version after the highest semantic one registered, `v1.0.0` for a new model. It counts from each
 * version's label (what it was registered as): on MLflow the version itself is the server's number, "1", which
 * is no semantic version — reading it would propose `v1.0.0` again and the registry would refuse it as taken.
 */
export function nextVersion(versions: readonly ModelVersionInfo[]): string {
  const labels = versions.flatMap((v) =>
    v.label !== null && SEMVER.test(v.label) ? [v.label.replace(/^v?/, 'v')] : [],
  );
  const highest = labels.sort(compareSemver).at(-1);
  if (!highest) return 'v1.0.0';
  const [major, minor, patch] = highest.slice(1).split('.').map(Number) as [number, number, number];
  return `v${major}.${minor}.${patch + 1}`;
}

export interface Promoted {
  model: string;
  /** As registered (`v1.0.1`), on MLflow too (where the server numbers it). */
  version: string;
  stage: string;
}

/**
 * `commit`: the commit holding the model as the run made it — an experiment's own commit for a run made as one
 * (its dvc.lock records the model's hash); the commit the run started from when not given.
 */
export async function registerAndPromote(
  registry: ModelRegistry,
  run: Run,
  root: string,
  fs: FileSystem,
  stage: string,
  commit: string | undefined = run.git?.commit,
): Promise<Promoted> {
  const models = [...readArtifacts(root, fs).values()].filter((a) => a.type === 'model');
  const outputs = new Map(run.outputs.map((o) => [o.path, o]));
  const artifact = models.find((a) => outputs.has(a.path));
  if (!artifact) {
    const declared = models.map((a) => `${a.name} (${a.path})`).join(', ') || 'none';
    throw new RegistryError(
      `run ${run.name} recorded no output that dvc.yaml declares as a model (artifacts with type: model: ${declared}); declare the model file under artifacts:`,
    );
  }
  const output = outputs.get(artifact.path)!;
  const existing = await registry.getModel(artifact.name);
  const registered = await registry.register({
    name: artifact.name,
    version: nextVersion(existing?.versions ?? []),
    runId: run.id,
    path: output.path,
    md5: output.md5,
    commit,
  });
  await registry.promote(artifact.name, registered.version, stage);
  return { model: artifact.name, version: registered.label ?? registered.version, stage };
}
