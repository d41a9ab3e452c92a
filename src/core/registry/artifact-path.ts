// Where an artifact lives: a path in the repository, or a remote location DVC and GTO accept in `artifacts:`
// (`s3://…`, `gs://…`, `azure://…`, `https://…`). A remote location is kept verbatim — path normalisation would
// fold `s3://bucket` into `s3:/bucket` — and a version registered at one has no local file to hash.
import * as path from 'node:path';

/** `scheme://…` as URLs write it (DVC's remote schemes and http/https). */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

export function isRemotePath(p: string): boolean {
  return REMOTE.test(p);
}

/**
 * An artifact's path as the registry shows it: a remote location as written; a local one relative to the repository
 * root with forward slashes (`relDir` is the declaring dvc.yaml's folder, '' at the root), without `./`.
 */
export function artifactPath(relDir: string, p: string): string {
  if (isRemotePath(p)) return p;
  const posix = p.split(path.sep).join('/');
  return path.posix.normalize(relDir === '' ? posix : `${relDir}/${posix}`).replace(/^\.\//, '');
}
