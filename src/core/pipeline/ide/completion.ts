// Completion in dvc.yaml: keys valid at the cursor (from the schema, with their docs), values of enums and
// booleans, params keys, `${}` variables, paths relative to the stage's wdir and other stages' outputs in deps.
import * as path from 'node:path';
import type { Position, Range } from '../../diagnostics';
import type { FileSystem } from '../../fs';
import { toStr } from '../interpolate';
import { isDict, type Value } from '../py-value';
import { readParamsFile } from '../params-files';
import { allKeys } from '../params-keys';
import { isMap } from 'yaml';
import { keyName } from '../parse';
import { describeKey, nodesAt } from '../schema-queries';
import { typeLabel, type ObjectShape, type SchemaNode } from '../schema-types';
import type { IdeDocument } from './document';
import { nodeAtPath, typingContext, type Segment } from './locate';
import { posix, stageWdir } from './paths';
import { visibleVars } from './vars';

export type CompletionKind = 'key' | 'value' | 'param' | 'variable' | 'file' | 'folder' | 'output';

export interface Completion {
  label: string;
  kind: CompletionKind;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text replacing `range`; the label when absent. */
  insertText?: string;
  range: Range;
  deprecated?: boolean;
}

const PATH_LISTS = new Set(['deps', 'outs', 'metrics', 'plots']);
/** Folders nobody wants offered as pipeline inputs. */
const HIDDEN = new Set([
  '.git',
  '.dvc',
  'node_modules',
  '__pycache__',
  '.venv',
  'venv',
  '.mypy_cache',
  '.pytest_cache',
]);

export function complete(doc: IdeDocument, position: Position): Completion[] {
  const lines = doc.parsed.text.split(/\r?\n/);
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const open = before.lastIndexOf('${');
  if (open >= 0 && !before.slice(open).includes('}')) return variables(doc, position, before.slice(open + 2));
  const ctx = typingContext(doc.parsed.text, position);
  const range = { start: ctx.prefixStart, end: position };
  const schemaPath = ctx.parent.map((s) => (s === -1 ? 0 : s));
  if (ctx.kind === 'key') return keys(doc, ctx.parent, schemaPath, range);
  if (ctx.kind === 'value')
    return values(doc, [...ctx.parent, ctx.key ?? ''], [...schemaPath, ctx.key ?? ''], ctx.prefix, range);
  return items(doc, ctx.parent, ctx.prefix, range);
}

function keys(doc: IdeDocument, parent: Segment[], schemaPath: Segment[], range: Range): Completion[] {
  const present = parent.includes(-1) ? undefined : nodeAtPath(doc.parsed, parent);
  const existing = new Set<string>(isMap(present) ? present.items.map((p) => String(keyName(p.key))) : []);
  // In a union (a stage or a foreach group) the keys already written pick the shape; else plain shapes first.
  const shapes = nodesAt(schemaPath)
    .flatMap(flatten)
    .filter((n): n is SchemaNode & ObjectShape => n.type === 'object');
  const picked = shapes.filter((n) => n.when?.some((k) => existing.has(k)));
  const ordered = picked.length > 0 ? picked : [...shapes.filter((n) => !n.when), ...shapes.filter((n) => n.when)];
  const seen = new Set<string>(existing);
  const out: Completion[] = [];
  for (const shape of ordered) {
    for (const [name, prop] of Object.entries(shape.properties)) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push({
        label: name,
        kind: 'key',
        detail: typeLabel(prop.node) + (prop.required ? ' (required)' : ''),
        documentation: prop.deprecated ? `${prop.node.doc}\n\n**Deprecated:** ${prop.deprecated}` : prop.node.doc,
        insertText: `${name}: `,
        range,
        ...(prop.deprecated ? { deprecated: true } : {}),
      });
    }
  }
  return out;
}

function flatten(node: SchemaNode): SchemaNode[] {
  return node.type === 'union' ? node.options.flatMap(flatten) : [node];
}

function values(
  doc: IdeDocument,
  fullPath: Segment[],
  schemaPath: Segment[],
  prefix: string,
  range: Range,
): Completion[] {
  const key = fullPath.at(-1);
  if (key === 'wdir') return paths(doc, path.dirname(doc.pipeline.file), prefix, range, true);
  const info = describeKey(schemaPath);
  const out: Completion[] = [];
  for (const node of nodesAt(schemaPath).flatMap(flatten)) {
    if (node.type === 'boolean')
      out.push(...['true', 'false'].map((v) => ({ label: v, kind: 'value' as const, range })));
    if (node.type === 'string' && node.enum)
      out.push(...node.enum.map((v) => ({ label: v, kind: 'value' as const, documentation: info?.doc, range })));
  }
  if (key === 'path' && fullPath[0] === 'artifacts')
    out.push(...paths(doc, path.dirname(doc.pipeline.file), prefix, range, false));
  return out;
}

