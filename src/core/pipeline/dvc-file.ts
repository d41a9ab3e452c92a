// A `.dvc` file as a pipeline node, read as DVC 3 reads it (dvc/dvcfile.py SingleStageFile, dvc/stage/loader.py
// StageLoader.load_stage, dvc/schema.py SINGLE_STAGE_SCHEMA): `dvc add` writes one with `outs` only (a "data
// source": dvc/stage/__init__.py `is_data_source`, a stage without cmd), `dvc import` one whose single dep has
// `repo:` (`is_repo_import`), `dvc import-url` one whose single dep is a URL or a path (`is_import`). Its outputs
// are stage outputs like any other, so dvc/repo/graph.py links it to every stage depending on them; it is addressed
// by its path (`data/data.xml.dvc`). The hashes it records play the part dvc.lock plays for a dvc.yaml stage.
// The file is one Pipeline with one Stage (no cmd) so every reader of the graph — status, run, the views — takes it
// as it takes a stage; `dataSource` tells them apart.
import * as path from 'node:path';
import { isMap, isNode, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic, Range } from '../diagnostics';
import type { FileSystem } from '../fs';
import type { DataSource, DataSourceKind, Located, Output, Pipeline, RecordedEntry, Stage } from './model';
import { DVC_FILE_KEYS, dvcFileSchemaErrors, type SchemaError } from './dvc-file-schema';
import { nodeRange, parseYaml, type ParsedYaml } from './parse';
import { normalizeWdir } from './read-values';

/** DVC's test for a stage file (dvc/dvcfile.py is_valid_filename): a file named `*.dvc`. */
export function isDvcFileName(name: string): boolean {
  return name.endsWith('.dvc') && name.length > '.dvc'.length;
}

const isUrl = (p: string) => /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(p);

/** Reads one `.dvc` file; never throws (an unreadable or malformed file gives diagnostics, as DVC refuses it). */
export function loadDvcFile(file: string, fs: FileSystem): Pipeline {
  const abs = path.resolve(file);
  const base = { file: abs, dir: path.dirname(abs) };
  const text = fs.readText(abs);
  if (text === undefined) return { ...base, stages: [], diagnostics: [problem(`Cannot read ${abs}.`, origin())] };
  const parsed = parseYaml(text);
  const root = parsed.doc.contents;
  const diagnostics = [...parsed.diagnostics];
  if (!isMap(root)) {
    diagnostics.push(problem(`${abs}: a .dvc file is a mapping with an \`outs\` list (as \`dvc add\` writes it).`));
    return { ...base, stages: [], diagnostics };
  }
  // DVC validates the whole file first and refuses it for any other key (voluptuous: "extra keys not allowed").
  const extra = root.items.filter((item) => !isScalar(item.key) || !FILE_KEYS.has(String(item.key.value)));
  if (extra.length > 0) {
    for (const item of extra) diagnostics.push(problem(extraKeyMessage(item.key), nodeRange(parsed, item.key as Node)));
    return { ...base, stages: [], diagnostics };
  }
  // The rest of the schema (an entry's keys and types): DVC refuses the file for any of them too.
  const refused = parsed.diagnostics.length === 0 ? dvcFileSchemaErrors(parsed) : [];
  if (refused.length > 0) {
    for (const e of refused) diagnostics.push(problem(schemaMessage(e), nodeRange(parsed, nodeAt(parsed, e.path))));
    return { ...base, stages: [], diagnostics };
  }
  const get = (key: string): Node | undefined => (root.get(key, true) as Node | undefined) ?? undefined;
  const outs = entries(parsed, get('outs'), 'outs', diagnostics);
  const deps = entries(parsed, get('deps'), 'deps', diagnostics);
  const repoDep = deps.some((d) => d.repo);
  const kind: DataSourceKind = deps.length === 0 ? 'add' : repoDep ? 'import' : 'import-url';
  const wdirNode = get('wdir');
  const range = nodeRange(parsed, root);
  const stage: Stage = {
    name: path.basename(abs),
    nameRange: { start: range.start, end: range.start },
    range,
    cmd: [],
    wdir: isScalar(wdirNode) ? normalizeWdir(String(wdirNode.value)) : '.',
    // Another repository's path is not a path here: it never links this file to a stage of this repository.
    deps: deps.filter((d) => !d.repo).map((d) => d.path),
    params: [],
    outs: outs.map((o) => o.out),
    frozen: scalarValue(get('frozen')) === true,
    alwaysChanged: false,
  };
  const desc = scalarValue(get('desc'));
  if (typeof desc === 'string') stage.desc = desc;
  const dataSource: DataSource = {
    kind,
    outs: outs.map((o) => o.recorded),
    deps: deps.filter((d) => !d.repo && !isUrl(d.path.value)).map((d) => d.recorded),
  };
  return { ...base, stages: [stage], diagnostics, dataSource };
}

