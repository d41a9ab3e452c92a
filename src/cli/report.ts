// What `mlops validate` reports, whatever the output format: each validated file with its diagnostics.
import { isAbsolute, relative, sep } from 'node:path';
import type { Diagnostic, Severity } from '../core/diagnostics';

export interface FileReport {
  /** As shown to the user: relative to the working folder when under it, else absolute; `/` separators. */
  path: string;
  diagnostics: Diagnostic[];
}

export interface ReportContext {
  /** The working folder: relative paths in the report are relative to it. */
  cwd: string;
  toolVersion: string;
  /** One sentence on what a diagnostic code means (SARIF rule descriptions). */
  describe(code: string): string;
}

/** Turns a report into the text a format prints on stdout. */
export type Formatter = (files: readonly FileReport[], context: ReportContext) => string;

/** `file` relative to `cwd` when it lies under it, else absolute; always with `/` separators. */
export function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  const outside = rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  const shown = outside ? file : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

export function countBySeverity(files: readonly FileReport[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) for (const d of file.diagnostics) counts[d.severity]++;
  return counts;
}
