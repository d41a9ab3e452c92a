// The stages a `mlops run|status TARGET…` means, read as `dvc repro|status TARGET…` reads its targets
// (dvc/utils/__init__.py parse_target, dvc/repo/stage.py collect): `train` is a stage of the working folder's
// dvc.yaml; `sub/dvc.yaml` every stage of that file; `sub/dvc.yaml:train` one stage of it; `train@us` one member
// of a foreach/matrix group and `train` the whole group; `data/data.xml.dvc` that file's stage; a path that is a stage's output, that stage; with `-R`,
// a folder means every stage of every dvc.yaml under it. Paths are relative to the working folder, and so are
// the files named in messages. The workspace may be wider than the working folder (the DVC repository, as DVC
// reads it from a subfolder: `../dvc.yaml:train` is a target there). Beyond DVC, a bare name also finds a stage of
// a dvc.yaml nested under the working folder when that is the only stage so named (the editor and the CLI address
// nested stages that way); a stage of a parent folder's dvc.yaml is only found by its path, as DVC finds it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeId } from '../pipeline/dag';
import { isDvcFileName } from '../pipeline/dvc-file';
import { dvcListingRank } from './dvc-order';
import type { StageNode, Workspace } from './workspace';

export type Targets = { ok: true; ids: string[] } | { ok: false; message: string };

/**
 * What a run covers once its command line is read: targets relative to the working folder, and whether a folder
 * target means every dvc.yaml under it (`-R`). An experiment records it, so that it can be run again as it was.
 */
export interface RunScope {
  targets: string[];
  recursive: boolean;
}

/** The targets, `-R` and `-P` as `dvc repro` and `dvc exp run` take them. */
export interface TargetArgs {
  given: readonly string[];
  recursive: boolean;
  allPipelines: boolean;
}

export type Selected = { ok: true; scope: RunScope } | { ok: false; message: string };

/**
 * The one rule for what `mlops run` and `mlops exp run` (in the working copy, --temp and queued) cover, as DVC reads
 * its command line (dvc/repo/reproduce.py): `-P` is every stage of the repository at `root`, whatever the targets
 * (the root as a `-R` folder target, `.dvc` files included); no target is DVC's default target, ./dvc.yaml of the
 * working folder (PROJECT_FILE, which `dvc exp run` passes on to repro), so in the root sub/dvc.yaml is not run; in a
 * folder without a dvc.yaml DVC refuses (`'…/dvc.yaml' does not exist`), and so do we. Given targets are kept.
 */
export function selectTargets(cwd: string, root: string, args: TargetArgs): Selected {
  if (args.allPipelines) return { ok: true, scope: allPipelines(cwd, root) };
  if (args.given.length > 0) return { ok: true, scope: { targets: [...args.given], recursive: args.recursive } };
  if (hasPipelineFile(cwd)) return { ok: true, scope: defaultTarget() };
  return {
    ok: false,
    message: `no dvc.yaml in this folder (${cwd}): with no target, ./dvc.yaml is run, as DVC's default target. Name a target (a stage, sub/dvc.yaml), or give -R . for every dvc.yaml under this folder, -P for every pipeline of the repository`,
  };
}

/** `-P` from `cwd`: every stage of the repository at `root` (the root as a `-R` folder target, `.dvc` files included). */
export function allPipelines(cwd: string, root: string): RunScope {
  return { targets: [relative(cwd, root) || '.'], recursive: true };
}

/** DVC's default target: ./dvc.yaml of the working folder. */
export function defaultTarget(): RunScope {
  return { targets: ['dvc.yaml'], recursive: false };
}

/** Whether `folder` holds a dvc.yaml: what a run there with no target runs. */
export function hasPipelineFile(folder: string): boolean {
  return fs.statSync(path.join(folder, 'dvc.yaml'), { throwIfNoEntry: false })?.isFile() === true;
}

/** `path:name`, the name without `/`, `\` or `:` (DVC's TARGET_REGEX); the first `@` starts a member key. */
const TARGET = /^(.*?)(?::([^\\/:]*))??$/;

export function resolveTargets(ws: Workspace, cwd: string, targets: readonly string[], recursive = false): Targets {
  const ids: string[] = [];
  for (const t of targets) {
    const found = recursive && isDir(path.resolve(cwd, t)) ? underFolder(ws, cwd, t) : oneTarget(ws, cwd, t);
    if (!found.ok) return found;
    for (const id of found.ids) if (!ids.includes(id)) ids.push(id);
  }
  return { ok: true, ids };
}

