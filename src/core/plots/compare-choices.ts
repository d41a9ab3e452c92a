// The revisions a panel offers to overlay on its plots ("Compare with…"): HEAD, the local branches, the tags
// (newest first; GTO's own tags among them), and every promoted model version — one holding a stage or an alias,
// from GTO's tags or MLflow's registry — at the commit it was registered from (MLflow: its `mlops.commit` tag or
// its run's git commit, as the registry reads it). Each choice has a label, unique among them, which is what the
// reader picks, what the plots' legends show and what the panel sends back; the host reads only the revision of
// a choice it offered.
import { execFileSync } from 'node:child_process';
import type { ModelInfo } from '../registry/types';
import { hasCommits } from '../revisions/git-tree';

export type CompareChoiceKind = 'head' | 'branch' | 'tag' | 'model';

export interface CompareChoice {
  kind: CompareChoiceKind;
  /** `HEAD`, a branch or tag name, or `model v1.2.0 (prod)`. */
  label: string;
  /** What git reads: the name itself, or the model version's commit. */
  revision: string;
}

/** HEAD, local branches and tags, newest tags first; none without a commit. */
export function gitChoices(root: string): CompareChoice[] {
  if (!hasCommits(root)) return [];
  const lines = (args: string[]): string[] => {
    try {
      return execFileSync('git', args, { cwd: root, encoding: 'utf8', timeout: 10_000 }).split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return [
    { kind: 'head', label: 'HEAD', revision: 'HEAD' },
    ...lines(['branch', '--format=%(refname:short)']).map(
      (b): CompareChoice => ({ kind: 'branch', label: b, revision: b }),
    ),
    ...lines(['tag', '--sort=-creatordate']).map((t): CompareChoice => ({ kind: 'tag', label: t, revision: t })),
  ];
}

/** Promoted versions with a known commit, each model's newest first, labelled with what it holds. */
export function modelChoices(models: readonly ModelInfo[]): CompareChoice[] {
  const out: CompareChoice[] = [];
  for (const model of models)
    for (const v of model.versions) {
      const holds = [...v.stages, ...v.aliases];
      if (holds.length === 0 || v.commit === null) continue;
      out.push({
        kind: 'model',
        label: `${model.name} ${v.label ?? `version ${v.version}`} (${holds.join(', ')})`,
        revision: v.commit,
      });
    }
  return out;
}

/** The choice the panel sent back, only if it is one offered: `null` for none, `undefined` for one never offered. */
export function offeredChoice(
  choices: readonly CompareChoice[],
  label: string | null,
): CompareChoice | null | undefined {
  if (label === null) return null;
  return choices.find((c) => c.label === label);
}
