// The diff verbs compare git revisions. Outside a git repository DVC refuses every one of them (its NoSCM:
// "Only supported for Git repositories", exit 255) before reading a file; so do we, saying where and what to do,
// rather than an empty diff or git's own failure half-way.
import { gitTopLevel } from '../core/revisions/git-tree';
import type { CliIO } from './io';

/**
 * True, with the message written, when the working folder is in no git repository.
 * @param show the verb that reads the working copy alone, where there is one
 */
export function refusedOutsideGit(io: CliIO, command: string, show?: string): boolean {
  if (gitTopLevel(io.cwd) !== undefined) return false;
  const instead = show ? `, or use \`${show}\` for the working copy` : '';
  io.stderr(
    `${command}: ${io.cwd} is not in a git repository, and diff compares git revisions (dvc refuses it too: "Only supported for Git repositories"). Run \`git init\` and commit${instead}.\n`,
  );
  return true;
}
