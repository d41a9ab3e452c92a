// Outline and folding of a dvc.yaml: sections, stages (with the stages foreach/matrix generate from them),
// artifacts and plots; folding for every block that spans lines.
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Range } from '../../diagnostics';
import type { Pipeline } from '../model';
import type { ParsedYaml } from '../parse';
import { keyName, offsetToPosition, offsetsToRange } from '../parse';

export type OutlineKind = 'section' | 'stage' | 'expansion' | 'artifact' | 'plot' | 'entry';

export interface OutlineItem {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole entry (key and value). */
  range: Range;
  /** The part to reveal and highlight: the key. */
  selectionRange: Range;
  children: OutlineItem[];
}

const NAMED_SECTIONS: Partial<Record<string, OutlineKind>> = {
  stages: 'stage',
  artifacts: 'artifact',
  datasets: 'entry',
};

export function outline(parsed: ParsedYaml, pipeline: Pipeline): OutlineItem[] {
  const root = parsed.doc.contents;
  if (!isMap(root)) return [];
  return root.items.flatMap((pair) => {
    const section = entry(parsed, pair as Pair<Node, Node>, 'section');
    if (!section) return [];
    const childKind = NAMED_SECTIONS[section.name];
    const value = pair.value;
    if (childKind && isMap(value)) {
      section.children = value.items.flatMap((p) => entry(parsed, p as Pair<Node, Node>, childKind) ?? []);
      if (section.name === 'stages') for (const stage of section.children) stage.children = expansions(pipeline, stage);
      for (const child of section.children)
        child.detail = detailOf(section.name, (p(value, child.name)?.value as Node | null) ?? null);
    } else if (section.name === 'plots' && isSeq(value)) {
      section.children = value.items.flatMap((item) =>
        isMap(item)
          ? item.items.flatMap((q) => entry(parsed, q as Pair<Node, Node>, 'plot') ?? [])
          : plotPath(parsed, item),
      );
    }
    return [section];
  });
}

function entry(parsed: ParsedYaml, pair: Pair<Node, Node>, kind: OutlineKind): OutlineItem | undefined {
  const name = keyName(pair.key);
  const kr = pair.key?.range;
  if (name === undefined || !kr) return undefined;
  const end = pair.value?.range?.[1] ?? kr[1];
  return {
    name,
    kind,
    range: offsetsToRange(parsed.lines, kr[0], end),
    selectionRange: offsetsToRange(parsed.lines, kr[0], kr[1]),
    children: [],
  };
}

function plotPath(parsed: ParsedYaml, item: unknown): OutlineItem[] {
  if (!isScalar(item) || !item.range) return [];
  const range = offsetsToRange(parsed.lines, item.range[0], item.range[1]);
  return [{ name: String(item.value), kind: 'plot', range, selectionRange: range, children: [] }];
}

function p(map: unknown, key: string): Pair | undefined {
  return isMap(map) ? map.items.find((x) => isPair(x) && keyName(x.key) === key) : undefined;
}

/** A stage's first command; an artifact's path. */
function detailOf(section: string, value: Node | null): string | undefined {
  const field = section === 'stages' ? 'cmd' : 'path';
  const v = p(p(value, 'do')?.value ?? value, field)?.value;
  const text = isScalar(v) ? String(v.value) : isSeq(v) && isScalar(v.items[0]) ? String(v.items[0].value) : undefined;
  return text?.split('\n', 1)[0];
}

function expansions(pipeline: Pipeline, stage: OutlineItem): OutlineItem[] {
  return pipeline.stages
    .filter((s) => s.expansion?.template === stage.name)
    .map((s) => ({
      name: s.name,
      kind: 'expansion' as const,
      detail: s.cmd[0]?.value,
      range: stage.range,
      selectionRange: stage.selectionRange,
      children: [],
    }));
}

export interface Fold {
  startLine: number;
  endLine: number;
}

/** A fold for every mapping entry or list item whose value spans more than one line. */
export function folds(parsed: ParsedYaml): Fold[] {
  const out: Fold[] = [];
  const visit = (node: unknown, startOffset: number | undefined): void => {
    const r = (node as Node | null)?.range;
    if (r && startOffset !== undefined && (isMap(node) || isSeq(node) || isScalar(node))) {
      const startLine = offsetToPosition(parsed.lines, startOffset).line;
      // A block ends at the start of the next line: fold up to the line before it.
      const end = offsetToPosition(parsed.lines, r[1]);
      const endLine = end.character === 0 ? end.line - 1 : end.line;
      if (endLine > startLine) out.push({ startLine, endLine });
    }
    if (isMap(node)) for (const pair of node.items) visit(pair.value, (pair.key as Node | null)?.range?.[0]);
    else if (isSeq(node)) for (const item of node.items) visit(item, (item as Node | null)?.range?.[0]);
  };
  visit(parsed.doc.contents, undefined);
  return out;
}