const FILE_KEYS = new Set(DVC_FILE_KEYS);

function schemaMessage(e: SchemaError): string {
  const where = e.path.join(' -> ');
  const fix =
    e.path.includes('metric') || e.path.includes('plot')
      ? ' (DVC 1 wrote `metric:`/`plot:` in .dvc outputs; DVC 3 refuses them: delete the line)'
      : '';
  return `DVC 3 refuses this .dvc file: ${e.message}, in ${where}${fix}.`;
}

/** The node an error path points at (the file's top when the path leads nowhere). */
function nodeAt(parsed: ParsedYaml, at: readonly (string | number)[]): Node | undefined {
  const found = parsed.doc.getIn(at, true);
  return isNode(found) ? found : undefined;
}

function extraKeyMessage(key: unknown): string {
  const name = isScalar(key) ? String(key.value) : String(key);
  // A DVC 1 stage file (`dvc run -f x.dvc`): DVC 3 no longer runs commands from .dvc files.
  if (name === 'cmd')
    return 'A .dvc file with a `cmd` is a DVC 1 stage, which DVC 3 refuses ("extra keys not allowed, in cmd"): move the stage (its cmd, deps and outs) into dvc.yaml and delete this file.';
  return `\`${name}\` is not a key of a .dvc file; DVC 3 refuses the file ("extra keys not allowed, in ${name}"). Its keys: ${[...FILE_KEYS].join(', ')}.`;
}

interface ReadEntry {
  path: Located<string>;
  out: Output;
  recorded: RecordedEntry;
  repo: boolean;
}

function entries(parsed: ParsedYaml, node: Node | undefined, key: string, diagnostics: Diagnostic[]): ReadEntry[] {
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (!isSeq(node)) {
    diagnostics.push(problem(`\`${key}\` must be a list of entries with a \`path\`.`, nodeRange(parsed, node)));
    return [];
  }
  const read: ReadEntry[] = [];
  for (const item of node.items) {
    const map = isMap(item) ? (item as YAMLMap) : undefined;
    const pathNode = map?.get('path', true) as Node | undefined;
    const p = scalarValue(pathNode);
    if (typeof p !== 'string' || p === '') {
      diagnostics.push(problem(`each entry of \`${key}\` needs a \`path\`.`, nodeRange(parsed, item as Node)));
      continue;
    }
    const field = (k: string): unknown => scalarValue(map?.get(k, true) as Node | undefined);
    const located: Located<string> = { value: p, range: nodeRange(parsed, pathNode) };
    const recorded: RecordedEntry = { path: p };
    const md5 = field('md5');
    if (typeof md5 === 'string') recorded.md5 = md5;
    for (const k of ['size', 'nfiles'] as const) {
      const v = field(k);
      if (typeof v === 'number') recorded[k] = v;
    }
    if (field('hash') === 'md5') recorded.hash = 'md5';
    const out: Output = { kind: 'outs', path: located, cache: field('cache') !== false, persist: false, push: true };
    const desc = field('desc');
    if (typeof desc === 'string') out.desc = desc;
    read.push({ path: located, out, recorded, repo: map?.has('repo') === true });
  }
  return read;
}

function scalarValue(node: Node | undefined): unknown {
  return isScalar(node) ? node.value : undefined;
}

function origin(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function problem(message: string, range: Range = origin()): Diagnostic {
  return { code: 'dvc-file', severity: 'error', message, range };
}
