// The commit, branch and dirty flag a run is recorded with; null outside a git repository.
import { simpleGit } from 'simple-git';
import type { GitInfo } from '../tracking/types';

export async function gitInfo(dir: string): Promise<GitInfo | null> {
  try {
    const git = simpleGit({ baseDir: dir });
    if (!(await git.checkIsRepo())) return null;
    const commit = (await git.revparse(['HEAD'])).trim();
    const branch = (await git.raw(['branch', '--show-current'])).trim();
    const status = await git.status();
    return { commit, branch: branch === '' ? null : branch, dirty: !status.isClean() };
  } catch {
    // No commit yet, or git missing: the run is still recorded, without git information.
    return null;
  }
}
