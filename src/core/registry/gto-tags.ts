// GTO's git-tag convention, as pure functions (facts checked against gto 1.10: gto/constants.py, gto/tag.py):
//   register    name@vX.Y.Z        deregister  name@vX.Y.Z!
//   assign      name#stage#N       unassign    name#stage!#N
//   deprecate   name@deprecated
// N counts the artifact's tags (highest N + 1). A nested name `dir:name` is written `dir=name` in a tag.

export type GtoAction = 'register' | 'deregister' | 'assign' | 'unassign' | 'deprecate';

export interface ParsedTag {
  /** Artifact name, nested form with ':' (e.g. `models:clf`). */
  name: string;
  action: GtoAction;
  version?: string;
  stage?: string;
  counter?: number;
}

const NAME = '[a-zA-Z0-9](?:[a-zA-Z0-9\\-/_]*[a-zA-Z0-9])?';
// A folder prefix never starts with `-`: the tag name is passed to git, where it would read as an option.
const DIRNAME = '[a-zA-Z0-9_./][a-zA-Z0-9\\-_./]*';
const SEMVER =
  '(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)\\.(?:0|[1-9]\\d*)' +
  '(?:-(?:(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?' +
  '(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?';

const NAME_RE = new RegExp(`^${NAME}$`);
const FULLNAME_RE = new RegExp(`^(?:${DIRNAME}:)?${NAME}$`);
const VERSION_RE = new RegExp(`^v${SEMVER}$`);
const TAG_RE = new RegExp(
  `^(?<artifact>(?:${DIRNAME}=)?${NAME})` +
    `(?:(?:#(?<stage>${NAME})|@(?<version>v${SEMVER}))(?<cancel>!?)|@(?<deprecated>deprecated)|@(?<created>created))` +
    `(?:#(?<counter>[0-9]+))?$`,
);

export const nameToTag = (name: string): string => name.replaceAll(':', '=');
export const tagToName = (tag: string): string => tag.replaceAll('=', ':');

const RULE = "letters, digits, '_', '-' and '/', starting and ending with a letter or digit";

/** undefined when valid; else what is wrong, for a message. */
export function checkArtifactName(name: string): string | undefined {
  return FULLNAME_RE.test(name)
    ? undefined
    : `'${name}' is not a valid model name: use ${RULE}, optionally prefixed 'folder:' for a model declared in folder/dvc.yaml`;
}

export function checkStage(stage: string): string | undefined {
  return NAME_RE.test(stage) ? undefined : `'${stage}' is not a valid stage name: use ${RULE}`;
}

export function checkVersion(version: string): string | undefined {
  return VERSION_RE.test(version)
    ? undefined
    : `'${version}' is not a valid version: GTO wants 'v' and a semantic version, e.g. v1.0.0`;
}

/** The tag's meaning, or undefined if it is not a GTO tag (GTO ignores those too). */
export function parseTag(tag: string): ParsedTag | undefined {
  const g = TAG_RE.exec(tag)?.groups;
  if (!g) return undefined;
  if (g.created) return undefined; // GTO parses it but never acts on it
  const name = tagToName(g.artifact!);
  const counter = g.counter === undefined ? undefined : Number(g.counter);
  const cancel = g.cancel === '!';
  if (g.deprecated) return { name, action: 'deprecate', counter };
  if (g.version) return { name, action: cancel ? 'deregister' : 'register', version: g.version, counter };
  return { name, action: cancel ? 'unassign' : 'assign', stage: g.stage!, counter };
}

/** The next counter for an artifact: one more than the highest counter among its tags. */
export function nextCounter(existingTags: Iterable<string>, name: string): number {
  let max = 0;
  for (const t of existingTags) {
    const p = parseTag(t);
    if (p?.name === name && p.counter !== undefined && p.counter > max) max = p.counter;
  }
  return max + 1;
}

/** Tag name for an action, formed as GTO forms it by default (register, deregister, deprecate simple; stages counted). */
export function tagName(
  action: GtoAction,
  name: string,
  opts: { version?: string; stage?: string; counter?: number },
): string {
  const a = nameToTag(name);
  switch (action) {
    case 'register':
      return `${a}@${opts.version}`;
    case 'deregister':
      return `${a}@${opts.version}!`;
    case 'deprecate':
      return `${a}@deprecated`;
    case 'assign':
      return `${a}#${opts.stage}#${opts.counter}`;
    case 'unassign':
      return `${a}#${opts.stage}!#${opts.counter}`;
  }
}

/** Semantic-version precedence of two `vX.Y.Z[-pre][+build]` strings (build metadata ignored). */
export function compareSemver(a: string, b: string): number {
  const split = (v: string) => {
    const [core, pre] = v.slice(1).split('+')[0]!.split(/-(.*)/s) as [string, string | undefined];
    return { nums: core.split('.').map(Number), pre: pre === undefined || pre === '' ? [] : pre.split('.') };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i]! - y.nums[i]!;
  if (x.pre.length === 0 || y.pre.length === 0) return y.pre.length - x.pre.length; // a release outranks its pre-releases
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

export const isSemver = (v: string): boolean => VERSION_RE.test(v);

/** Our trailer in an annotated tag's message: what GTO cannot carry — the run, the file and its hash. */
export interface TagTrailer {
  runId?: string;
  path?: string;
  md5?: string;
}

const TRAILER_KEYS = { runId: 'mlops-run-id', path: 'mlops-path', md5: 'mlops-md5' } as const;

export function formatMessage(headline: string, trailer: TagTrailer): string {
  const lines = (Object.keys(TRAILER_KEYS) as (keyof TagTrailer)[])
    .filter((k) => trailer[k] !== undefined && trailer[k] !== '')
    .map((k) => `${TRAILER_KEYS[k]}: ${trailer[k]!.replace(/[\r\n]+/g, ' ')}`);
  return lines.length > 0 ? `${headline}\n\n${lines.join('\n')}` : headline;
}

export function parseTrailer(message: string): TagTrailer {
  const out: TagTrailer = {};
  for (const line of message.split('\n')) {
    for (const [k, key] of Object.entries(TRAILER_KEYS) as [keyof TagTrailer, string][]) {
      if (line.startsWith(`${key}: `)) out[k] = line.slice(key.length + 2).trim();
    }
  }
  return out;
}
