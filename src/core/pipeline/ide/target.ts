// What the cursor points at in a dvc.yaml, in the terms hover and navigation need: a `${}` expression,
// a dep, an output, a param, a stage name, or otherwise a plain key or value.
import type { Position, Range } from '../../diagnostics';
import { findInterpolations, parseExpression } from '../interpolate';
import type { Located, Output, ParamRef } from '../model';
import { nodeAt, positionToOffset, type NodeAt } from './locate';
import type { IdeDocument } from './document';
import { offsetsToRange } from '../parse';
import type { StageRef } from './graph';

export type Target =
  | { kind: 'interpolation'; path: string[]; expr: string; range: Range; at: NodeAt }
  | { kind: 'dep'; refs: (StageRef & { dep: Located<string> })[]; range: Range }
  | { kind: 'out'; refs: (StageRef & { out: Output })[]; range: Range }
  | { kind: 'param'; refs: (StageRef & { param: ParamRef })[]; range: Range }
  | { kind: 'stage'; name: string; refs: StageRef[]; range: Range }
  | { kind: 'node'; at: NodeAt };

export function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

export function targetAt(doc: IdeDocument, position: Position): Target | undefined {
  const offset = positionToOffset(doc.parsed, position);
  const at = nodeAt(doc.parsed, offset);
  if (!at) return undefined;
  const source = doc.parsed.text.slice(at.start, at.end);
  for (const i of findInterpolations(source)) {
    if (offset < at.start + i.start || offset > at.start + i.end) continue;
    const parsed = parseExpression(i.expr);
    if (!parsed.ok) return { kind: 'node', at };
    return {
      kind: 'interpolation',
      path: parsed.path,
      expr: i.expr,
      range: offsetsToRange(doc.parsed.lines, at.start + i.start, at.start + i.end),
      at,
    };
  }
  if (at.role === 'key' && at.path.length === 2 && at.path[0] === 'stages') {
    const name = String(at.path[1]);
    const refs = doc.pipeline.stages
      .filter((s) => s.name === name || s.expansion?.template === name)
      .map((stage) => ({ pipeline: doc.pipeline, stage }));
    return { kind: 'stage', name, refs, range: at.range };
  }
  const deps: (StageRef & { dep: Located<string> })[] = [];
  const outs: (StageRef & { out: Output })[] = [];
  const params: (StageRef & { param: ParamRef })[] = [];
  for (const stage of doc.pipeline.stages) {
    const ref = { pipeline: doc.pipeline, stage };
    for (const dep of stage.deps) if (contains(dep.range, position)) deps.push({ ...ref, dep });
    for (const out of stage.outs) if (contains(out.path.range, position)) outs.push({ ...ref, out });
    for (const param of stage.params)
      if (contains((param.key ?? param.file).range, position)) params.push({ ...ref, param });
  }
  if (deps.length > 0) return { kind: 'dep', refs: deps, range: deps[0]!.dep.range };
  if (outs.length > 0) return { kind: 'out', refs: outs, range: outs[0]!.out.path.range };
  if (params.length > 0)
    return { kind: 'param', refs: params, range: (params[0]!.param.key ?? params[0]!.param.file).range };
  return { kind: 'node', at };
}
