// The schemas DVC 3 checks a stage file against whenever it loads one (dvc/dvcfile.py SingleStageFile and
// ProjectFile → dvc/utils/strictyaml.py load → voluptuous), kept as DVC states them (dvc/schema.py
// SINGLE_STAGE_SCHEMA for a `.dvc` file, an entry of `outs` being dvc/output.py SCHEMA, one of `deps`
// dvc/dependency SCHEMA; MULTI_STAGE_SCHEMA for a dvc.yaml, as written: `${}` not yet interpolated, so
// `frozen: ${flag}` is a str where a bool is due) and judged as voluptuous judges:
// a key the schema lacks is an error ("extra keys not allowed"), types are Python's (`bool` counts as `int`, a
// plain `2024-01-01` is a date, not a `str`), an `Any` reports its alternative that went deepest, and a list
// stops at its first entry whose own keys fail while it only counts the entries that are not even mappings.
// DVC names the count in its message (`'./x.dvc' validation failed: 6 errors`), so the count is what matters
// here; each error also keeps its path and a message for the editor's diagnostics.
import { isMap, isScalar, isSeq, type Scalar } from 'yaml';
import { deref, mapEntries, type ParsedYaml } from './parse';
import { isFloatSource } from './yaml-scalars';

export interface SchemaError {
  /** Keys and list indexes from the file's top, as DVC prints them (`outs -> 0 -> metric`). */
  path: (string | number)[];
  message: string;
}

/** The errors DVC finds in a parsed `.dvc` file; none when it loads. An empty file loads (nothing to check). */
export function dvcFileSchemaErrors(parsed: ParsedYaml): SchemaError[] {
  return schemaErrors(parsed, SINGLE_STAGE);
}

/** The errors DVC finds in a parsed dvc.yaml; none when it loads. */
export function pipelineSchemaErrors(parsed: ParsedYaml): SchemaError[] {
  return schemaErrors(parsed, MULTI_STAGE);
}

function schemaErrors(parsed: ParsedYaml, schema: Validator): SchemaError[] {
  const root = loaded(parsed, parsed.doc.contents, 0);
  if (root.t === 'null') return [];
  return schema(root, [])?.errors ?? [];
}

/** A loaded YAML value as Python sees its type (ruamel's safe loader: YAML 1.2, timestamps resolved). */
type Loaded =
  | { t: 'null' | 'bool' | 'float' | 'date' | 'other' }
  | { t: 'int'; digits: string }
  | { t: 'str'; value: string }
  | { t: 'list'; items: Loaded[] }
  | { t: 'map'; entries: [Loaded, Loaded][] };