function underFolder(ws: Workspace, cwd: string, t: string): Targets {
  const folder = path.resolve(cwd, t);
  const ids = nodes(ws)
    .filter((n) => isUnder(folder, n.pipeline.file))
    .map((n) => n.id);
  return ids.length > 0 ? { ok: true, ids } : { ok: false, message: `no stages in dvc.yaml files under '${t}'` };
}

function oneTarget(ws: Workspace, cwd: string, t: string): Targets {
  const at = t.indexOf('@');
  const [group, key] = at === -1 ? [t, undefined] : [t.slice(0, at), t.slice(at + 1)];
  const m = TARGET.exec(group) as RegExpExecArray;
  const given = m[1] ?? '';
  const name = m[2] === undefined ? undefined : key === undefined ? m[2] : `${m[2]}@${key}`;
  // A `.dvc` file is one stage, addressed by its path (dvc/repo/stage.py collect of a single-stage file).
  if (name === undefined && isDvcFileName(path.basename(t))) {
    const file = path.resolve(cwd, t);
    const ids = nodes(ws)
      .filter((n) => n.pipeline.file === file)
      .map((n) => n.id);
    return ids.length > 0 ? { ok: true, ids } : { ok: false, message: `'${t}' is not a .dvc file of this workspace` };
  }
  if (path.basename(given) === 'dvc.lock')
    return { ok: false, message: `'${t}': did you mean '${t.replace('dvc.lock', 'dvc.yaml')}'?` };
  if (given !== '' && name === undefined && path.basename(given) === 'dvc.yaml') {
    const file = path.resolve(cwd, given);
    const ids = nodes(ws)
      .filter((n) => n.pipeline.file === file)
      .map((n) => n.id);
    if (ids.length > 0) return { ok: true, ids };
    return { ok: false, message: fs.existsSync(file) ? `'${t}' holds no stages` : `'${t}' does not exist` };
  }
  // No dvc.yaml named: the whole target is a stage name in the working folder's dvc.yaml, or an output path.
  const file = path.resolve(cwd, name === undefined ? 'dvc.yaml' : given || 'dvc.yaml');
  const stageName = name ?? t;
  const inFile = nodes(ws).filter((n) => n.pipeline.file === file && named(n, stageName));
  if (inFile.length > 0) return { ok: true, ids: inFile.map((n) => n.id) };
  if (name === undefined) {
    const byOutput = nodes(ws).filter((n) => producesOutput(n, path.resolve(cwd, t)));
    if (byOutput.length > 0) return { ok: true, ids: byOutput.map((n) => n.id) };
    const elsewhere = nodes(ws).filter((n) => isUnder(cwd, n.pipeline.file) && named(n, t));
    const files = new Set(elsewhere.map((n) => n.pipeline.file));
    if (files.size === 1) return { ok: true, ids: elsewhere.map((n) => n.id) };
    if (files.size > 1)
      return {
        ok: false,
        message: `'${t}' names stages in several dvc.yaml files; say which: ${elsewhere.map((n) => stageAddress(n, cwd)).join(', ')}`,
      };
  }
  const rel = relative(cwd, file);
  const known = nodes(ws)
    .filter((n) => n.pipeline.file === file)
    .map((n) => n.stage.name);
  const list =
    known.length > 0 ? `; its stages: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}` : '';
  return { ok: false, message: `'${t}' does not exist as an output or a stage name in '${rel}'${list}` };
}

/** The stages in the order DVC lists them, so each target's stages come in DVC's order. */
function nodes(ws: Workspace): StageNode[] {
  const rank = dvcListingRank(ws);
  return [...ws.nodes.values()].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
}

function named(n: StageNode, name: string): boolean {
  return n.stage.name === name || n.stage.expansion?.template === name;
}

function producesOutput(n: StageNode, abs: string): boolean {
  const wdir = path.resolve(n.pipeline.dir, n.stage.wdir);
  return n.stage.outs.some((o) => path.resolve(wdir, o.path.value) === abs);
}

/**
 * A stage as DVC names it to someone in `cwd`: `train` in the working folder's dvc.yaml, else `sub/dvc.yaml:train` or
 * `../dvc.yaml:train`; a `.dvc` file by its path (`../data/data.xml.dvc`).
 */
export function stageAddress(n: StageNode, cwd: string): string {
  return nodeId(n.pipeline, n.stage, cwd);
}

/** Whether `file` is `folder` or inside it (both absolute). */
export function isUnder(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function relative(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/');
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
