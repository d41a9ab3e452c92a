// Checks that need the whole graph and the workspace: cycles, missing inputs, outputs written twice or
// nested, params files and keys that do not exist. Each mirrors an error `dvc repro` would stop on, except on a
// frozen stage: DVC never reads its deps or params (Stage.changed_deps returns False for it, and its repro only
// verifies its outputs), so what is missing there is a warning that fails nothing until the stage is unfrozen.
import * as path from 'node:path';
import type { Diagnostic, Fix, RelatedLocation, Severity } from '../diagnostics';
import type { FileSystem } from '../fs';
import { buildDag, depPaths, stagePath, type Dag, type DagNode, type OutputIndex, type OutputRef } from './dag';
import { LineIndex } from './line-index';
import type { Located, ParamRef, Pipeline } from './model';
import { paramMissingFix } from './param-fix';
import { readParamsFile, type ParamsFile } from './params-files';
import { allKeys, findParam } from './params-keys';

import { suggest } from '../suggest';

interface Checker {
  dag: Dag;
  outputs: OutputIndex;
  fs: FileSystem;
  out: Map<string, Diagnostic[]>;
  seen: Set<string>;
  texts: Map<string, LineIndex | undefined>;
  stats: Map<string, boolean>;
  params: Map<string, ParamsFile | undefined>;
  /** Near-miss paths by stage folder (dvc.yaml folder and wdir) and missing path: see nearPaths. */
  near: Map<string, string[]>;
  /** Every output path relative to a stage folder, by stage folder. */
  outputRels: Map<string, string[]>;
}

function report(c: Checker, file: string, d: Diagnostic): void {
  const key = `${file}\u0000${d.code}\u0000${d.range.start.line}:${d.range.start.character}\u0000${d.message}`;
  if (c.seen.has(key)) return;
  c.seen.add(key);
  c.out.get(file)?.push(d);
}

function exists(c: Checker, p: string): boolean {
  let hit = c.stats.get(p);
  if (hit === undefined) {
    hit = c.fs.stat(p) !== undefined;
    c.stats.set(p, hit);
  }
  return hit;
}

/** Each params file is read and parsed once per check, however many stages name it. */
function paramsOf(c: Checker, p: string): ParamsFile | undefined {
  if (!c.params.has(p)) c.params.set(p, readParamsFile(c.fs, p));
  return c.params.get(p);
}

function textOf(c: Checker, file: string): LineIndex | undefined {
  if (!c.texts.has(file)) {
    const t = c.fs.readText(file);
    c.texts.set(file, t === undefined ? undefined : new LineIndex(t));
  }
  return c.texts.get(file);
}

/** A fix that rewrites a value in dvc.yaml, offered only when the source text is that literal value (not a template). */
function replaceFix(c: Checker, file: string, at: Located<string>, newValue: string, title: string): Fix | undefined {
  const idx = textOf(c, file);
  if (!idx) return undefined;
  const src = idx.text.slice(idx.offset(at.range.start), idx.offset(at.range.end));
  for (const q of ['', '"', "'"]) {
    if (src === `${q}${at.value}${q}`)
      return { title, edits: [{ range: at.range, newText: `${q}${newValue}${q}` }], preferred: true };
  }
  return undefined;
}

const rel = (n: DagNode, p: string) =>
  path.posix.relative(path.posix.resolve(n.pipeline.dir.replace(/\\/g, '/'), n.stage.wdir || '.'), p) || '.';
/** A stage as DVC addresses it: `train`, or `sub/dvc.yaml:train` outside the root pipeline. */
const where = (n: DagNode) => `'${n.id}'`;

/** The severity of a missing or unreadable input of stage `n`, and what to add to the message (see the top). */
function inputSeverity(n: DagNode): { severity: Severity; note: string } {
  return n.stage.frozen
    ? { severity: 'warning', note: ` Stage ${where(n)} is frozen, so DVC does not read it until it is unfrozen.` }
    : { severity: 'error', note: '' };
}

function checkCycles(c: Checker): void {
  for (const cycle of c.dag.cycles) {
    const names = cycle.path.map((i) => (c.dag.nodes[i] as DagNode).id);
    const loop = [...names, names[0]].join(' → ');
    const extra = cycle.stages.filter((i) => !cycle.path.includes(i)).map((i) => (c.dag.nodes[i] as DagNode).id);
    const also = extra.length > 0 ? ` The same loop also runs through ${extra.join(', ')}.` : '';
    const single = cycle.stages.length === 1;
    for (const i of cycle.stages) {
      const n = c.dag.nodes[i] as DagNode;
      const message = single
        ? `Stage '${n.id}' depends on its own output: ${loop}. A stage cannot read what it writes; remove the path from its deps or its outs.`
        : `Dependency cycle: ${loop}.${also} No stage on it can run first; remove one of these dependencies to break the cycle.`;
      const related: RelatedLocation[] = cycle.stages
        .filter((j) => j !== i)
        .map((j) => {
          const m = c.dag.nodes[j] as DagNode;
          return { file: m.pipeline.file, range: m.stage.nameRange, message: `'${m.id}' is on the cycle` };
        });
      const d: Diagnostic = { code: 'dependency-cycle', severity: 'error', message, range: n.stage.nameRange };
      if (related.length > 0) d.related = related;
      report(c, n.pipeline.file, d);
    }
  }
}

