// Whether DVC can load a revision's stage files at all. Every `plots`, `metrics` and `params` command builds the
// revision's index first (dvc/repo/index.py collect_files), loading each stage file it walks to, and a `.dvc`
// file or dvc.yaml its schema refuses (dvc-file-schema.ts: SINGLE_STAGE_SCHEMA and MULTI_STAGE_SCHEMA as
// voluptuous judges them, which is neither `mlops validate`'s stricter view nor the reader's looser one), or one
// that does not parse, fails the whole revision with that file's error: `plots --json` lists it under `errors` for
// the revision and shows none of its plots, `metrics show --json` prints it as the revision's `error`, and the
// diffs read the revision as empty. The first file in DVC's walk is named: top-down, a folder's files before its
// subfolders; in a git revision in git's tree order (walkOrder), in the working copy in the order the file
// system lists them (os.scandir, runner/dvc-order.ts), folders that are outputs of a `.dvc` file found earlier
// left out (as `collect_files` skips them).
import * as path from 'node:path';
import { findPipelineFiles, isDvcFileName } from '../pipeline/index';
import { loadDvcFile } from '../pipeline/dvc-file';
import { dvcFileSchemaErrors, pipelineSchemaErrors } from '../pipeline/dvc-file-schema';
import { parseYaml } from '../pipeline/parse';
import { dvcWalkOrder } from '../runner/dvc-order';
import type { FileSystem } from '../fs';
import type { TreeView } from './git-tree';

/** Why DVC cannot load a revision, as its JSON names it. */
export interface RevisionLoadError {
  type: 'YAMLValidationError' | 'YAMLSyntaxError';
  message: string;
}

/**
 * The error DVC fails the revision `tree` (of the repository at `root`) with, if any; paths in the message are
 * relative to `cwd`, the folder the command runs in, as DVC prints them.
 */
export function stageFilesError(
  root: string,
  tree: FileSystem & Pick<TreeView, 'commit'>,
  cwd: string,
): RevisionLoadError | undefined {
  // In the working copy only: in a git revision DVC 3.67.1 walks into them too (its outputs' paths there never
  // equal the walk's).
  const outsOf = (file: string): string[] =>
    tree.commit === undefined && isDvcFileName(path.basename(file))
      ? loadDvcFile(file, tree).stages.flatMap((s) =>
          s.outs.map((o) => path.resolve(path.dirname(file), s.wdir, o.path.value)),
        )
      : [];
  const files = findPipelineFiles(root, tree, undefined, outsOf);
  for (const file of tree.commit === undefined ? dvcWalkOrder(root, files) : files.sort(walkOrder)) {
    const text = tree.readText(file);
    if (text === undefined) continue;
    const rel = path.relative(cwd, file).split(path.sep).join('/');
    const parsed = parseYaml(text);
    // ruamel refuses what our parser reports as an error (duplicate keys included): the file does not load.
    if (parsed.diagnostics.some((d) => d.severity === 'error'))
      return { type: 'YAMLSyntaxError', message: `unable to read: '${rel}', YAML file structure is corrupted` };
    const errors = (isDvcFileName(path.basename(file)) ? dvcFileSchemaErrors : pipelineSchemaErrors)(parsed).length;
    if (errors === 0) continue;
    // dvc/utils/strictyaml.py make_relpath and YAMLValidationError: './' before a path inside the folder.
    const shown = rel.startsWith('..') ? rel : `./${rel}`;
    const commit = tree.commit?.();
    return {
      type: 'YAMLValidationError',
      message: `'${shown}' validation failed${commit ? ` in revision '${commit.slice(0, 7)}'` : ''}${errors > 1 ? `: ${errors} errors` : ''}`,
    };
  }
  return undefined;
}

/**
 * DVC's top-down walk of a git tree: in a folder its files first, then each subfolder in turn, in the tree's own
 * order — bytes, a folder's name compared as if it ended with "/" (so `data-split/` comes before `data/`).
 */
function walkOrder(a: string, b: string): number {
  const pa = a.split(path.sep);
  const pb = b.split(path.sep);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const aFile = i === pa.length - 1;
    const bFile = i === pb.length - 1;
    if (aFile !== bFile) return aFile ? -1 : 1;
    const slash = aFile ? '' : '/';
    return Buffer.compare(Buffer.from(pa[i]! + slash), Buffer.from(pb[i]! + slash));
  }
  return pa.length - pb.length;
}
