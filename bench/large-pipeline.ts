// A large, valid, realistic pipeline for benchmarks: plain stages chained by their outputs (each reads the one
// before it and one further back), foreach stages fanning out over a params list, `${}` from params.yaml and vars,
// params dependencies, metrics. Every dependency exists on disk or is another stage's output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LargePipeline {
  dir: string;
  file: string;
  text: string;
  /** Stages after foreach expansion. */
  stages: number;
}

const pad = (i: number) => String(i).padStart(4, '0');

/** Writes dvc.yaml, params.yaml and the source files into `dir`. `stages` must be a multiple of 10 (≥ 100). */
export function writeLargePipeline(dir: string, stages = 1000): LargePipeline {
  const regions = Array.from({ length: 10 }, (_, i) => `region${i}`);
  const fanouts = stages / 100; // foreach templates over the 10 regions: 10% of the stages
  const plain = stages - fanouts * regions.length;

  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'data/raw'), { recursive: true });
  writeFileSync(join(dir, 'src/step.py'), 'import sys\nprint(sys.argv)\n');
  for (let k = 0; k < 10; k++) writeFileSync(join(dir, `data/raw/part_${k}.csv`), 'x,y\n1,2\n');

  const params = [
    'train:',
    '  lr: 0.01',
    '  epochs: 10',
    '  batch: 32',
    `regions: [${regions.join(', ')}]`,
    'steps:',
    ...Array.from({ length: plain }, (_, i) => `  s${pad(i)}: {seed: ${i}, size: ${(i % 7) + 1}}`),
  ];
  writeFileSync(join(dir, 'params.yaml'), `${params.join('\n')}\n`);

  const lines = ['vars:', '  - out_dir: data/out', '  - report: {format: json}', 'stages:'];
  for (let i = 0; i < plain; i++) {
    const id = `s${pad(i)}`;
    const deps =
      i < 10 ? [`data/raw/part_${i}.csv`] : [`\${out_dir}/s${pad(i - 1)}.csv`, `\${out_dir}/s${pad(i - 10)}.csv`];
    lines.push(
      `  ${id}:`,
      `    desc: Step ${i} of the chain`,
      `    cmd: python src/step.py --seed \${steps.${id}.seed} --size \${steps.${id}.size} --lr \${train.lr} --out \${out_dir}/${id}.csv`,
      '    deps:',
      '      - src/step.py',
      ...deps.map((d) => `      - ${d}`),
      '    params:',
      '      - train.lr',
      `      - steps.${id}`,
      '    outs:',
      `      - \${out_dir}/${id}.csv`,
      '    metrics:',
      `      - metrics/${id}.\${report.format}:`,
      '          cache: false',
    );
  }
  for (let f = 0; f < fanouts; f++) {
    const source = `s${pad(Math.floor(((f + 1) * plain) / (fanouts + 1)))}`;
    lines.push(
      `  fan${pad(f)}:`,
      '    foreach: ${regions}',
      '    do:',
      `      cmd: python src/step.py --region \${item} --in \${out_dir}/${source}.csv --epochs \${train.epochs}`,
      '      deps:',
      '        - src/step.py',
      `        - \${out_dir}/${source}.csv`,
      '      params:',
      '        - train.epochs',
      '      outs:',
      `        - data/fan${pad(f)}/\${item}.csv`,
    );
  }
  const text = `${lines.join('\n')}\n`;
  const file = join(dir, 'dvc.yaml');
  writeFileSync(file, text);
  return { dir, file, text, stages };
}