// YAML's timestamp, which ruamel resolves to a date or datetime even under YAML 1.2.
const TIMESTAMP =
  /^(?:\d{4}-\d\d-\d\d|\d{4}-\d\d?-\d\d?(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)$/;
/** Deeper than any real `.dvc` file; a hostile one is cut there (its deeper values read as null). */
const MAX_DEPTH = 64;

function loaded(parsed: ParsedYaml, raw: unknown, depth: number): Loaded {
  const node = deref(parsed, raw);
  if (depth > MAX_DEPTH) return { t: 'null' };
  if (isMap(node))
    return {
      t: 'map',
      entries: mapEntries(parsed, node).map((e) => [
        e.key === null ? { t: 'null' } : loaded(parsed, e.key, depth + 1),
        loaded(parsed, e.value, depth + 1),
      ]),
    };
  if (isSeq(node)) return { t: 'list', items: node.items.map((item) => loaded(parsed, item, depth + 1)) };
  return isScalar(node) ? scalar(node) : { t: 'null' };
}

function scalar(node: Scalar): Loaded {
  const v = node.value;
  if (v === null || v === undefined) return { t: 'null' };
  if (typeof v === 'boolean') return { t: 'bool' };
  if (typeof v === 'bigint') return { t: 'int', digits: v.toString() };
  if (typeof v === 'number')
    return isFloatSource(node.source ?? '') || !Number.isInteger(v)
      ? { t: 'float' }
      : { t: 'int', digits: BigInt(v).toString() };
  if (typeof v === 'string') return node.type === 'PLAIN' && TIMESTAMP.test(v) ? { t: 'date' } : { t: 'str', value: v };
  return { t: 'other' };
}

type Path = (string | number)[];
/** What a voluptuous validator raises: its errors, and the path it is raised at (its first error's). */
type Failure = { errors: SchemaError[]; path: Path };
type Validator = (value: Loaded, at: Path) => Failure | undefined;

function fail(at: Path, message: string): Failure {
  return { errors: [{ path: at, message }], path: at };
}

/** An isinstance test: `int` takes a bool (Python's bool is an int), `object` takes anything. */
function type(name: 'str' | 'bool' | 'int' | 'dict' | 'list' | 'object'): Validator {
  const accepts = (t: Loaded['t']): boolean =>
    name === 'object' || t === name || (name === 'int' && t === 'bool') || (name === 'dict' && t === 'map');
  return (value, at) => (accepts(value.t) ? undefined : fail(at, `expected ${name}`));
}

const STR = type('str');
const BOOL = type('bool');
const INT = type('int');
const DICT = type('dict');
const LIST = type('list');
const OBJECT = type('object');
const NONE: Validator = (value, at) => (value.t === 'null' ? undefined : fail(at, 'expected None'));

/** voluptuous `Any`: the first alternative that passes, else the failure raised deepest (the first of equals). */
function any(...alternatives: Validator[]): Validator {
  return (value, at) => {
    let deepest: Failure | undefined;
    for (const alternative of alternatives) {
      const failure = alternative(value, at);
      if (!failure) return undefined;
      if (!deepest || failure.path.length > deepest.path.length) deepest = failure;
    }
    return deepest;
  };
}

/** voluptuous `[schema]`: a list; an entry failing inside stops it with that entry's errors, others count once. */
function list(item: Validator): Validator {
  return (value, at) => {
    if (value.t !== 'list') return fail(at, 'expected a list');
    const counted: SchemaError[] = [];
    for (const [i, child] of value.items.entries()) {
      const failure = item(child, [...at, i]);
      if (!failure) continue;
      if (failure.path.length > at.length + 1) return failure;
      counted.push({ path: [...at, i], message: failure.errors[0]?.message ?? 'invalid list value' });
    }
    return counted.length > 0 ? { errors: counted, path: counted[0]!.path } : undefined;
  };
}

interface MappingSchema {
  keys: Record<string, Validator>;
  required?: readonly string[];
  /** A validator for every other string key (`{str: …}`). */
  anyKey?: Validator;
  /** `{Required(str): …}`: at least one string key. */
  anyKeyRequired?: boolean;
}

/** voluptuous's dict schema: every key known and its value valid, required keys present; all errors kept. */
function mapping({ keys, required = [], anyKey, anyKeyRequired = false }: MappingSchema): Validator {
  return (value, at) => {
    if (value.t !== 'map') return fail(at, 'expected a dictionary');
    const errors: SchemaError[] = [];
    const seen = new Set<string>();
    for (const [key, child] of value.entries) {
      const name = key.t === 'str' ? key.value : undefined;
      const check = name === undefined ? undefined : Object.hasOwn(keys, name) ? keys[name] : anyKey;
      const keyPath = [...at, name ?? '?'];
      if (name !== undefined) seen.add(name);
      if (!check) {
        errors.push({ path: keyPath, message: 'extra keys not allowed' });
        continue;
      }
      const failure = check(child, keyPath);
      if (failure) errors.push(...failure.errors);
    }
    for (const key of required)
      if (!seen.has(key)) errors.push({ path: [...at, key], message: 'required key not provided' });
    if (anyKeyRequired && ![...seen].some((key) => !Object.hasOwn(keys, key)))
      errors.push({ path: [...at, '<str>'], message: 'required key not provided' });
    return errors.length > 0 ? { errors, path: errors[0]!.path } : undefined;
  };
}

/** dvc/output.py CHECKSUM_SCHEMA: None, '' or a text (or an int's digits) of at least 3 characters. */
const CHECKSUM: Validator = (value, at) => {
  // Python counts characters, not UTF-16 units.
  const length = value.t === 'str' ? [...value.value].length : -1;
  if (value.t === 'null' || length === 0 || length >= 3) return undefined;
  if (value.t === 'int' && value.digits.length >= 3) return undefined;
  // str(True) and str(False) are long enough.
  if (value.t === 'bool') return undefined;
  return fail(at, 'expected a checksum (a text of at least 3 characters)');
};

const CHECKSUMS = { md5: CHECKSUM, checksum: CHECKSUM, etag: CHECKSUM };
const META = { size: INT, nfiles: INT, isexec: BOOL, version_id: STR };

/** dvc/output.py CLOUD_SCHEMA: one remote's name → its meta and checksums. */
const CLOUD: Validator = (value, at) => {
  const failure = mapping({ keys: {}, anyKey: mapping({ keys: { ...META, ...CHECKSUMS } }) })(value, at);
  if (failure) return failure;
  return value.t === 'map' && value.entries.length > 1 ? fail(at, 'length of value must be at most 1') : undefined;
};

const DIR_FILES = mapping({ keys: { ...CHECKSUMS, ...META, relpath: STR, cloud: CLOUD }, required: ['relpath'] });
/** dvc/output.py ARTIFACT_SCHEMA, shared by outputs and dependencies. */
const ARTIFACT = { ...CHECKSUMS, ...META, path: STR, persist: BOOL, cloud: CLOUD, hash: STR };
const ANNOTATION = { desc: STR, type: STR, labels: list(STR), meta: OBJECT };

const OUTPUT = mapping({
  keys: { ...ARTIFACT, ...ANNOTATION, cache: BOOL, remote: STR, push: BOOL, files: list(DIR_FILES), fs_config: DICT },
});
const STR_OR_DICT = any(STR, DICT);
const DEPENDENCY = mapping({
  keys: {
    ...ARTIFACT,
    repo: mapping({ keys: { url: STR, rev: STR, rev_lock: STR, config: STR_OR_DICT, remote: STR_OR_DICT } }),
    db: mapping({ keys: { query: STR, connection: STR, file_format: STR, table: STR } }),
    files: list(DIR_FILES),
    fs_config: DICT,
  },
});

/** dvc/schema.py SINGLE_STAGE_SCHEMA (DVC 3: no `cmd`; `locked` is DVC 0's `frozen`). */
const SINGLE_STAGE = mapping({
  keys: {
    md5: CHECKSUM,
    wdir: any(STR, NONE),
    deps: any(list(DEPENDENCY), NONE),
    outs: any(list(OUTPUT), NONE),
    locked: BOOL,
    frozen: BOOL,
    meta: OBJECT,
    always_changed: BOOL,
    desc: STR,
  },
});

/** The keys of a `.dvc` file, for messages. */
export const DVC_FILE_KEYS = ['md5', 'wdir', 'deps', 'outs', 'locked', 'frozen', 'meta', 'always_changed', 'desc'];

/** `{str: value}`: any string keys, each value checked. */
const named = (value: Validator): Validator => mapping({ keys: {}, anyKey: value });

/** dvc/schema.py OUT_PSTAGE_DETAILED_SCHEMA's inner mapping: an output's options in a dvc.yaml stage. */
const OUT_OPTIONS = { ...ANNOTATION, cache: BOOL, persist: BOOL, checkpoint: BOOL, remote: STR, push: BOOL };
const OUT_DETAILED = named(mapping({ keys: OUT_OPTIONS }));
const PLOT_PROPS = mapping({
  keys: { ...OUT_OPTIONS, template: STR, x: STR, y: STR, x_label: STR, y_label: STR, title: STR, header: BOOL },
});
const VARS = list(any(STR, DICT));

/** dvc/schema.py STAGE_DEFINITION: a dvc.yaml stage (or a foreach's `do`). */
const STAGE_DEFINITION = mapping({
  keys: {
    matrix: named(any(STR, LIST)),
    cmd: any(STR, LIST),
    wdir: STR,
    deps: list(STR),
    params: list(any(STR, DICT)),
    vars: VARS,
    frozen: BOOL,
    meta: OBJECT,
    desc: STR,
    always_changed: BOOL,
    outs: list(any(STR, OUT_DETAILED)),
    metrics: list(any(STR, OUT_DETAILED)),
    plots: list(any(STR, named(any(PLOT_PROPS, list(PLOT_PROPS))))),
  },
  required: ['cmd'],
});
const FOREACH_IN = mapping({
  keys: { foreach: any(DICT, LIST, STR), do: STAGE_DEFINITION },
  required: ['foreach', 'do'],
});
/** dvc/schema.py either_or: a mapping naming `foreach` or `do` is a foreach stage, anything else a stage. */
const STAGE: Validator = (value, at) =>
  value.t === 'map' && value.entries.some(([k]) => k.t === 'str' && (k.value === 'foreach' || k.value === 'do'))
    ? FOREACH_IN(value, at)
    : STAGE_DEFINITION(value, at);

/** dvc/schema.py PLOT_DEFINITION, a top-level plot's options. */
const PLOT_DEFINITION = mapping({
  keys: {
    x: any(STR, named(STR)),
    y: any(STR, list(STR), named(any(STR, list(STR)))),
    x_label: STR,
    y_label: STR,
    title: STR,
    template: STR,
  },
});

/** dvc/schema.py MULTI_STAGE_SCHEMA: a dvc.yaml. */
const MULTI_STAGE = mapping({
  keys: {
    datasets: OBJECT,
    plots: list(any(STR, mapping({ keys: {}, anyKey: any(PLOT_DEFINITION, NONE), anyKeyRequired: true }))),
    stages: named(STAGE),
    vars: VARS,
    params: list(STR),
    metrics: list(STR),
    // dvc/annotations.py ARTIFACT_SCHEMA.
    artifacts: named(mapping({ keys: { path: STR, ...ANNOTATION }, required: ['path'] })),
  },
});
