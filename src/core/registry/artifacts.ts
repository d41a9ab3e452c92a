// Model declarations from dvc.yaml `artifacts:` sections. An artifact `clf` declared in `models/dvc.yaml`
// is named `models:clf` (GTO and DVC's convention) and its path is relative to that file's folder.
import * as path from 'node:path';
import { parse } from 'yaml';
import type { FileSystem } from '../fs';
import { artifactPath } from './artifact-path';
import { findPipelines } from '../pipeline/index';

export interface ArtifactDeclaration {
  /** Full name: `name` at the root, `dir:name` in dir/dvc.yaml. */
  name: string;
  /** Relative to the repository root, with forward slashes; a remote location (`s3://…`) as written. */
  path: string;
  type?: string;
  desc?: string;
  /** The dvc.yaml that declares it. */
  file: string;
}

/** The `artifacts:` of one dvc.yaml text; entries without a string `path` are left out (the validator reports them). */
export function parseArtifacts(text: string, relDir: string, file: string): ArtifactDeclaration[] {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    return [];
  }
  const section = typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>).artifacts : undefined;
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return [];
  const out: ArtifactDeclaration[] = [];
  for (const [name, decl] of Object.entries(section as Record<string, unknown>)) {
    if (typeof decl !== 'object' || decl === null) continue;
    const d = decl as Record<string, unknown>;
    if (typeof d.path !== 'string') continue;
    out.push({
      name: relDir === '' ? name : `${relDir}:${name}`,
      path: artifactPath(relDir, d.path),
      type: typeof d.type === 'string' ? d.type : undefined,
      desc: typeof d.desc === 'string' ? d.desc : undefined,
      file,
    });
  }
  return out;
}

/** Every artifact declared in the dvc.yaml files under the repository root. */
export function readArtifacts(root: string, fs: FileSystem): Map<string, ArtifactDeclaration> {
  const out = new Map<string, ArtifactDeclaration>();
  for (const file of findPipelines(root, fs)) {
    const text = fs.readText(file);
    if (text === undefined) continue;
    const relDir = path.relative(root, path.dirname(file)).split(path.sep).join('/');
    for (const a of parseArtifacts(text, relDir, file)) out.set(a.name, a);
  }
  return out;
}
