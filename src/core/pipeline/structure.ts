// Structural checks of dvc.yaml, driven by the declarative schema (schema.ts): unknown-key (with did-you-mean),
// invalid-type, missing-required-key, deprecated-key, invalid-value, plus name rules for stages and artifacts.
// Like DVC, types are checked on the raw YAML, before `${}` interpolation.
import { isMap, isScalar, isSeq } from 'yaml';
import type { ParsedNode } from 'yaml';
import type { Diagnostic, Fix, Range, Severity } from '../diagnostics';
import { findInterpolations } from './interpolate';
import { deref, mapEntries, nodeRange } from './parse';
import type { MapEntry, ParsedYaml } from './parse';
import { DVC_YAML } from './schema';
import { KIND_LABEL, fitting, requiredKeys, yamlKind } from './schema-match';
import { typeLabel } from './schema-types';
import type { ObjectShape, SchemaNode, YamlKind } from './schema-types';
import { suggest } from '../suggest';

// `dvc stage add` refuses any punctuation but `_` and `-` in a name. Loading such a file works (hence a warning),
// except for `@`, which DVC reads as the foreach/matrix separator and then cannot find the stage.
const BAD_STAGE_NAME = /[!-,./:-@[-^`{-~]/;
// GTO/DVC artifact names: letters, digits, `-`, `_`, `/`, starting and ending with a letter or digit.
const ARTIFACT_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9\-/_]*[a-zA-Z0-9])?$/;

/** Keys and list indexes from the root to the node checked; text only when a message needs it. */
type SchemaPathParts = Array<string | number>;

interface Walk {
  parsed: ParsedYaml;
  out: Diagnostic[];
}

export function checkStructure(parsed: ParsedYaml): Diagnostic[] {
  const walk: Walk = { parsed, out: [] };
  const root = parsed.doc.contents as ParsedNode | null;
  // An empty file (or only comments) is an empty pipeline to DVC.
  if (yamlKind(root) !== 'null') check(walk, root, DVC_YAML, [], null, 'error');
  return walk.out;
}

function check(
  w: Walk,
  node: ParsedNode | null,
  schema: SchemaNode,
  path: SchemaPathParts,
  keyNode: ParsedNode | null,
  inherited: Severity,
  kind: YamlKind = yamlKind(node),
): void {
  const severity: Severity = schema.strictness ?? inherited;
  switch (schema.type) {
    case 'any':
      return;
    case 'union': {
      const chosen = choose(w, node, schema, kind);
      // A string outside a string option's few allowed values: the union says better what was meant.
      const offEnum =
        chosen?.type === 'string' && chosen.enum && isScalar(node) && !chosen.enum.includes(String(node.value));
      if (chosen && !offEnum) check(w, node, chosen, path, keyNode, severity, kind);
      else invalidType(w, node, schema, kind, path, keyNode, severity);
      return;
    }
    case 'string':
      if (kind !== 'string') return invalidType(w, node, schema, kind, path, keyNode, severity);
      if (schema.enum && isScalar(node) && !schema.enum.includes(String(node.value))) {
        report(
          w,
          'invalid-value',
          severity,
          `\`${pathText(path)}\` must be ${typeLabel(schema)}, not \`${String(node.value)}\`.`,
          valueRange(w, node, keyNode),
        );
      }
      return;
    case 'boolean':
    case 'null':
      if (kind !== schema.type) invalidType(w, node, schema, kind, path, keyNode, severity);
      return;
    case 'list':
      if (!isSeq(node)) return invalidType(w, node, schema, kind, path, keyNode, severity);
      for (let i = 0; i < node.items.length; i++) {
        path.push(i);
        check(w, deref(w.parsed, node.items[i]), schema.items, path, null, severity);
        path.pop();
      }
      return;
    case 'map':
      if (!isMap(node)) return invalidType(w, node, schema, kind, path, keyNode, severity);
      checkMap(w, node, schema, path, keyNode, severity);
      return;
    case 'object':
      if (!isMap(node)) return invalidType(w, node, schema, kind, path, keyNode, severity);
      checkObject(w, mapEntries(w.parsed, node), schema, path, keyNode ?? firstKey(node), severity);
      return;
  }
}

/** The option of a union this node is meant to be; undefined when none accepts its kind. */
function choose(
  w: Walk,
  node: ParsedNode | null,
  schema: SchemaNode & { type: 'union' },
  kind: YamlKind,
): SchemaNode | undefined {
  const fits = fitting(schema, kind);
  if (fits.length <= 1 || !isMap(node)) return fits[0];
  const entries = mapEntries(w.parsed, node);
  for (const o of fits) {
    if (o.type === 'object' && o.when && hasAnyKey(entries, o.when)) return o;
  }
  for (const o of fits) {
    if (o.type !== 'object' || !o.when) return o;
  }
  return undefined;
}

