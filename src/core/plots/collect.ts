// Every plot of the requested revisions with its rows, as `dvc plots show` / `dvc plots diff` gather them
// (dvc/repo/plots collect + dvc/render/match.py): definitions read per revision, options merged with the
// first revision winning, rows of each revision in order (the working copy first), and every failure kept
// beside the plot it belongs to (a bad file, a missing field) so the other plots still show.
import * as path from 'node:path';
import type { DataContent, DataDocument } from './data-files';
import { isImagePath, parseDataFile, unsupportedType } from './data-files';
import type { PlotDefinition, PlotProps } from './definitions';
import { collectDefinitions } from './definitions';
import type { FlatPlot } from './datapoints';
import { PlotDefinitionError, flatDatapoints } from './datapoints';
import type { RowBlock } from './row-blocks';
import { datapointsOf, rowCount, type RowSource } from './row-source';
import type { SeriesKey } from './anchors';
import { anchorDefinitions } from './anchors';
import type { ResolvedTemplate } from './templates';
import { resolveTemplate } from './templates';
import type { TreeView } from '../revisions/git-tree';
import { WORKSPACE, workspaceTree } from '../revisions/git-tree';
import { type DvcTreeView, missingFile, revisionFiles } from '../revisions/cached-outputs';
import { stageFilesError } from '../revisions/stage-files-check';

export interface PlotIssue {
  /** What failed: a data file, the plot's definition against its data, or the whole revision. */
  scope: 'source' | 'definition' | 'revision';
  revision: string;
  /** The plot it belongs to; absent for a revision that could not be read at all. */
  plotId?: string;
  /** The data file, when the problem is in one. */
  source?: string;
  /** 1-based line in `source`, when known. */
  line?: number;
  /** DVC's exception type name (`FileNotFoundError`, `FieldNotFoundError`, ...). */
  type: string;
  message: string;
}

export interface VegaPlot {
  kind: 'vega';
  id: string;
  template: ResolvedTemplate;
  /** Revisions with rows, in order. */
  revisions: string[];
  title: string;
  x: string;
  y: string;
  xLabel: string;
  yLabel: string;
  /** The row key telling y sources apart ('' for one source). */
  seriesKey: SeriesKey;
  /**
   * The rows, per revision and y source, as the data files gave them and the fields each row gains: written
   * as text by `--json`, read in place by the charts (row-columns.ts), never an object per row.
   */
  blocks: readonly RowBlock[];
  /** As `--json --split` writes them, but the rows (`<DVC_METRIC_DATA>`, written from `blocks`). */
  anchorDefinitions: Record<string, unknown>;
}

export interface PlotImage {
  revision: string;
  /** Repository-relative path of the image. */
  file: string;
  bytes: Buffer;
}

export interface ImagePlot {
  kind: 'image';
  id: string;
  images: PlotImage[];
}

/** A plot defined in some revision whose data gave no rows anywhere (its issues say why). */
export interface EmptyPlot {
  kind: 'empty';
  id: string;
}

export type Plot = VegaPlot | ImagePlot | EmptyPlot;

export interface PlotsResult {
  plots: Plot[];
  errors: PlotIssue[];
}

export interface PlotsRequest {
  /** The repository folder (where dvc.yaml and .dvc/ are). */
  root: string;
  /** Revisions to read: `workspace` for the working copy, else anything git resolves. */
  revisions: readonly string[];
  targets?: readonly string[];
  /**
   * The rows will be written as JSON (`plots --json`): JSON files are then outlined so each row is copied from its
   * bytes (json-outline.ts). A panel draws from values, and JSON.parse gives those several times faster than the
   * outline followed by a parse (a 5 × 100k-point ROC paint went from 59 to 228 ms of lay-out with both).
   */
  writesJson?: boolean;
  /** The folder the command runs in: paths in DVC's messages are relative to it. Default: `root`. */
  cwd?: string;
  /** A revision's files; tests and the extension may pass their own. Default: the disk or git. */
  treeOf?: (revision: string) => TreeView & Partial<Pick<DvcTreeView, 'index'>>;
}

interface RevisionData {
  revision: string;
  definitions: Map<string, PlotDefinition>;
  sources: Map<string, { ok: true; content: DataContent } | { ok: false; issue: PlotIssue }>;
}

/** One revision as read: its data, and problems of the whole revision (its definitions, or its files at all). */
export interface RevisionRead {
  data?: RevisionData;
  errors: PlotIssue[];
}

