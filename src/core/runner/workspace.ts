// The stages of every dvc.yaml under a workspace folder, addressed as DVC addresses them (`train` for the
// root dvc.yaml, `sub/dvc.yaml:train` elsewhere), and the graph the planner and scheduler walk.
import * as path from 'node:path';
import type { Diagnostic } from '../diagnostics';
import type { FileSystem } from '../fs';
import { nodeFileSystem } from '../fs';
import { buildDag } from '../pipeline/dag';
import { findPipelineFiles, loadPipelineFile } from '../pipeline/index';
import type { Pipeline, Stage } from '../pipeline/model';
import type { PlanGraph } from './plan';
import { DirListings } from './dir-listings';
import { dvcRepoRoot } from './dvc-config';

export interface StageNode {
  id: string;
  pipeline: Pipeline;
  stage: Stage;
}

export interface Workspace {
  root: string;
  pipelines: Pipeline[];
  nodes: Map<string, StageNode>;
  graph: PlanGraph;
  /** Each dependency cycle as a closed walk of stage ids. */
  cycles: string[][];
  /** The `.dvc` files (data tracked with `dvc add`), sorted: the files of the pipelines that are data sources. */
  dvcFiles: string[];
}

/** Errors in the pipelines that make running them meaningless (DVC refuses to load such files). */
export function blockingErrors(ws: Workspace): { file: string; diagnostic: Diagnostic }[] {
  return ws.pipelines.flatMap((p) =>
    p.diagnostics.filter((d) => d.severity === 'error').map((diagnostic) => ({ file: p.file, diagnostic })),
  );
}

/**
 * The folder whose pipelines a command run in `cwd` reads: the DVC repository holding it, as DVC reads the whole
 * repository from any subfolder (a stage there may need a stage of `../dvc.yaml`); outside one, `cwd` itself.
 */
export function projectRoot(cwd: string): string {
  return dvcRepoRoot(cwd) ?? path.resolve(cwd);
}

/**
 * Every dvc.yaml and `.dvc` file under root, each loaded as the walk finds it so that the walk skips its outputs
 * (findPipelineFiles). `visited` receives every folder discovery listed; `listings`, when given, keeps the
 * folders' listings for the rest of the same pass (dir-listings.ts).
 */
export function loadWorkspace(root: string, visited?: string[], listings = new DirListings()): Workspace {
  const abs = path.resolve(root);
  const loaded = new Map<string, Pipeline>();
  const outsOf = (file: string): string[] => {
    const p = loadPipelineFile(file, nodeFileSystem);
    loaded.set(file, p);
    return p.stages.flatMap((s) => s.outs.map((o) => path.resolve(p.dir, s.wdir, o.path.value)));
  };
  const files = findPipelineFiles(abs, listingFileSystem(listings), visited, outsOf);
  return workspaceOf(
    abs,
    files.map((f) => loaded.get(f) ?? loadPipelineFile(f, nodeFileSystem)),
  );
}

/**
 * The same pipeline files read again, without discovery: after a change that cannot add or remove one (a data
 * file, a vars or params file), discovery's walk of every folder is most of a reload's cost.
 */
export function reloadWorkspace(ws: Workspace): Workspace {
  return workspaceOf(
    ws.root,
    ws.pipelines.map((p) => loadPipelineFile(p.file, nodeFileSystem)),
  );
}

/**
 * The disk, with each folder listed once per pass (dir-listings.ts) and typed: discovery walks data folders of tens
 * of thousands of files, and stats only what the listing says is a folder.
 */
function listingFileSystem(listings: DirListings): FileSystem {
  return {
    readText: (p) => nodeFileSystem.readText(p),
    stat: (p) => nodeFileSystem.stat(p),
    list: (p) => listings.tryEntries(p)?.map((e) => e.name),
    listEntries: (p) => listings.tryEntries(p),
  };
}

/** A workspace over pipelines already loaded (e.g. by the extension), with the pipeline core's graph. */
export function workspaceOf(root: string, pipelines: Pipeline[]): Workspace {
  const abs = path.resolve(root);
  const dag = buildDag(pipelines, abs);
  const ids = dag.nodes.map((n) => n.id);
  const upstream = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of dag.edges) {
    const ups = upstream.get(ids[e.to] as string) as string[];
    if (!ups.includes(ids[e.from] as string)) ups.push(ids[e.from] as string);
  }
  return {
    root: abs,
    pipelines,
    nodes: new Map(dag.nodes.map((n) => [n.id, n])),
    // Stages on a cycle are not in `order`: the planner never reaches them (validation reports the cycle).
    graph: {
      order: dag.order.map((i) => ids[i] as string),
      upstream,
      // A frozen `.dvc` file is still verified and its changed data committed, as DVC does (data-source-run.ts).
      frozen: new Set(dag.nodes.filter((n) => n.stage.frozen && !n.pipeline.dataSource).map((n) => n.id)),
    },
    cycles: dag.cycles.map((c) => c.path.map((i) => ids[i] as string)),
    dvcFiles: pipelines.filter((p) => p.dataSource).map((p) => p.file),
  };
}
