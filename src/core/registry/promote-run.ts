// Promote a retrained run: register its model output as the next version of the model dvc.yaml declares at that
// path (`artifacts:` with `type: model`), then give that version the production stage (GTO) or alias (MLflow).
// What Retrain → Promote does after the gate passed; the registry's own checks (name, version taken) still apply.
import type { FileSystem } from '../fs';
import type { Run } from '../tracking/types';
import { readArtifacts } from './artifacts';
import { type ModelRegistry, type ModelVersionInfo, RegistryError } from './types';

const SEMVER = /^v?\d+\.\d+\.\d+$/;

/** The next patch version after the newest semantic one, `v1.0.0` for a new model. */
export function nextVersion(versions: readonly ModelVersionInfo[]): string {
  const newest = versions.map((v) => v.version).find((v) => SEMVER.test(v));
  if (!newest) return 'v1.0.0';
  const [major, minor, patch] = newest.replace(/^v/, '').split('.').map(Number) as [number, number, number];
  return `v${major}.${minor}.${patch + 1}`;
}

export interface Promoted {
  model: string;
  version: string;
  stage: string;
}

export async function registerAndPromote(
  registry: ModelRegistry,
  run: Run,
  root: string,
  fs: FileSystem,
  stage: string,
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
    commit: run.git?.commit,
  });
  await registry.promote(artifact.name, registered.version, stage);
  return { model: artifact.name, version: registered.version, stage };
}
