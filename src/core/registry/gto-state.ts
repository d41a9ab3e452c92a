// The registry state GTO derives from annotated tags, as a pure function (rules read in gto/base.py and
// gto/api.py, `gto show` defaults: newest assignment wins a stage, one version per stage, deprecated hidden).
// Times are whole seconds (tagger dates); on equal seconds we follow GTO's own ordering of ties.
import { compareSemver, isSemver, parseTag, parseTrailer, type ParsedTag, type TagTrailer } from './gto-tags';

export interface TagRecord {
  tag: string;
  /** The commit the tag points at (peeled). */
  commit: string;
  /** Tagger date, seconds since epoch. */
  time: number;
  message: string;
  /** Only annotated tags count for GTO. */
  annotated: boolean;
}

interface Event {
  time: number;
  record: TagRecord;
}

interface StageState {
  stage: string;
  assignments: Event[];
  unassignments: Event[];
}

interface VersionState {
  version: string;
  commit: string;
  registrations: Event[];
  deregistrations: Event[];
  /** In order of first event, as GTO's dict. */
  stages: Map<string, StageState>;
}

interface ArtifactState {
  name: string;
  versions: VersionState[];
  deprecations: Event[];
}

export interface GtoVersion {
  version: string;
  commit: string;
  registered: boolean;
  stages: string[];
  /** Seconds since epoch of the first registration (or first event). */
  createdAt: number;
  /** From the latest registration tag's message. */
  trailer: TagTrailer;
}

export interface GtoArtifact {
  name: string;
  active: boolean;
  /** Active versions, newest semantic version first. */
  versions: GtoVersion[];
  /** stage → the version holding it. */
  stages: Record<string, string>;
}

/** Python's `sorted(xs, key=time)[::-1]`: newest first, and equal times in reverse of input order. */
function newestFirst<T>(xs: T[], time: (x: T) => number): T[] {
  return [...xs].sort((a, b) => time(a) - time(b)).reverse();
}

const latestOf = (events: Event[]): number => Math.max(...events.map((e) => e.time));

function versionActive(v: VersionState): boolean {
  const direct = newestFirst(
    [...v.registrations.map((e) => ({ e, reg: true })), ...v.deregistrations.map((e) => ({ e, reg: false }))],
    (x) => x.e.time,
  );
  return direct.length > 0 ? direct[0]!.reg : v.stages.size > 0;
}

function stageActive(s: StageState): boolean {
  const events = newestFirst(
    [...s.assignments.map((e) => ({ e, on: true })), ...s.unassignments.map((e) => ({ e, on: false }))],
    (x) => x.e.time,
  );
  return events[0]?.on ?? false;
}

function sortVersions(vs: VersionState[]): VersionState[] {
  const semver = vs.filter((v) => isSemver(v.version)).sort((a, b) => compareSemver(b.version, a.version));
  const other = vs
    .filter((v) => !isSemver(v.version))
    .sort((a, b) => (a.version < b.version ? 1 : a.version > b.version ? -1 : 0));
  return [...semver, ...other];
}

function apply(artifacts: Map<string, ArtifactState>, parsed: ParsedTag, event: Event): void {
  let a = artifacts.get(parsed.name);
  if (!a) artifacts.set(parsed.name, (a = { name: parsed.name, versions: [], deprecations: [] }));
  if (parsed.action === 'deprecate') {
    a.deprecations.push(event);
    return;
  }
  const commit = event.record.commit;
  const byVersion =
    parsed.version === undefined
      ? undefined
      : a.versions.find((v) => v.version === parsed.version && v.commit === commit);
  const version =
    byVersion ??
    (parsed.version === undefined ? a.versions.find((v) => v.commit === commit) : undefined) ??
    ((): VersionState => {
      const v: VersionState = {
        version: parsed.version ?? commit,
        commit,
        registrations: [],
        deregistrations: [],
        stages: new Map(),
      };
      a.versions.push(v);
      return v;
    })();
  if (parsed.action === 'register') version.registrations.push(event);
  else if (parsed.action === 'deregister') version.deregistrations.push(event);
  else {
    const stage = parsed.stage!;
    let s = version.stages.get(stage);
    if (!s) version.stages.set(stage, (s = { stage, assignments: [], unassignments: [] }));
    (parsed.action === 'assign' ? s.assignments : s.unassignments).push(event);
  }
}

/** Every artifact named in the tags (deprecated ones too, marked inactive). */
export function gtoState(tags: readonly TagRecord[]): GtoArtifact[] {
  const ordered = tags
    .filter((t) => t.annotated)
    .map((record) => ({ record, parsed: parseTag(record.tag) }))
    .filter((x): x is { record: TagRecord; parsed: ParsedTag } => x.parsed !== undefined)
    .sort((x, y) => x.record.time - y.record.time || (x.parsed.counter ?? 0) - (y.parsed.counter ?? 0));
  const artifacts = new Map<string, ArtifactState>();
  for (const { record, parsed } of ordered) apply(artifacts, parsed, { time: record.time, record });

  return [...artifacts.values()].map((a) => {
    const listed = sortVersions(a.versions.filter(versionActive));
    // Active stage assignments, newest first; the first one seen for a stage holds it.
    const candidates = listed.flatMap((v) =>
      [...v.stages.values()]
        .filter(stageActive)
        .map((s) => ({ version: v.version, stage: s.stage, time: latestOf(s.assignments) }))
        .sort((x, y) => x.time - y.time),
    );
    const holders: Record<string, string> = {};
    for (const c of newestFirst(candidates, (x) => x.time)) holders[c.stage] ??= c.version;
    const otherEvents = a.versions.flatMap((v) => [
      ...v.registrations,
      ...v.deregistrations,
      ...[...v.stages.values()].flatMap((s) => [...s.assignments, ...s.unassignments]),
    ]);
    // Deprecated when the newest event is a deprecation (on equal seconds GTO puts version events first).
    const active =
      a.deprecations.length === 0 || (otherEvents.length > 0 && latestOf(otherEvents) >= latestOf(a.deprecations));
    return {
      name: a.name,
      active,
      stages: Object.fromEntries(Object.entries(holders).sort(([x], [y]) => x.localeCompare(y))),
      versions: listed.map((v) => {
        const lastRegistration = newestFirst(v.registrations, (e) => e.time)[0];
        const first = [...v.registrations, ...[...v.stages.values()].flatMap((s) => s.assignments)].sort(
          (x, y) => x.time - y.time,
        )[0];
        return {
          version: v.version,
          commit: v.commit,
          registered: v.registrations.length > 0,
          stages: Object.entries(holders)
            .filter(([, holder]) => holder === v.version)
            .map(([stage]) => stage),
          createdAt: first?.time ?? 0,
          trailer: lastRegistration ? parseTrailer(lastRegistration.record.message) : {},
        };
      }),
    };
  });
}
