// The revisions a person names when asking for plots — `workspace`, a commit, branch or tag, or an experiment's
// name as `dvc exp show` lists it — resolved as DVC's `plots diff` resolves them (scm.resolve_rev, which falls
// back to the experiment refs under refs/exps), while plots keep showing the name the person gave.
import { findExperiment } from '../experiments/actions';
import { execFileSync } from 'node:child_process';
import { revisionFiles } from '../revisions/cached-outputs';
import { WORKSPACE, gitTopLevel, type TreeView } from '../revisions/git-tree';

export interface NamedRevisions {
  /** The names that resolved, in the order given, without repeats. */
  names: string[];
  /** A name's files: the working copy or git's tree of the commit it resolved to. */
  treeOf(name: string): TreeView;
  /** One line per name that did not resolve, saying why. */
  problems: string[];
}

export async function resolveRevisionNames(root: string, given: readonly string[]): Promise<NamedRevisions> {
  const top = gitTopLevel(root);
  const commits = new Map<string, string>();
  const problems: string[] = [];
  for (const name of new Set(given)) {
    if (name === WORKSPACE) {
      commits.set(name, WORKSPACE);
      continue;
    }
    if (top === undefined) {
      problems.push(`'${name}': ${root} is not in a git repository, so only the working copy has plots`);
      continue;
    }
    const commit = gitCommit(top, name);
    if (commit !== undefined) {
      commits.set(name, commit);
      continue;
    }
    const found = await findExperiment(top, name);
    if (found.ok) commits.set(name, found.exp.commit);
    else problems.push(`'${name}' is neither a git revision nor an experiment: ${found.message}`);
  }
  return { ...namedRevisions(root, commits), problems };
}

/** Names shown in the plots, each read at its own git revision (or `workspace`); a tree is listed once per revision. */
export function namedRevisions(
  root: string,
  revisionOf: ReadonlyMap<string, string>,
): Omit<NamedRevisions, 'problems'> {
  const trees = new Map<string, TreeView>();
  return {
    names: [...revisionOf.keys()],
    treeOf(name) {
      const revision = revisionOf.get(name) ?? name;
      let tree = trees.get(revision);
      if (!tree) {
        tree = revisionFiles(root, revision);
        trees.set(revision, tree);
      }
      return tree;
    },
  };
}

function gitCommit(top: string, name: string): string | undefined {
  // `--end-of-options` keeps a name starting with `-` from being read as an option.
  try {
    return execFileSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${name}^{commit}`], {
      cwd: top,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}