function hasKey(entries: readonly MapEntry[], name: string): boolean {
  for (const e of entries) if (e.name === name) return true;
  return false;
}

function hasAnyKey(entries: readonly MapEntry[], names: readonly string[]): boolean {
  for (const name of names) if (hasKey(entries, name)) return true;
  return false;
}

function checkMap(
  w: Walk,
  node: ParsedNode & { items: unknown[] },
  schema: SchemaNode & { type: 'map' },
  path: SchemaPathParts,
  keyNode: ParsedNode | null,
  severity: Severity,
): void {
  const entries = isMap(node) ? mapEntries(w.parsed, node) : [];
  if (schema.minKeys && entries.length < schema.minKeys) {
    report(
      w,
      'invalid-type',
      severity,
      `\`${pathText(path)}\` is an empty mapping: write \`${schema.keyDoc}: ...\` inside it, or remove it.`,
      valueRange(w, node, keyNode),
    );
  }
  const section = path.length === 1 ? path[0] : undefined;
  for (const e of entries) {
    if (e.merged) continue;
    if (e.key && yamlKind(e.key) !== 'string') {
      report(
        w,
        'invalid-type',
        severity,
        `The ${schema.keyDoc} \`${e.name}\` in \`${pathText(path)}\` must be a string: quote it (\`"${e.name}"\`).`,
        nodeRange(w.parsed, e.key),
      );
    }
    if (section === 'stages') checkStageName(w, e);
    if (section === 'artifacts') checkArtifactName(w, e);
    path.push(e.name);
    check(w, e.value, schema.values, path, e.key, severity);
    path.pop();
  }
}

function checkObject(
  w: Walk,
  entries: MapEntry[],
  schema: SchemaNode & ObjectShape,
  path: SchemaPathParts,
  anchor: ParsedNode,
  severity: Severity,
): void {
  for (const e of entries) {
    if (e.merged) continue;
    const prop = Object.hasOwn(schema.properties, e.name) ? schema.properties[e.name] : undefined;
    if (!prop) {
      unknownKey(w, e, schema, path, severity);
      continue;
    }
    if (prop.deprecated)
      report(
        w,
        'deprecated-key',
        'warning',
        `\`${e.name}\` is deprecated: ${prop.deprecated}`,
        nodeRange(w.parsed, e.key),
      );
    path.push(e.name);
    check(w, e.value, prop.node, path, e.key, severity);
    path.pop();
  }
  for (const name of requiredKeys(schema)) {
    if (hasKey(entries, name)) continue;
    const what = path.length === 0 ? 'The file' : `\`${pathText(path)}\``;
    const hint =
      name === 'do'
        ? ': the stage template that `foreach` instantiates'
        : name === 'foreach'
          ? ': what `do` iterates over'
          : '';
    report(
      w,
      'missing-required-key',
      severity,
      `${what} needs a \`${name}\` key${hint}. Add \`${name}:\`.`,
      nodeRange(w.parsed, anchor),
    );
  }
}

/** Where to report a missing key of a mapping that has no key of its own (the file, a list item): its first key. */
function firstKey(node: ParsedNode & { items: Array<{ key: unknown }> }): ParsedNode {
  const key = node.items[0]?.key;
  return isScalar(key) || isMap(key) || isSeq(key) ? (key as ParsedNode) : node;
}

