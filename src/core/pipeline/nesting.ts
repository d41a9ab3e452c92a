// How deep a document may nest before the core stops reading it. Every later pass (structure, values,
// interpolation, completion) walks documents recursively, so a 5,000-level mapping or 3,000 nested `[` in a
// repository's file would end in "Maximum call stack size exceeded". The limit is CPython's MAXLEVEL (200),
// which DVC already meets in params.py; no real pipeline or params file nests more than a dozen levels. The
// checks here walk with an explicit stack, so they are safe on any depth.
import { isMap, isPair, isSeq, type Node } from 'yaml';

export const MAX_NESTING = 200;

export const nestingMessage = (what: string): string =>
  `${what} nests deeper than ${MAX_NESTING} levels here; it is not read further. Flatten the structure.`;

/** The first collection nested deeper than MAX_NESTING in a parsed YAML tree, or undefined. */
export function tooDeepNode(root: unknown): Node | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [node, depth] = top;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= MAX_NESTING) return node;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push([item.key, depth + 1]);
        stack.push([item.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** Whether plain data (arrays and objects, e.g. parsed JSON or TOML) nests deeper than MAX_NESTING. */
export function tooDeepValue(root: unknown): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [value, depth] = top;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_NESTING) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}