/** Tracked by a `.dvc` file (`dvc add`/`dvc import`) at the path or a folder above it. */
function trackedByDvcFile(c: Checker, p: string): boolean {
  for (let q = p; ; q = path.posix.dirname(q)) {
    if (exists(c, `${q}.dvc`)) return true;
    if (path.posix.dirname(q) === q) return false;
  }
}

function checkMissingDeps(c: Checker): void {
  for (let i = 0; i < c.dag.nodes.length; i++) {
    const n = c.dag.nodes[i] as DagNode;
    const paths = depPaths(c.dag, i);
    for (let j = 0; j < n.stage.deps.length; j++) {
      const p = paths[j];
      if (p === undefined) continue;
      // A path some stage writes (or that holds/lies in an output) needs no stat: most deps of a pipeline are
      // other stages' outputs, which need not exist yet, and a failed stat is the most expensive kind.
      if (c.outputs.containing(p).length > 0 || c.outputs.inside(p).length > 0) continue;
      if (exists(c, p) || trackedByDvcFile(c, p)) continue;
      missingDep(c, n, n.stage.deps[j] as Located<string>, p);
    }
  }
}

/**
 * Up to three paths close to missing `p` (files beside it, outputs), as stage `n` writes paths. They depend only on
 * the stage's folder and `p`, so they are computed once per pair: in a checkout without its data, hundreds of matrix
 * stages miss the same files, and comparing each against every output of the pipeline again was quadratic.
 */
function nearPaths(c: Checker, n: DagNode, p: string): string[] {
  const folder = `${n.pipeline.dir}\u0000${n.stage.wdir || '.'}`;
  const key = `${folder}\u0000${p}`;
  let near = c.near.get(key);
  if (near === undefined) {
    const candidates = new Set<string>();
    const dir = path.posix.dirname(p);
    for (const name of c.fs.list(dir) ?? []) candidates.add(rel(n, path.posix.join(dir, name)));
    let outputs = c.outputRels.get(folder);
    if (outputs === undefined) {
      outputs = [];
      for (const outPath of c.outputs.byPath.keys()) outputs.push(rel(n, outPath));
      c.outputRels.set(folder, outputs);
    }
    for (const o of outputs) candidates.add(o);
    near = suggest(rel(n, p), candidates).slice(0, 3);
    c.near.set(key, near);
  }
  return near;
}

/** Reports a dependency that is not on disk and that no stage writes, with near-miss paths as fixes. */
function missingDep(c: Checker, n: DagNode, dep: Located<string>, p: string): void {
  const near = nearPaths(c, n, p);
  const hint =
    near.length > 0
      ? ` Did you mean ${near.map((s) => `'${s}'`).join(' or ')}?`
      : ' Create it, fix the path, or add the stage that writes it to its outs.';
  const { severity, note } = inputSeverity(n);
  const d: Diagnostic = {
    code: 'missing-dependency',
    severity,
    message: `Dependency '${dep.value}' of stage ${where(n)} does not exist and no stage outputs it.${hint}${note}`,
    range: dep.range,
  };
  const fixes = near
    .map((s) => replaceFix(c, n.pipeline.file, dep, s, `Change to '${s}'`))
    .filter((f): f is Fix => f !== undefined);
  if (fixes.length > 0) d.fixes = fixes;
  report(c, n.pipeline.file, d);
}

function writerList(c: Checker, refs: readonly OutputRef[]): string {
  return [...new Set(refs.map((r) => (c.dag.nodes[r.node] as DagNode).id))].map((s) => `'${s}'`).join(', ');
}

function related(
  c: Checker,
  refs: readonly OutputRef[],
  self: OutputRef,
  message: (r: OutputRef) => string,
): RelatedLocation[] {
  return refs
    .filter((r) => r !== self)
    .map((r) => ({
      file: (c.dag.nodes[r.node] as DagNode).pipeline.file,
      range: r.output.path.range,
      message: message(r),
    }));
}

