// Paths in dvc.yaml are relative to the stage's wdir, which is relative to the dvc.yaml folder.
import * as path from 'node:path';
import { isScalar } from 'yaml';
import type { ParsedYaml } from '../parse';
import { nodeAtPath } from './locate';

/** Absolute working directory of a stage as written (a foreach stage's `do.wdir` counts too). */
export function stageWdir(parsed: ParsedYaml, dvcDir: string, stage: string): string {
  const wdir = nodeAtPath(parsed, ['stages', stage, 'wdir']) ?? nodeAtPath(parsed, ['stages', stage, 'do', 'wdir']);
  return path.resolve(dvcDir, isScalar(wdir) && typeof wdir.value === 'string' ? wdir.value : '.');
}

/** A path as written in dvc.yaml, posix separators. */
export function posix(p: string): string {
  return p.split(path.sep).join('/');
}