export function collectPlots(request: PlotsRequest): PlotsResult {
  const root = path.resolve(request.root);
  const treeOf = request.treeOf ?? ((rev: string) => revisionFiles(root, rev));
  const reads: RevisionRead[] = [];
  // Data files the revisions read so far: the next one most likely has them too, and a git revision fetches
  // them with its dvc.yaml files in one process.
  const likely = new Set<string>();
  for (const revision of readingOrder(request.revisions)) {
    let tree: ReturnType<typeof treeOf>;
    try {
      tree = treeOf(revision);
    } catch (err) {
      reads.push(revisionFailed(revision, err));
      continue;
    }
    reads.push(
      readRevision(root, revision, tree, request, {
        likely: [...likely],
        definitions: ({ data }) => {
          for (const p of data) likely.add(p);
        },
      }),
    );
  }
  return assemblePlots(root, reads);
}

/** The revisions, each once, in the order DVC reads them: the working copy first whatever the order given. */
export function readingOrder(revisions: readonly string[]): string[] {
  return [...new Set(revisions)].sort((a, b) => Number(b === WORKSPACE) - Number(a === WORKSPACE));
}

/** A revision whose files cannot be read at all (git does not know it). */
export function revisionFailed(revision: string, err: unknown): RevisionRead {
  return { errors: [{ scope: 'revision', revision, type: 'RevisionError', message: (err as Error).message }] };
}

/** What a revision is about to read, told before its data files are parsed (absolute paths). */
export interface RevisionFiles {
  /** Its dvc.yaml files. */
  pipelines: readonly string[];
  /** The data files of its plots. */
  data: readonly string[];
}

/**
 * One revision's definitions and data files through `tree`. `likely`: files an earlier revision read (a git
 * revision fetches them with its dvc.yaml files in one process); `definitions` is told what the revision reads
 * once its definitions are known, before its data files are parsed.
 */
export function readRevision(
  root: string,
  revision: string,
  tree: TreeView & Partial<Pick<DvcTreeView, 'index'>>,
  request: Pick<PlotsRequest, 'targets' | 'writesJson' | 'cwd'>,
  hooks: { likely?: readonly string[]; definitions?: (files: RevisionFiles) => void } = {},
): RevisionRead {
  // A `.dvc` file DVC cannot load fails the whole revision before any plot is looked at.
  const unloadable = stageFilesError(root, tree, path.resolve(request.cwd ?? root));
  if (unloadable) return { errors: [{ scope: 'revision', revision, ...unloadable }] };
  const errors: PlotIssue[] = [];
  if (hooks.likely && hooks.likely.length > 0) tree.prefetch?.(hooks.likely);
  const defs = collectDefinitions(root, tree, request.targets);
  if (defs.failure) errors.push({ scope: 'revision', revision, ...defs.failure });
  for (const e of defs.errors)
    errors.push({ scope: 'revision', revision, source: e.file, type: 'YAMLSyntaxError', message: e.message });
  const sources: RevisionData['sources'] = new Map();
  // Every data file of the revision in one read (one git process for a revision, none for the disk).
  const wanted = defs.plots.flatMap((def) => def.sources.map((source) => path.join(root, source)));
  hooks.definitions?.({ pipelines: defs.pipelines, data: wanted });
  tree.prefetch?.(wanted);
  for (const def of defs.plots)
    for (const source of def.sources) {
      if (sources.has(source)) continue;
      // DVC refuses a file by its extension before opening it (dvc/repo/plots parse).
      const unsupported = unsupportedType(source);
      const bytes = unsupported ? undefined : tree.readBytes(path.join(root, source));
      if (bytes === undefined) {
        const why = unsupported ?? missingFile(tree, root, source);
        sources.set(source, { ok: false, issue: { scope: 'source', revision, source, ...why } });
        continue;
      }
      const parsed = parseDataFile(source, bytes, defs.outputProps.get(source)?.header ?? true, request.writesJson);
      sources.set(
        source,
        parsed.ok
          ? parsed
          : {
              ok: false,
              issue: {
                scope: 'source',
                revision,
                source,
                type: parsed.error.type,
                message: parsed.error.message,
                ...lineOf(parsed.error.line),
              },
            },
      );
    }
  return { data: { revision, definitions: new Map(defs.plots.map((d) => [d.id, d])), sources }, errors };
}

