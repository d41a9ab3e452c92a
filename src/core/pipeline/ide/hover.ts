// Hover in dvc.yaml (markdown): what a key means, a param's current value, what a `${}` resolves to,
// where a dep comes from, who reads an output, and a stage's whole picture.
import * as path from 'node:path';
import type { Position, Range } from '../../diagnostics';
import { select, toStr } from '../interpolate';
import { isDict, type Value } from '../py-value';
import { readParamsFile } from '../params-files';
import { lookupKey } from '../params-keys';
import { describeKey } from '../schema-queries';
import { typeLabel } from '../schema-types';
import type { IdeDocument } from './document';
import { absOf, consumersOf, downstream, producersOf, unique, upstream, type StageRef } from './graph';
import { posix } from './paths';
import { targetAt } from './target';
import { sourceOfName, visibleVars } from './vars';

export interface HoverResult {
  markdown: string;
  range: Range;
}

export function hover(doc: IdeDocument, position: Position): HoverResult | undefined {
  const t = targetAt(doc, position);
  if (!t) return undefined;
  switch (t.kind) {
    case 'interpolation': {
      const vars = visibleVars(doc, t.at.path);
      const hit = select(vars.values, t.path);
      const source = sourceOfName(vars, t.path.map((s) => s.trim()).join('.'));
      const where = source ? `\n\nDefined in \`${rel(doc, source.file)}\` line ${source.range.start.line + 1}.` : '';
      const loop =
        (t.path[0] === 'item' || t.path[0] === 'key') && vars.loop
          ? ` (first ${vars.loop.kind} element; one value per generated stage)`
          : '';
      const body = hit.found
        ? `\`\${${t.expr}}\` = ${code(hit.value)}${loop}`
        : `\`\${${t.expr}}\` is not defined here.`;
      return { markdown: body + where, range: t.range };
    }
    case 'param': {
      const lines = t.refs.slice(0, 1).map(({ pipeline, stage, param }) => {
        const file = absOf(pipeline, stage, param.file.value);
        const params = readParamsFile(doc.fs, file);
        if (!params) return `\`${param.file.value}\` does not exist.`;
        if (!param.key)
          return `All of \`${param.file.value}\` (${Object.keys(params.values).length} top-level keys) is a dependency of \`${stage.name}\`.`;
        const found = lookupKey(params.values, param.key.value);
        const line = params.keys.get(param.key.value);
        return found.found
          ? `\`${param.key.value}\` = ${code(found.value)}\n\nFrom \`${rel(doc, file)}\`${line ? ` line ${line.start.line + 1}` : ''}.`
          : `\`${param.key.value}\` is not in \`${rel(doc, file)}\`.`;
      });
      return { markdown: lines.join('\n\n'), range: t.range };
    }
    case 'dep': {
      const { pipeline, stage, dep } = t.refs[0]!;
      const file = absOf(pipeline, stage, dep.value);
      const producers = unique(producersOf(doc.pipelines, file));
      const stat = doc.fs.stat(file);
      const what =
        producers.length > 0
          ? `Output of ${list(producers)}.`
          : stat
            ? `${stat.isDirectory ? 'Folder' : 'File'} in the workspace.`
            : 'Not found in the workspace and no stage produces it.';
      return { markdown: `**Dependency** \`${dep.value}\`\n\n${what}`, range: t.range };
    }
    case 'out': {
      const { pipeline, stage, out } = t.refs[0]!;
      const readers = unique(consumersOf(doc.pipelines, absOf(pipeline, stage, out.path.value)));
      const flags = [
        `cache: ${out.cache}`,
        `persist: ${out.persist}`,
        `push: ${out.push}`,
        ...(out.remote ? [`remote: ${out.remote}`] : []),
      ].join(', ');
      const read = readers.length > 0 ? `Read by ${list(readers)}.` : 'No stage reads it.';
      return {
        markdown: `**${out.kind === 'outs' ? 'Output' : out.kind === 'metrics' ? 'Metrics file' : 'Plots file'}** \`${out.path.value}\` (${flags})\n\n${read}`,
        range: t.range,
      };
    }
    case 'stage':
      return t.refs.length > 0
        ? { markdown: t.refs.map((r) => stageCard(doc, r)).join('\n\n---\n\n'), range: t.range }
        : undefined;
    case 'node': {
      // A list item is described by the key of its list.
      const keyPath =
        t.at.role === 'value' && typeof t.at.path.at(-1) === 'number' ? t.at.path.slice(0, -1) : t.at.path;
      const info = describeKey(keyPath);
      if (!info) return undefined;
      const deprecated = info.deprecated ? `\n\n**Deprecated:** ${info.deprecated}` : '';
      return {
        markdown: `**${info.name}**: ${typeLabel(info.node)}${info.required ? ' (required)' : ''}\n\n${info.doc}${deprecated}`,
        range: t.at.range,
      };
    }
  }
}

function stageCard(doc: IdeDocument, ref: StageRef): string {
  const s = ref.stage;
  const parts = [`**Stage \`${s.name}\`**${s.desc ? ` — ${s.desc}` : ''}${s.frozen ? ' (frozen)' : ''}`];
  parts.push('```sh\n' + (s.cmd.map((c) => c.value).join('\n') || '(no command)') + '\n```');
  if (s.wdir !== '.') parts.push(`Working directory: \`${s.wdir}\``);
  const inputs = [
    ...s.deps.map((d) => `\`${d.value}\``),
    ...s.params.map((p) => `param \`${p.key?.value ?? p.file.value}\``),
  ];
  parts.push(`Inputs: ${inputs.join(', ') || 'none'}`);
  parts.push(`Outputs: ${s.outs.map((o) => `\`${o.path.value}\``).join(', ') || 'none'}`);
  const up = upstream(doc.pipelines, ref);
  const down = unique(downstream(doc.pipelines, ref));
  parts.push(`Upstream: ${up.length > 0 ? list(up) : 'none'}`);
  parts.push(`Downstream: ${down.length > 0 ? list(down) : 'none'}`);
  return parts.join('\n\n');
}

function list(refs: StageRef[]): string {
  return refs.map((r) => `stage \`${r.stage.name}\``).join(', ');
}

function rel(doc: IdeDocument, file: string): string {
  return posix(path.relative(doc.pipeline.dir, file)) || path.basename(file);
}

function code(value: Value): string {
  if (isDict(value) || Array.isArray(value)) return '\n```json\n' + JSON.stringify(value, null, 2) + '\n```';
  return `\`${toStr(value)}\``;
}
