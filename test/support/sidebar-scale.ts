// A project at the scale the issue names for the sidebar: 12 commits on main, 50 experiments over the 10 newest
// (5 each, made in DVC's ref layout with git plumbing as `dvc exp run` would leave them: a commit changing
// params.yaml and metrics.json under refs/exps/<baseline>/exp-<baseline number>-<n>), and 30 model versions registered with GTO's tags
// (clf 12, ranker 10, embed 8; some assigned to stages). Real git and DVC; `dvc exp run` fifty times would take
// minutes, so the experiment commits are written directly (bench/experiments.bench.ts reads the same layout).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GtoRegistry } from '../../src/core/registry/gto';
import { venvBin, venvEnv } from './python';

const DVC_YAML = `stages:
  train:
    cmd: python train.py
    params: [train.lr, train.epochs]
    metrics: [metrics.json]
`;

const params = (lr: number, epochs: number) => `train:\n  lr: ${lr}\n  epochs: ${epochs}\n`;
const metrics = (accuracy: number) => `${JSON.stringify({ accuracy, loss: Number((1 - accuracy).toFixed(4)) })}\n`;

export const SCALE = { commits: 12, baselines: 10, perBaseline: 5, versions: { clf: 12, ranker: 10, embed: 8 } };

/** Makes the project in a new folder (a git repository on `main`); returns its path. */
export async function sidebarScaleProject(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'mlops-sidebar-scale-'));
  // Each commit an hour after the one before (a script makes them within a second; people do not).
  let clock = Date.UTC(2026, 0, 1) / 1000;
  const git = (args: string[], input?: string) => {
    const date = `${(clock += 3600)} +0000`;
    return execFileSync('git', ['-c', 'user.name=Scale', '-c', 'user.email=scale@example.invalid', ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      ...(input === undefined ? {} : { input }),
    }).trim();
  };
  git(['init', '-q', '-b', 'main']);
  execFileSync(join(venvBin(), 'dvc'), ['init', '-q'], { cwd: root, env: venvEnv(), timeout: 120_000 });
  writeFileSync(join(root, 'dvc.yaml'), DVC_YAML);
  writeFileSync(join(root, 'train.py'), 'print("train")\n');
  const commits: string[] = [];
  for (let c = 0; c < SCALE.commits; c++) {
    writeFileSync(join(root, 'params.yaml'), params(0.1 / (c + 1), 10));
    writeFileSync(join(root, 'metrics.json'), metrics(0.6 + c / 100));
    git(['add', '-A']);
    git(['commit', '-q', '-m', `baseline ${c + 1}: lr ${(0.1 / (c + 1)).toFixed(4)}`]);
    commits.push(git(['rev-parse', 'HEAD']));
  }
  const refs: string[] = [];
  for (const [b, baseline] of commits.entries()) {
    if (b < SCALE.commits - SCALE.baselines) continue;
    const others = git(['ls-tree', baseline])
      .split('\n')
      .filter((l) => !/\t(params\.yaml|metrics\.json)$/.test(l));
    for (let e = 0; e < SCALE.perBaseline; e++) {
      const blob = (text: string) => git(['hash-object', '-w', '--stdin'], text);
      const tree = git(
        ['mktree'],
        [
          ...others,
          `100644 blob ${blob(params(0.01 * (e + 1), 10 + e))}\tparams.yaml`,
          `100644 blob ${blob(metrics(0.7 + (b * SCALE.perBaseline + e) / 200))}\tmetrics.json`,
          '',
        ].join('\n'),
      );
      const commit = git(['commit-tree', tree, '-p', baseline, '-m', `dvc: commit experiment ${b + 1}-${e + 1}`]);
      refs.push(`create refs/exps/${baseline.slice(0, 2)}/${baseline.slice(2)}/exp-${b + 1}-${e + 1} ${commit}\n`);
    }
  }
  git(['update-ref', '--stdin'], refs.join(''));
  const registry = new GtoRegistry(root);
  for (const [name, count] of Object.entries(SCALE.versions))
    for (let v = 0; v < count; v++) await registry.register({ name, version: `v1.${v}.0`, commit: commits[v] });
  await registry.promote('clf', 'v1.11.0', 'prod');
  await registry.promote('clf', 'v1.10.0', 'staging');
  await registry.promote('ranker', 'v1.9.0', 'dev');
  return root;
}