function unknownKey(
  w: Walk,
  e: MapEntry,
  schema: SchemaNode & ObjectShape,
  path: SchemaPathParts,
  severity: Severity,
): void {
  const known = Object.keys(schema.properties);
  const aliases = new Map<string, string>();
  for (const [name, prop] of Object.entries(schema.properties))
    for (const a of prop.aka ?? []) aliases.set(a.toLowerCase(), name);
  const range = nodeRange(w.parsed, e.key);
  const where = path.length === 0 ? 'at the top level of dvc.yaml' : `in \`${pathText(path)}\``;
  let message = `Unknown key \`${e.name}\` ${where}.`;
  const guesses = suggest(e.name, known, aliases);
  const fixes: Fix[] = guesses.slice(0, 3).map((g, i) => ({
    title: `Rename to \`${g}\``,
    edits: [{ range, newText: g }],
    preferred: i === 0 && guesses.length === 1,
  }));
  if (schema.when && STAGE_KEYS.has(e.name)) {
    message += ' In a `foreach` stage, stage keys go under `do:`: move it there.';
  } else if (path.length === 0 && isMap(e.value) && mapEntries(w.parsed, e.value).some((x) => x.name === 'cmd')) {
    message += ' It looks like a stage: stages go under `stages:`.';
  } else if (guesses.length > 0) {
    message += ` Did you mean ${guesses
      .slice(0, 3)
      .map((g) => `\`${g}\``)
      .join(' or ')}?`;
  } else {
    message += ` Allowed keys: ${known.map((k) => `\`${k}\``).join(', ')}.`;
  }
  w.out.push({ code: 'unknown-key', severity, message, range, ...(fixes.length > 0 ? { fixes } : {}) });
}

const STAGE_KEYS = new Set([
  'cmd',
  'wdir',
  'deps',
  'params',
  'outs',
  'metrics',
  'plots',
  'frozen',
  'always_changed',
  'desc',
  'meta',
  'vars',
  'matrix',
]);

const GROUP_KEYS = ['foreach', 'matrix'];

function checkStageName(w: Walk, e: MapEntry): void {
  if (e.name.includes('@') && !(isMap(e.value) && hasAnyKey(mapEntries(w.parsed, e.value), GROUP_KEYS))) {
    // DVC splits names at the last `@` to find foreach/matrix members, so it cannot load a plain stage named so
    // (a group named `a@b` still works: its members `a@b@key` split back to the group).
    report(
      w,
      'invalid-stage-name',
      'error',
      `Stage name \`${e.name}\` contains \`@\`, which DVC reserves for stages generated by foreach/matrix (\`name@key\`): DVC cannot find this stage. Rename it, e.g. \`${e.name.replace(/@/g, '-')}\`.`,
      nodeRange(w.parsed, e.key),
    );
    return;
  }
  const bad = BAD_STAGE_NAME.exec(e.name);
  if (!bad) return;
  // DVC loads and runs such a stage; only `:` stops it being addressed (`dvc repro data:prep` reads `data` as a
  // path), so that alone is a warning. Other punctuation (`page/movielens/index`, `v1.2`) is a hint, as DVC
  // only refuses it in `dvc stage add`.
  const unaddressable = e.name.includes(':');
  report(
    w,
    'invalid-stage-name',
    unaddressable ? 'warning' : 'hint',
    unaddressable
      ? `Stage name \`${e.name}\` contains \`:\`, which separates a dvc.yaml path from a stage name on the command line: \`dvc repro ${e.name}\` cannot address it. Rename the stage.`
      : `Stage name \`${e.name}\` contains \`${bad[0]}\`: DVC runs it, but \`dvc stage add\` only allows letters, digits, \`_\` and \`-\`.`,
    nodeRange(w.parsed, e.key),
  );
}

function checkArtifactName(w: Walk, e: MapEntry): void {
  if (ARTIFACT_NAME.test(e.name) || findInterpolations(e.name).length > 0) return;
  report(
    w,
    'invalid-artifact-name',
    'warning',
    `Artifact name \`${e.name}\` is not valid for the model registry: use letters, digits, \`-\`, \`_\`, \`/\`, starting and ending with a letter or digit.`,
    nodeRange(w.parsed, e.key),
  );
}

function invalidType(
  w: Walk,
  node: ParsedNode | null,
  schema: SchemaNode,
  kind: YamlKind,
  path: SchemaPathParts,
  keyNode: ParsedNode | null,
  severity: Severity,
): void {
  const expected = typeLabel(schema);
  const shown = isScalar(node) && kind !== 'null' ? ` (\`${truncate(String(node.source ?? node.value))}\`)` : '';
  let hint = '';
  if (schema.type === 'string' && (kind === 'number' || kind === 'boolean' || kind === 'timestamp'))
    hint = ' Quote it to make it a string.';
  else if (kind === 'null') hint = ' Give it a value or remove the key.';
  else if (schema.type === 'list') hint = ' Write it as a list: `- item` on its own line, or `[item]`.';
  const name = path.length === 0 ? 'dvc.yaml' : `\`${pathText(path)}\``;
  report(
    w,
    'invalid-type',
    severity,
    `${name} must be ${expected}, not ${KIND_LABEL[kind]}${shown}.${hint}`,
    valueRange(w, node, keyNode),
  );
}

function valueRange(w: Walk, node: ParsedNode | null, keyNode: ParsedNode | null): Range {
  // An empty value (`key:`) has an empty range right after the colon: the key is the better target.
  const empty = !node || !node.range || node.range[0] === node.range[1];
  return nodeRange(w.parsed, empty && keyNode ? keyNode : node);
}

function report(w: Walk, code: string, severity: Severity, message: string, range: Range): void {
  w.out.push({ code, severity, message, range });
}

/** `stages.train.outs[0]["model.pkl"].cache`: keys holding dots or spaces are quoted so the path stays readable. */
function pathText(path: SchemaPathParts): string {
  return path
    .map((p, i) => {
      if (typeof p === 'number') return `[${p}]`;
      if (/[.\s[\]"]/.test(p)) return `[${JSON.stringify(p)}]`;
      return i === 0 ? p : `.${p}`;
    })
    .join('');
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