/** The plots of the revisions read, in reading order, with every problem in DVC's order. */
export function assemblePlots(root: string, reads: readonly RevisionRead[]): PlotsResult {
  const errors: PlotIssue[] = reads.flatMap((r) => r.errors);
  const perRevision = reads.flatMap((r) => (r.data ? [r.data] : []));
  const ids: string[] = [];
  for (const r of perRevision) for (const id of r.definitions.keys()) if (!ids.includes(id)) ids.push(id);
  const plots: Plot[] = [];
  for (const id of ids) {
    const group = perRevision.flatMap((r) => {
      const def = r.definitions.get(id);
      return def ? [{ data: r, def }] : [];
    });
    const first = group[0]!.def;
    // Options of every revision merged, the first revision's winning (_squash_plots_properties).
    const props: PlotProps = Object.assign({}, ...group.map((g) => g.def.props).reverse());
    for (const { data, def } of group)
      for (const source of def.sources) {
        const s = data.sources.get(source);
        if (s && !s.ok) errors.push({ ...s.issue, plotId: isImagePath(first.innerId) ? first.innerId : id });
      }
    if (isImagePath(first.innerId)) {
      const images: PlotImage[] = [];
      for (const { data, def } of group) {
        const s = data.sources.get(def.innerId);
        if (s?.ok && s.content.kind === 'image')
          images.push({ revision: data.revision, file: def.innerId, bytes: s.content.bytes });
      }
      plots.push({ kind: 'image', id: first.innerId, images });
      continue;
    }
    plots.push(vegaPlot(id, root, props, group, errors) ?? { kind: 'empty', id });
  }
  // Each plot's problems in plot order, then those of whole revisions (dvc/commands/plots.py _show_json).
  const ofRevisions = errors.filter((e) => e.scope === 'revision');
  return { plots, errors: [...errors.filter((e) => e.scope !== 'revision'), ...ofRevisions] };
}

function lineOf(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function vegaPlot(
  id: string,
  root: string,
  props: PlotProps,
  group: { data: RevisionData; def: PlotDefinition }[],
  errors: PlotIssue[],
): VegaPlot | undefined {
  let template: ResolvedTemplate;
  try {
    template = resolveTemplate(props.template, root, workspaceTree);
  } catch (err) {
    errors.push({
      scope: 'definition',
      revision: group[0]!.data.revision,
      plotId: id,
      type: 'TemplateNotFoundError',
      message: (err as Error).message,
    });
    return undefined;
  }
  const revisions: string[] = [];
  const blocks: RowBlock[] = [];
  let firstFlat: FlatPlot | undefined;
  for (const { data, def } of group) {
    const files = new Map<string, RowSource>();
    const documents = new Map<string, DataDocument>();
    for (const source of def.sources) {
      const s = data.sources.get(source);
      if (!s?.ok) continue;
      const rows = datapointsOf(s.content);
      // DVC drops a file whose content is empty (no rows, or an empty document).
      if (s.content.kind === 'document' ? isEmptyDocument(s.content) : rowCount(rows) === 0) continue;
      files.set(source, rows);
      if (s.content.kind === 'document') documents.set(source, s.content);
    }
    let flat: FlatPlot | undefined;
    try {
      flat = flatDatapoints(def.innerId, props, files, data.revision, documents, template.anchors);
    } catch (err) {
      if (!(err instanceof PlotDefinitionError)) throw err;
      errors.push({
        scope: 'definition',
        revision: data.revision,
        plotId: id,
        type: err.type,
        message: err.message,
        ...(err.at ? { source: err.at.file, ...lineOf(err.at.line) } : {}),
      });
      continue;
    }
    if (!flat) continue;
    if (!revisions.includes(data.revision)) revisions.push(data.revision);
    firstFlat ??= flat;
    blocks.push(...flat.blocks);
  }
  if (!firstFlat) return undefined;
  const title = props.title ?? id;
  const anchored = anchorDefinitions({
    anchors: template.anchors,
    revisions,
    title,
    x: firstFlat.x,
    y: firstFlat.y,
    xLabel: firstFlat.xLabel,
    yLabel: firstFlat.yLabel,
    yDefinitions: firstFlat.yDefinitions,
  });
  return {
    kind: 'vega',
    id,
    template,
    revisions,
    title,
    x: firstFlat.x,
    y: firstFlat.y,
    xLabel: firstFlat.xLabel,
    yLabel: firstFlat.yLabel,
    seriesKey: anchored.seriesKey,
    blocks,
    anchorDefinitions: anchored.definitions,
  };
}

function isEmptyDocument(document: DataDocument): boolean {
  if (document.outline) return document.outline.empty;
  const value = document.value();
  if (value === null || value === undefined || value === '' || value === 0 || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
