// Go to definition, find references and document links in dvc.yaml.
import type { Position, Range } from '../../diagnostics';
import { readParamsFile } from '../params-files';
import type { IdeDocument } from './document';
import { absOf, consumersOf, downstream, producersOf } from './graph';
import { targetAt } from './target';
import { sourceOfName, visibleVars } from './vars';

export interface FileLocation {
  file: string;
  range: Range;
}

const START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** dep → the stage producing it, else the file; param → its key in the params file; `${x}` → where x is defined. */
export function definition(doc: IdeDocument, position: Position): FileLocation[] {
  const t = targetAt(doc, position);
  switch (t?.kind) {
    case 'dep': {
      const out: FileLocation[] = [];
      for (const { pipeline, stage, dep } of t.refs) {
        const file = absOf(pipeline, stage, dep.value);
        const producers = producersOf(doc.pipelines, file);
        if (producers.length > 0)
          out.push(...producers.map((p) => ({ file: p.pipeline.file, range: p.stage.nameRange })));
        else if (doc.fs.stat(file)?.isFile) out.push({ file, range: START });
      }
      return dedupe(out);
    }
    case 'param':
      return dedupe(
        t.refs.flatMap(({ pipeline, stage, param }) => {
          const file = absOf(pipeline, stage, param.file.value);
          const params = readParamsFile(doc.fs, file);
          if (!params) return [];
          const range = param.key ? params.keys.get(param.key.value) : START;
          return range ? [{ file, range }] : [];
        }),
      );
    case 'interpolation': {
      const source = sourceOfName(visibleVars(doc, t.at.path), t.path.map((s) => s.trim()).join('.'));
      return source ? [source] : [];
    }
    case 'out':
      return dedupe(
        t.refs.flatMap(({ pipeline, stage, out }) =>
          doc.fs.stat(absOf(pipeline, stage, out.path.value))?.isFile
            ? [{ file: absOf(pipeline, stage, out.path.value), range: START }]
            : [],
        ),
      );
    default:
      return [];
  }
}

/** stage → the deps of the stages that consume its outputs; output → the deps reading it; dep → who else reads it. */
export function references(doc: IdeDocument, position: Position): FileLocation[] {
  const t = targetAt(doc, position);
  switch (t?.kind) {
    case 'stage':
      return dedupe(
        t.refs.flatMap((ref) =>
          downstream(doc.pipelines, ref).map((d) => ({ file: d.pipeline.file, range: d.dep.range })),
        ),
      );
    case 'out':
      return dedupe(
        t.refs.flatMap(({ pipeline, stage, out }) =>
          consumersOf(doc.pipelines, absOf(pipeline, stage, out.path.value)).map((d) => ({
            file: d.pipeline.file,
            range: d.dep.range,
          })),
        ),
      );
    case 'dep':
      return dedupe(
        t.refs.flatMap(({ pipeline, stage, dep }) =>
          consumersOf(doc.pipelines, absOf(pipeline, stage, dep.value)).map((d) => ({
            file: d.pipeline.file,
            range: d.dep.range,
          })),
        ),
      );
    default:
      return [];
  }
}

export interface PathLink {
  range: Range;
  file: string;
}

/** A link for every dep, output and params file written literally (not through `${}`) that exists. */
export function links(doc: IdeDocument): PathLink[] {
  const out: PathLink[] = [];
  const seen = new Set<string>();
  const lines = doc.parsed.text.split('\n');
  // Generated stages share their template's ranges; a path built with `${}` has no single target.
  const literal = (r: Range): boolean =>
    r.start.line === r.end.line &&
    !(lines[r.start.line] ?? '').slice(r.start.character, r.end.character).includes('${');
  const add = (range: Range, file: string): void => {
    const key = `${range.start.line}:${range.start.character}`;
    if (seen.has(key) || !literal(range) || !doc.fs.stat(file)) return;
    seen.add(key);
    out.push({ range, file });
  };
  for (const s of doc.pipeline.stages) {
    for (const d of s.deps) add(d.range, absOf(doc.pipeline, s, d.value));
    for (const o of s.outs) add(o.path.range, absOf(doc.pipeline, s, o.path.value));
    for (const p of s.params) if (!p.key) add(p.file.range, absOf(doc.pipeline, s, p.file.value));
  }
  return out;
}

function dedupe(locations: FileLocation[]): FileLocation[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = `${l.file}:${l.range.start.line}:${l.range.start.character}`;
    return !seen.has(key) && seen.add(key);
  });
}
