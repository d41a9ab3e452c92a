// Whether DVC can load a revision's stage files at all. Every `plots`, `metrics` and `params` command builds the
// revision's index first (dvc/repo/index.py collect_files), loading each stage file it walks to, and a `.dvc`
// file or dvc.yaml its schema refuses (dvc-file-schema.ts: SINGLE_STAGE_SCHEMA and MULTI_STAGE_SCHEMA as
// voluptuous judges them, which is neither `mlops validate`'s stricter view nor the reader's looser one), or one
// that does not parse, fails the whole revision with that file's error: `plots --json` lists it under `errors` for
// the revision and shows none of its plots, `metrics show --json` prints it as the revision's `error`, and the
// diffs read the revision as empty. The first file in DVC's walk is named: top-down, a folder's files before its
// subfolders; in a git revision in git's tree order (walkOrder), in the working copy in the order the file
// system lists them (os.scandir, runner/dvc-order.ts), folders that are outputs of a `.dvc` file found earlier
// left out (as `collect_files` skips them). A dvc.yaml's folder's params.yaml, which DVC's resolver loads as the
// file's default variables whether or not any `${}` uses them, fails the revision too when it does not parse or
// holds no mapping (found on a merge's conflict markers; dvc/parsing/__init__.py DataResolver).
import * as path from 'node:path';
import { isMap, isScalar, isSeq } from 'yaml';
import { findPipelineFiles, isDvcFileName } from '../pipeline/index';
import { loadDvcFile } from '../pipeline/dvc-file';
import { dvcFileSchemaErrors, pipelineSchemaErrors } from '../pipeline/dvc-file-schema';
import { parseYaml } from '../pipeline/parse';
import { refusedTab } from '../pipeline/yaml-tabs';
import { dvcWalkOrder } from '../runner/dvc-order';
import type { FileSystem } from '../fs';
import type { TreeView } from './git-tree';

/** Why DVC cannot load a revision, as its JSON names it. */
export interface RevisionLoadError {
  type: 'YAMLValidationError' | 'YAMLSyntaxError' | 'YAMLFileCorruptedError' | 'ResolveError';
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
    const dvcFile = isDvcFileName(path.basename(file));
    const errors = (dvcFile ? dvcFileSchemaErrors : pipelineSchemaErrors)(parsed).length;
    if (errors === 0) {
      const unresolved = dvcFile ? undefined : defaultParamsError(tree, file, cwd);
      if (unresolved) return unresolved;
      continue;
    }
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

/** Why DVC cannot load the params.yaml beside the dvc.yaml `file` as its default variables, if it cannot. */
function defaultParamsError(tree: FileSystem, file: string, cwd: string): RevisionLoadError | undefined {
  const params = path.join(path.dirname(file), 'params.yaml');
  const text = tree.readText(params);
  if (text === undefined) return undefined;
  const rel = (p: string): string => path.relative(cwd, p).split(path.sep).join('/');
  const parsed = parseYaml(text);
  if (parsed.diagnostics.some((d) => d.severity === 'error') || refusedTab(text) !== undefined)
    return {
      type: 'YAMLFileCorruptedError',
      message: `unable to read: '${rel(params)}', YAML file structure is corrupted`,
    };
  const top = parsed.doc.contents;
  if (top === null || isMap(top) || (isScalar(top) && top.value === null)) return undefined;
  return {
    type: 'ResolveError',
    message: `failed to parse 'vars' in '${rel(file)}': expected a dictionary, got '${pythonType(top)}' in file '${rel(params)}'`,
  };
}

/** The Python type name of a YAML document's top node that is not a mapping (`1.0` would say 'int': rare enough). */
function pythonType(node: unknown): string {
  if (isSeq(node)) return 'list';
  if (!isScalar(node)) return 'dict';
  const v = node.value;
  if (typeof v === 'string') return 'str';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'number' && !Number.isInteger(v) ? 'float' : 'int';
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
