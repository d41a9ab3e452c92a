// Builds model.ts Pipelines by hand for graph and semantic unit tests (ranges: one line per value, in order).
import * as path from 'node:path';
import type { Range } from '../../src/core/diagnostics';
import type { Located, Output, ParamRef, Pipeline, Stage } from '../../src/core/pipeline/model';

export interface StageSpec {
  deps?: string[];
  outs?: string[];
  params?: (string | [file: string, key?: string])[];
  wdir?: string;
}

let line = 0;
const next = (len = 5): Range => {
  line++;
  return { start: { line, character: 4 }, end: { line, character: 4 + len } };
};
const loc = (value: string): Located<string> => ({ value, range: next(value.length) });

export function stage(name: string, spec: StageSpec = {}): Stage {
  const nameRange = next(name.length);
  const outs: Output[] = (spec.outs ?? []).map((p) => ({
    kind: 'outs',
    path: loc(p),
    cache: true,
    persist: false,
    push: true,
  }));
  const params: ParamRef[] = (spec.params ?? []).map((p) => {
    if (typeof p === 'string') {
      const key = loc(p);
      return { file: { value: 'params.yaml', range: key.range }, key };
    }
    const ref: ParamRef = { file: loc(p[0]) };
    if (p[1] !== undefined) ref.key = loc(p[1]);
    return ref;
  });
  return {
    name,
    nameRange,
    range: nameRange,
    cmd: [loc(`run ${name}`)],
    wdir: spec.wdir ?? '.',
    deps: (spec.deps ?? []).map(loc),
    params,
    outs,
    frozen: false,
    alwaysChanged: false,
  };
}

export function pipeline(file: string, stages: Stage[]): Pipeline {
  return { file, dir: path.posix.dirname(file), stages, diagnostics: [] };
}
