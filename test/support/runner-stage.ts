// Builds pipeline-model stages for runner tests without going through dvc.yaml (ranges are irrelevant there).
import * as path from 'node:path';
import type { Output, OutputKind, Pipeline, Stage } from '../../src/core/pipeline/model';

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const at = <T>(value: T) => ({ value, range: R });

export interface StageSpec {
  cmd: string | string[];
  deps?: string[];
  /** `key` (params.yaml), `file:key`, or `file:` for the whole file. */
  params?: string[];
  outs?: (string | { path: string; kind?: OutputKind; cache?: boolean; persist?: boolean })[];
  wdir?: string;
  frozen?: boolean;
  alwaysChanged?: boolean;
}

export function makeStage(name: string, spec: StageSpec): Stage {
  const outs: Output[] = (spec.outs ?? []).map((o) => {
    const d = typeof o === 'string' ? { path: o } : o;
    const kind = d.kind ?? 'outs';
    return { kind, path: at(d.path), cache: d.cache ?? kind === 'outs', persist: d.persist ?? false, push: true };
  });
  const params = (spec.params ?? []).map((p) => {
    const i = p.indexOf(':');
    if (i === -1) return { file: at('params.yaml'), key: at(p) };
    const key = p.slice(i + 1);
    return key === '' ? { file: at(p.slice(0, i)) } : { file: at(p.slice(0, i)), key: at(key) };
  });
  return {
    name,
    nameRange: R,
    range: R,
    cmd: (Array.isArray(spec.cmd) ? spec.cmd : [spec.cmd]).map(at),
    wdir: spec.wdir ?? '.',
    deps: (spec.deps ?? []).map(at),
    params,
    outs,
    frozen: spec.frozen ?? false,
    alwaysChanged: spec.alwaysChanged ?? false,
  };
}

export function makePipeline(dir: string, stages: Record<string, StageSpec>): Pipeline {
  return {
    file: path.join(dir, 'dvc.yaml'),
    dir,
    stages: Object.entries(stages).map(([name, spec]) => makeStage(name, spec)),
    diagnostics: [],
  };
}
