// A generated pipeline shaped like real recommender experiments (POPROX, LensKit's demo): per group, a foreach that
// splits 10 datasets, a 10 × 8 matrix of models over them, a foreach that measures each dataset — 100 stages per
// group — in as many dvc.yaml files as asked. No data: the benches read its shape.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const datasets = Array.from({ length: 10 }, (_, i) => `ds-${i}`);
const models = Array.from({ length: 8 }, (_, i) => `model-${i}`);

function group(g: number): string[] {
  return [
    `  split-${g}:`,
    `    foreach: [${datasets.join(', ')}]`,
    '    do:',
    `      cmd: python split.py \${item} g${g}`,
    '      outs:',
    `        - split/g${g}/\${item}`,
    `  train-${g}:`,
    '    matrix:',
    `      data: [${datasets.join(', ')}]`,
    `      model: [${models.join(', ')}]`,
    `    cmd: python train.py \${item.data} \${item.model}`,
    '    deps:',
    `      - split/g${g}/\${item.data}`,
    '    outs:',
    `      - runs/g${g}/\${item.data}/\${item.model}`,
    `  measure-${g}:`,
    `    foreach: [${datasets.join(', ')}]`,
    '    do:',
    `      cmd: python measure.py \${item}`,
    '      deps:',
    ...models.map((m) => `        - runs/g${g}/\${item}/${m}`),
    '      metrics:',
    `        - metrics/g${g}/\${item}.json`,
  ];
}

/** Writes `files` dvc.yaml files (the first at the root, then sub0/, sub1/…) of `groupsPerFile` groups each. */
export function writeGroupedPipeline(dir: string, files: number, groupsPerFile: number): string[] {
  const written: string[] = [];
  for (let f = 0; f < files; f++) {
    const folder = f === 0 ? dir : join(dir, `sub${f}`);
    mkdirSync(folder, { recursive: true });
    const lines = ['stages:'];
    for (let g = 0; g < groupsPerFile; g++) lines.push(...group(f * groupsPerFile + g));
    const file = join(folder, 'dvc.yaml');
    writeFileSync(file, `${lines.join('\n')}\n`);
    written.push(file);
  }
  return written;
}
