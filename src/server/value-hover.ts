// Hover on a value of a metrics or params file (core/diff/value-hover.ts): finds the DVC repository of the file
// and HEAD's files, then turns the core's answer into an LSP hover. HEAD's listing (one `git ls-tree`) is kept
// while HEAD stays the same commit, so hovering key after key costs one `git rev-parse` and one blob read each.
// git reads the repository's configuration, so in an untrusted workspace the hover runs no git and answers nothing.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { valueHover } from '../core/diff/value-hover';
import type { FileSystem } from '../core/fs';
import { withCachedOutputs } from '../core/revisions/cached-outputs';
import { hasCommits, revisionTree, type TreeView } from '../core/revisions/git-tree';
import { findRepoRoot } from '../core/revisions/repo-root';

/** How long git may take to name HEAD before the hover gives up (a hover must answer quickly). */
const GIT_TIMEOUT_MS = 5_000;

export class ValueHovers {
  private head: { root: string; commit: string; tree: TreeView } | undefined;

  constructor(
    private readonly fs: FileSystem,
    private readonly trusted: () => boolean,
  ) {}

  hover(file: string, position: Position): Hover | null {
    if (!this.trusted()) return null;
    const root = findRepoRoot(path.dirname(file));
    // Outside a DVC project no file is a metric or a param: do not scan a folder that has no pipeline.
    if (!this.fs.stat(path.join(root, '.dvc')) && !this.fs.stat(path.join(root, 'dvc.yaml'))) return null;
    const found = valueHover({ root, file, position, fs: this.fs, head: this.headOf(root) });
    return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: found.range } : null;
  }

  private headOf(root: string): TreeView | undefined {
    if (!hasCommits(root)) return undefined;
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', timeout: GIT_TIMEOUT_MS })
      .toString()
      .trim();
    if (this.head?.root !== root || this.head.commit !== commit)
      // A metrics file DVC caches (`cache: true`) is not in git: HEAD's value then comes from the DVC cache.
      this.head = { root, commit, tree: withCachedOutputs(root, revisionTree(root, commit)) };
    return this.head.tree;
  }
}
