// One stage's entry replaced in dvc.lock's text, every other byte kept: a run of one stage changes that stage's
// lines only, whatever wrote the rest (DVC, an older version of us, a hand edit). The entry itself is written in
// DVC's layout (lock-yaml.ts), so after `dvc repro` and `mlops run` of the same stage the file is the same.
// DVC appends a stage new to the lock at the end of `stages:` (a dict update in dvc/dvcfile.py), and so do we.
import { parse } from 'yaml';
import { dumpMappingEntry } from './lock-yaml';

/** A plain stage key on a line of its own, as DVC writes most: `  train:`, `  train@us:`. */
const PLAIN_KEY = /^ {2}([A-Za-z0-9_./@-][^#'"]*?):$/;

interface Block {
  name: string | undefined;
  /** Line indexes: [from, to). */
  from: number;
  to: number;
}

/** The stage entries under a block `stages:` mapping at the top level, with their line spans. */
function stageBlocks(lines: readonly string[]): { blocks: Block[]; end: number } | undefined {
  const start = lines.indexOf('stages:');
  if (start === -1) return undefined;
  const blocks: Block[] = [];
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '' || line.startsWith('   ') || line.startsWith('  #')) continue;
    if (!line.startsWith('  ')) break;
    // `  : value` continues an explicit `  ? key`; `  - ` would be a list, not DVC's lock.
    if (line.startsWith('  :')) continue;
    if (line.startsWith('  -')) return undefined;
    const last = blocks[blocks.length - 1];
    if (last) last.to = i;
    blocks.push({ name: undefined, from: i, to: i + 1 });
  }
  const last = blocks[blocks.length - 1];
  if (last) last.to = i;
  for (const b of blocks) b.name = blockName(lines, b);
  return { blocks, end: i };
}

function blockName(lines: readonly string[], b: Block): string | undefined {
  const plain = PLAIN_KEY.exec(lines[b.from] as string);
  if (plain) return plain[1];
  try {
    const data: unknown = parse(lines.slice(b.from, b.to).join('\n'));
    const keys = typeof data === 'object' && data !== null ? Object.keys(data) : [];
    return keys.length === 1 ? keys[0] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `text` with stage `name`'s entry set to `stage` (replaced in place, or added after the last stage), or undefined
 * when the text is not laid out as a block `stages:` mapping (the caller then writes the whole file).
 */
export function withStageEntry(text: string, name: string, stage: unknown): string | undefined {
  const lines = text.split('\n');
  const found = stageBlocks(lines);
  if (!found || found.blocks.some((b) => b.name === undefined)) return undefined;
  const entry = dumpMappingEntry(name, stage, 2).replace(/\n$/, '').split('\n');
  const at = found.blocks.find((b) => b.name === name);
  // Trailing blank lines of the last block stay where they are.
  let end = found.end;
  while (end > 0 && lines[end - 1] === '' && end - 1 > (found.blocks[found.blocks.length - 1]?.from ?? 0)) end--;
  const [from, to] = at ? [at.from, at.to === found.end ? end : at.to] : [end, end];
  return [...lines.slice(0, from), ...entry, ...lines.slice(to)].join('\n');
}
