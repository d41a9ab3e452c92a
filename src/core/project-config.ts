// The project's settings file: `.mlops.json` in the working folder or the nearest folder above it, up to the
// repository root (the nearest folder with `.git` or `.dvc`; the working folder alone outside a repository).
// Never above it: a `/tmp/.mlops.json` planted by another user must not turn a CI run's errors off.
// Same shape as the editor's `mlops.*` settings, so one block can be copied between them:
//   { "diagnostics": { "severity": { "missing-dependency": "warning", "undefined-param": "off" } } }
// The CLI and the editor both read it here; each block ("drift", "checks", "alerts") is checked by its own parser.
import { dirname, join } from 'node:path';
import { type FileSystem, nodeFileSystem } from './fs';
import { isObject, type Parsed } from './parsed';
import { readSeverityMap, SEVERITY_OVERRIDES, type SeverityOverrides } from './pipeline/tuning';

export const CONFIG_FILE = '.mlops.json';

export interface ProjectConfig {
  /** Where it was read from; absent when no file was found (all defaults). */
  file?: string;
  severity: SeverityOverrides;
  /** The whole file, for the blocks other commands read and check themselves ("drift", "checks", "alerts"). */
  data: Record<string, unknown>;
}

/** Finds and reads the config; a file that is not valid is an error the caller reports (exit 2), never ignored. */
export function loadProjectConfig(
  cwd: string,
  fs: FileSystem,
): { ok: true; config: ProjectConfig } | { ok: false; message: string } {
  for (const dir of searchedFolders(cwd, fs)) {
    const file = join(dir, CONFIG_FILE);
    const text = fs.readText(file);
    if (text !== undefined) return parseProjectConfig(text, file);
  }
  return { ok: true, config: { severity: {}, data: {} } };
}

/** The working folder and its parents up to the repository root; only the working folder outside a repository. */
function searchedFolders(cwd: string, fs: FileSystem): string[] {
  const folders: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    folders.push(dir);
    if (fs.stat(join(dir, '.git')) || fs.stat(join(dir, '.dvc'))) return folders;
    if (dirname(dir) === dir) return [cwd];
  }
}

export function parseProjectConfig(
  text: string,
  file: string,
): { ok: true; config: ProjectConfig } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `${file}: not valid JSON (${(err as Error).message}); fix it or remove the file.` };
  }
  if (!isObject(data))
    return { ok: false, message: `${file}: expected a JSON object such as {"diagnostics": {"severity": {}}}.` };
  const diagnostics = data.diagnostics;
  if (diagnostics !== undefined && !isObject(diagnostics))
    return { ok: false, message: `${file}: "diagnostics" must be an object.` };
  const raw = diagnostics?.severity;
  if (raw !== undefined && !isObject(raw)) {
    return {
      ok: false,
      message: `${file}: "diagnostics.severity" must map diagnostic codes to a severity, e.g. {"unknown-key": "warning"}.`,
    };
  }
  const { severity, invalid } = readSeverityMap(raw ?? {});
  const [bad] = invalid;
  if (bad) {
    const [code, value] = bad;
    return {
      ok: false,
      message: `${file}: "diagnostics.severity.${code}" is ${JSON.stringify(value)}; use one of ${SEVERITY_OVERRIDES.join(', ')}.`,
    };
  }
  return { ok: true, config: { file, severity, data } };
}

/** One block of `.mlops.json` checked by its core parser; an unreadable file or an invalid block is the message. */
export function projectBlock<T>(
  cwd: string,
  key: string,
  parse: (raw: unknown, where: string) => Parsed<T>,
  fs: FileSystem = nodeFileSystem,
): Parsed<T> {
  const loaded = loadProjectConfig(cwd, fs);
  return loaded.ok ? parse(loaded.config.data[key], loaded.config.file ?? CONFIG_FILE) : loaded;
}
