// Where a pipeline may write: inside its project, never the project folder itself. DVC 3 refuses outputs outside
// the repository; for us it is also a safety rule, because `mlops run` deletes every non-persistent output before
// running its stage: `outs: [..]` deleted the workspace's parent folder and `outs: [/etc/x]` a file outside.
// The project is the nearest folder holding `.dvc` or `.git` (the dvc.yaml's own folder when there is none),
// and paths are compared after resolving symbolic links, so a link inside the project pointing out is caught too.
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import type { FileSystem } from '../fs';
import type { Pipeline } from './model';

/** The project folder a dvc.yaml in `dir` belongs to. */
export function projectRoot(dir: string, fs: FileSystem): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.stat(path.join(d, '.dvc'))?.isDirectory || fs.stat(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

/**
 * Resolves paths with every symbolic link of their existing part resolved (the part that does not exist yet
 * appended). Each folder is looked at once per resolver, with lstat rather than a failing realpath: a pipeline of
 * 2,000 stages asks about thousands of outputs in a few folders, mostly not written yet, and a thrown ENOENT per
 * path made this check most of the time of reading the file.
 */
type RealPath = (p: string) => string;

function realPaths(): RealPath {
  const known = new Map<string, string>();
  const real = (p: string): string => {
    const hit = known.get(p);
    if (hit !== undefined) return hit;
    const parent = path.dirname(p);
    let resolved: string;
    if (parent === p) resolved = nodeFs.realpathSync.native(p);
    else {
      const stat = nodeFs.lstatSync(p, { throwIfNoEntry: false });
      // A link is resolved by the OS (it may point through further links); anything else sits in its real parent.
      const inParent = path.join(real(parent), path.basename(p));
      resolved = stat?.isSymbolicLink() ? linkTarget(p, inParent) : inParent;
    }
    known.set(p, resolved);
    return resolved;
  };
  return real;
}

/** Where a link leads; a dangling one is kept as it is (the run deletes it before writing the output afresh). */
function linkTarget(p: string, inParent: string): string {
  try {
    return nodeFs.realpathSync.native(p);
  } catch {
    return inParent;
  }
}

type Place = { where: 'inside' | 'root' } | { where: 'outside'; real: string };

/** Where `abs` lies relative to `root`, links resolved. */
function placeOf(root: string, abs: string, real: RealPath): Place {
  const resolved = real(abs);
  const rel = path.relative(real(root), resolved);
  if (rel === '') return { where: 'root' };
  return rel.startsWith('..') || path.isAbsolute(rel) ? { where: 'outside', real: resolved } : { where: 'inside' };
}

function outsideText(root: string, abs: string, real: string): string {
  const link = real !== path.resolve(abs) ? ' through a symbolic link' : '';
  return `resolves${link} to ${real}, outside the project at ${root}`;
}

/** Why writing (and first deleting) `abs` is refused, or undefined when it lies strictly inside `root`. */
export function outsideProject(root: string, abs: string, real: RealPath = realPaths()): string | undefined {
  const place = placeOf(root, abs, real);
  if (place.where === 'root') return `is the project folder itself (${root})`;
  return place.where === 'outside' ? outsideText(root, abs, place.real) : undefined;
}

/** An error per output and wdir of the pipeline that is not inside its project (a wdir may be the project itself). */
export function containmentDiagnostics(pipeline: Pipeline, fs: FileSystem): Diagnostic[] {
  const root = projectRoot(pipeline.dir, fs);
  const real = realPaths();
  const out: Diagnostic[] = [];
  for (const stage of pipeline.stages) {
    const wdir = path.resolve(pipeline.dir, stage.wdir);
    const wdirPlace = placeOf(root, wdir, real);
    if (wdirPlace.where === 'outside')
      out.push({
        code: 'outside-project',
        severity: 'error',
        message: `wdir '${stage.wdir}' of stage '${stage.name}' ${outsideText(root, wdir, wdirPlace.real)}; a stage runs inside its project. Use a folder inside it.`,
        range: stage.nameRange,
      });
    for (const o of stage.outs) {
      const problem = outsideProject(root, path.resolve(wdir, o.path.value), real);
      if (problem)
        out.push({
          code: 'outside-project',
          severity: 'error',
          message: `Output '${o.path.value}' of stage '${stage.name}' ${problem}; mlops run deletes outputs before running, so only paths inside the project are allowed.`,
          range: o.path.range,
        });
    }
  }
  return out;
}