function checkOutputs(c: Checker): void {
  for (const [p, refs] of c.outputs.byPath) {
    // DVC merges a path listed twice in the same section of one stage; any other repeat is an error.
    if (refs.length > 1 && new Set(refs.map((r) => `${r.node}:${r.output.kind}`)).size > 1) {
      const writers = writerList(c, refs);
      for (const r of refs) {
        const n = c.dag.nodes[r.node] as DagNode;
        report(c, n.pipeline.file, {
          code: 'duplicate-output',
          severity: 'error',
          message: `Output '${rel(n, p)}' is declared more than once (by ${writers}). Each path can have only one writer: remove it from all but one stage, or give each stage its own path.`,
          range: r.output.path.range,
          related: related(c, refs, r, (o) => `also declared by '${(c.dag.nodes[o.node] as DagNode).id}'`),
        });
      }
    }
    // An output inside another output's folder: report the pair on both.
    const parent = path.posix.dirname(p);
    if (parent === p) continue;
    for (const outer of c.outputs.containing(parent)) {
      for (const inner of refs) {
        const on = c.dag.nodes[inner.node] as DagNode;
        const oo = c.dag.nodes[outer.node] as DagNode;
        const message = `Outputs '${rel(oo, outer.path)}' (stage '${oo.id}') and '${rel(on, inner.path)}' (stage '${on.id}') overlap: one is inside the other, so both would track the same files. Keep outputs in separate folders, or list only the folder.`;
        report(c, on.pipeline.file, {
          code: 'overlapping-outputs',
          severity: 'error',
          message,
          range: inner.output.path.range,
          related: [{ file: oo.pipeline.file, range: outer.output.path.range, message: 'the enclosing output' }],
        });
        report(c, oo.pipeline.file, {
          code: 'overlapping-outputs',
          severity: 'error',
          message,
          range: outer.output.path.range,
          related: [{ file: on.pipeline.file, range: inner.output.path.range, message: 'the output inside it' }],
        });
      }
    }
  }
}

function checkParams(c: Checker): void {
  for (const n of c.dag.nodes) {
    // Params files already reported for this stage (made only when one is).
    let reported: Set<string> | undefined;
    const { severity, note } = inputSeverity(n);
    for (const ref of n.stage.params) {
      const abs = stagePath(n.pipeline, n.stage, ref.file.value);
      if (abs === undefined) continue;
      const file = paramsOf(c, abs);
      if (!file) {
        if (reported?.has(abs)) continue;
        (reported ??= new Set()).add(abs);
        const isDir = c.fs.stat(abs)?.isDirectory;
        const keyNote = ref.key ? ` Stage ${where(n)} reads '${ref.key.value}' from it.` : '';
        report(c, n.pipeline.file, {
          code: 'missing-params-file',
          severity,
          message: isDir
            ? `Params file '${ref.file.value}' is a directory; name a YAML, JSON, TOML or Python file.${note}`
            : `Params file '${ref.file.value}' does not exist.${keyNote} Create it, or fix the file name.${note}`,
          // For `- key` (params.yaml implied) the reader gives the file the key's range.
          range: ref.file.range,
        });
        continue;
      }
      if (file.error) {
        if (reported?.has(abs)) continue;
        (reported ??= new Set()).add(abs);
        report(c, n.pipeline.file, {
          code: 'invalid-params-file',
          severity,
          message: `Params file '${ref.file.value}' cannot be read: ${file.error.message}${note}`,
          range: ref.file.range,
          related: [{ file: abs, range: file.error.range, message: file.error.message }],
        });
        continue;
      }
      if (ref.key) checkKey(c, n, ref, ref.key, file);
    }
  }
}

function checkKey(c: Checker, n: DagNode, ref: ParamRef, key: Located<string>, file: ParamsFile): void {
  const found = findParam(file.values, key.value);
  if (found.found) return;
  const near = suggest(key.value, allKeys(file.values)).slice(0, 3);
  const hint = near.length > 0 ? ` Did you mean ${near.map((s) => `'${s}'`).join(' or ')}?` : '';
  const fixes: Fix[] = near
    .map((s) => replaceFix(c, n.pipeline.file, key, s, `Change to '${s}'`))
    .filter((f): f is Fix => f !== undefined);
  const add = paramMissingFix(file, c.fs.readText(file.path) ?? '', key.value);
  if (add) fixes.push(add);
  const { severity, note } = inputSeverity(n);
  const d: Diagnostic = {
    code: 'undefined-param',
    severity,
    message: `Param '${key.value}' is not defined in '${ref.file.value}' (stage ${where(n)}).${hint} Add it to the file or fix the name.${note}`,
    range: key.range,
  };
  if (fixes.length > 0) d.fixes = fixes;
  report(c, n.pipeline.file, d);
}

/** Semantic diagnostics of every pipeline, keyed by its dvc.yaml path. Cross-file: outputs and cycles span pipelines. */
export function checkSemantics(pipelines: readonly Pipeline[], fs: FileSystem): Map<string, Diagnostic[]> {
  const dag = buildDag(pipelines);
  const c: Checker = {
    dag,
    outputs: dag.outputs,
    fs,
    out: new Map(),
    seen: new Set(),
    texts: new Map(),
    stats: new Map(),
    params: new Map(),
    near: new Map(),
    outputRels: new Map(),
  };
  for (const p of pipelines) c.out.set(p.file, []);
  checkCycles(c);
  checkMissingDeps(c);
  checkOutputs(c);
  checkParams(c);
  return c.out;
}
