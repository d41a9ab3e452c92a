// What the run panel's Plots section shows, computed on the host from the plots core (vscode-free, tested
// without VS Code): every plot of the workspace's dvc.yaml files laid out at the panel's chart size, the
// revision to overlay (HEAD, a branch, a model version's tag) and the revisions offered for it.
import { execFileSync } from 'node:child_process';
import { collectPlots } from '../../core/plots/collect';
import { drawScene } from '../../core/plots/draw';
import { buildScene } from '../../core/plots/scene';
import { WORKSPACE, hasCommits } from '../../core/revisions/git-tree';
import { revisionToken, type HostMessage, type PanelPlot } from '../../webview/contract';

const WIDTH = 460;
const HEIGHT = 300;
const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

export function plotsMessage(root: string, compare: string | null): Extract<HostMessage, { type: 'plots' }> {
  const revisions = compare === null ? [WORKSPACE] : [WORKSPACE, compare];
  const result = collectPlots({ root, revisions });
  const plots: PanelPlot[] = result.plots.map((plot) => {
    const issues = result.errors.filter((e) => e.plotId === plot.id);
    if (plot.kind === 'image')
      return {
        kind: 'images',
        id: plot.id,
        images: plot.images.map((img) => ({
          revision: img.revision,
          src: `data:${MIME[img.file.slice(img.file.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream'};base64,${img.bytes.toString('base64')}`,
        })),
      };
    if (plot.kind === 'empty') {
      const why = issues.map((e) => `${e.source ? `${e.source}${e.line ? `:${e.line}` : ''}: ` : ''}${e.message}`);
      return { kind: 'message', id: plot.id, message: why.length > 0 ? why.join('\n') : `${plot.id} has no data` };
    }
    const built = buildScene(plot, { colorOf: (revision) => revisionToken(revisions.indexOf(revision)) });
    if (!built.ok) return { kind: 'message', id: plot.id, message: built.problem.message };
    return { kind: 'drawing', id: plot.id, drawing: drawScene(built.scene, WIDTH, HEIGHT) };
  });
  for (const e of result.errors.filter((x) => x.plotId === undefined))
    plots.push({ kind: 'message', id: e.source ?? e.revision, message: e.message });
  return { type: 'plots', plots, revisions, compare, choices: compareChoices(root) };
}

/** HEAD, local branches and tags (GTO model versions are tags), newest tags first. */
export function compareChoices(root: string): string[] {
  if (!hasCommits(root)) return [];
  const lines = (args: string[]): string[] => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return ['HEAD', ...lines(['branch', '--format=%(refname:short)']), ...lines(['tag', '--sort=-creatordate'])];
}