function items(doc: IdeDocument, parent: Segment[], prefix: string, range: Range): Completion[] {
  const dir = path.dirname(doc.pipeline.file);
  const list = parent.at(-1);
  const inStage = parent[0] === 'stages' && typeof parent[1] === 'string';
  if (!inStage) {
    if (parent.length === 1 && (list === 'params' || list === 'metrics' || list === 'plots' || list === 'vars'))
      return paths(doc, dir, prefix, range, false);
    return [];
  }
  const stage = parent[1] as string;
  const wdir = stageWdir(doc.parsed, dir, stage);
  // `- custom.yaml:` then its keys one level down.
  if (parent.at(-3) === 'params' && parent.at(-2) === -1 && typeof list === 'string')
    return params(doc.fs, path.resolve(wdir, list), range);
  if (list === 'params') return params(doc.fs, path.join(wdir, 'params.yaml'), range);
  if (typeof list === 'string' && PATH_LISTS.has(list)) {
    const found = paths(doc, wdir, prefix, range, false);
    if (list === 'deps') found.push(...outputs(doc, stage, wdir, range));
    return found;
  }
  return [];
}

function params(fs: FileSystem, file: string, range: Range): Completion[] {
  const p = readParamsFile(fs, file);
  if (!p) return [];
  return allKeys(p.values).map((k) => {
    const value = k.split('.').reduce<Value | undefined>((v, seg) => (isDict(v) ? v[seg] : undefined), p.values);
    return { label: k, kind: 'param' as const, detail: `${path.basename(file)}: ${preview(value)}`, range };
  });
}

/** Outputs of other stages, relative to this stage's wdir: the usual way stages are chained. */
function outputs(doc: IdeDocument, stageName: string, wdir: string, range: Range): Completion[] {
  const out: Completion[] = [];
  const seen = new Set<string>();
  for (const p of doc.pipelines) {
    for (const s of p.stages) {
      if (p === doc.pipeline && (s.name === stageName || s.expansion?.template === stageName)) continue;
      for (const o of s.outs) {
        const rel = posix(path.relative(wdir, path.resolve(p.dir, s.wdir, o.path.value)));
        if (seen.has(rel)) continue;
        seen.add(rel);
        out.push({
          label: rel,
          kind: 'output',
          detail: `${o.kind === 'outs' ? 'output' : o.kind} of stage ${s.name}`,
          range,
        });
      }
    }
  }
  return out;
}

/** Entries of the folder typed so far, relative to `base`; only the last segment is replaced. */
function paths(doc: IdeDocument, base: string, prefix: string, range: Range, foldersOnly: boolean): Completion[] {
  const slash = prefix.lastIndexOf('/');
  const folder = path.resolve(base, prefix.slice(0, slash + 1) || '.');
  const entries = doc.fs.list(folder) ?? [];
  const segmentRange = {
    start: { line: range.start.line, character: range.start.character + slash + 1 },
    end: range.end,
  };
  const out: Completion[] = [];
  for (const name of entries.sort()) {
    if (HIDDEN.has(name)) continue;
    const isDir = doc.fs.stat(path.join(folder, name))?.isDirectory === true;
    if (foldersOnly && !isDir) continue;
    out.push({
      label: isDir ? `${name}/` : name,
      kind: isDir ? 'folder' : 'file',
      insertText: isDir ? `${name}/` : name,
      range: segmentRange,
    });
  }
  return out;
}

function variables(doc: IdeDocument, position: Position, typed: string): Completion[] {
  const ctx = typingContext(doc.parsed.text, position);
  const vars = visibleVars(doc, ctx.parent);
  const dot = typed.lastIndexOf('.');
  const head = typed.slice(0, dot + 1);
  const range = {
    start: { line: position.line, character: position.character - (typed.length - dot - 1) },
    end: position,
  };
  let cur: Value | undefined = vars.values;
  for (const seg of head.split('.').filter((s) => s.length > 0))
    cur = isDict(cur) ? cur[seg.trim()] : Array.isArray(cur) ? cur[Number(seg)] : undefined;
  if (!isDict(cur)) return [];
  return Object.entries(cur).map(([name, value]) => {
    const loopVar = head === '' && vars.loop && (name === 'item' || name === 'key');
    const source = vars.sources.get(head + name);
    return {
      label: name,
      kind: 'variable' as const,
      detail: loopVar ? `${vars.loop?.kind} ${name} of stage ${vars.loop?.stage}` : preview(value),
      ...(source
        ? { documentation: `Defined in \`${path.basename(source.file)}\` line ${source.range.start.line + 1}` }
        : {}),
      range,
    };
  });
}

function preview(value: Value | undefined): string {
  if (value === undefined) return '';
  if (isDict(value))
    return `{ ${Object.keys(value).slice(0, 5).join(', ')}${Object.keys(value).length > 5 ? ', …' : ''} }`;
  if (Array.isArray(value)) return `[${value.length} items]`;
  return toStr(value);
}
