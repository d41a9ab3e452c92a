// How a large pipeline is shown grouped: by dvc.yaml (when the workspace has more than one) and, inside a file,
// by the `foreach`/`matrix` template an expanded stage came from — the way DVC itself addresses them
// (`dvc repro train` reproduces every `train@…`, `dvc repro sub/dvc.yaml` a whole file). Labels then show only
// the part that differs between siblings (`@ml-100k` inside `split-data`), the full address staying in tooltips.
// Pure: the Pipeline view, the CodeLens and the graph read the same groups.
import { isDvcFileName } from './dvc-file';
import type { Expansion } from './model';

/** What the views know of a stage. */
export interface StageRef {
  /** DVC's address: `train@us`, or `sub/dvc.yaml:train@us` for a dvc.yaml that is not the root one. */
  id: string;
  /** The dvc.yaml it is written in, relative to the workspace folder, posix separators. */
  file: string;
  /** Its name inside that file: `train@us`. */
  name: string;
  expansion?: Expansion;
}

export interface StageLeaf<T extends StageRef> {
  kind: 'stage';
  stage: T;
  /** What the row or node says: the differing part only (`@us`), the stage name, or the full address. */
  label: string;
}

/** The expansions of one `foreach`/`matrix` template. */
export interface TemplateGroup<T extends StageRef> {
  kind: 'template';
  /** DVC's address of the template, which `dvc repro` accepts for all its expansions: `train`, `sub/dvc.yaml:train`. */
  id: string;
  file: string;
  template: string;
  expansion: Expansion['kind'];
  members: StageLeaf<T>[];
}

/** The stages of one dvc.yaml. */
export interface FileGroup<T extends StageRef> {
  kind: 'file';
  file: string;
  children: (StageLeaf<T> | TemplateGroup<T>)[];
  /** Every stage of the file, in the order given. */
  stages: T[];
}

export type StageTreeNode<T extends StageRef> = FileGroup<T> | TemplateGroup<T> | StageLeaf<T>;

/** The address of the template a stage was expanded from (`sub/dvc.yaml:train` for `sub/dvc.yaml:train@us`). */
export function templateId(stage: StageRef): string | undefined {
  if (!stage.expansion) return undefined;
  return stage.id.slice(0, stage.id.length - stage.name.length) + stage.expansion.template;
}

/**
 * The stages as a tree, in the order given (a group sits where its first member is): one group per dvc.yaml
 * when there are several files, else the file's children at the top; a template with a single expansion
 * stays a plain row (a group of one only adds a click), and so does a `.dvc` file's one stage.
 */
export function groupStages<T extends StageRef>(stages: readonly T[]): StageTreeNode<T>[] {
  const byFile = new Map<string, T[]>();
  for (const s of stages) {
    const list = byFile.get(s.file);
    if (list) list.push(s);
    else byFile.set(s.file, [s]);
  }
  const files = [...byFile].map(
    ([file, list]): FileGroup<T> => ({ kind: 'file', file, children: fileChildren(list), stages: list }),
  );
  // A `.dvc` file is one node: a row of its own, named by its path as DVC names it, never a group of one.
  const pipelines = files.filter((f) => !isDvcFileName(f.file));
  return files.flatMap((f): StageTreeNode<T>[] => {
    if (isDvcFileName(f.file)) return f.stages.map((s) => ({ kind: 'stage', stage: s, label: s.id }));
    return pipelines.length === 1 ? f.children : [f];
  });
}

function fileChildren<T extends StageRef>(stages: readonly T[]): (StageLeaf<T> | TemplateGroup<T>)[] {
  const size = new Map<string, number>();
  for (const s of stages) {
    const t = templateId(s);
    if (t !== undefined) size.set(t, (size.get(t) ?? 0) + 1);
  }
  const groups = new Map<string, TemplateGroup<T>>();
  const children: (StageLeaf<T> | TemplateGroup<T>)[] = [];
  for (const s of stages) {
    const t = templateId(s);
    if (t === undefined || !s.expansion || (size.get(t) as number) < 2) {
      children.push({ kind: 'stage', stage: s, label: s.name });
      continue;
    }
    let group = groups.get(t);
    if (!group) {
      group = {
        kind: 'template',
        id: t,
        file: s.file,
        template: s.expansion.template,
        expansion: s.expansion.kind,
        members: [],
      };
      groups.set(t, group);
      children.push(group);
    }
    group.members.push({ kind: 'stage', stage: s, label: `@${s.expansion.key}` });
  }
  return children;
}

/** Every stage under a node of the tree. */
export function stagesUnder<T extends StageRef>(node: StageTreeNode<T>): T[] {
  switch (node.kind) {
    case 'stage':
      return [node.stage];
    case 'template':
      return node.members.map((m) => m.stage);
    case 'file':
      return node.stages;
  }
}

/**
 * A label cut to `room` (measured by `widthOf`) keeping its tail from `keepFrom`: `generate-re…@ml-100k-bias` rather
 * than `generate-recs@ml-…`, since the tail is what tells siblings apart. When even the tail does not fit, the head
 * goes and the tail's end is cut (`@poprox-recent-nrms_to…`); a label with no tail is cut at its end.
 */
export function shortenKeepingTail(
  label: string,
  keepFrom: number,
  room: number,
  widthOf: (text: string) => number,
): string {
  if (widthOf(label) <= room) return label;
  const tail = label.slice(keepFrom);
  const head = label.slice(0, keepFrom);
  if (tail === '' || widthOf(`…${tail}`) > room)
    return `${longestFitting(tail || head, (h) => widthOf(`${h}…`) <= room)}…`;
  return `${longestFitting(head, (h) => widthOf(`${h}…${tail}`) <= room)}…${tail}`;
}

/** The longest prefix of `text` accepted by `fits` (prefix widths grow with length: binary search). */
function longestFitting(text: string, fits: (prefix: string) => boolean): string {
  const chars = [...text];
  let [lo, hi] = [0, chars.length];
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(chars.slice(0, mid).join(''))) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('');
}

/** Where the part that tells a stage from its siblings starts in its label (`@…` of an expansion). */
export function distinctFrom(label: string): number {
  const at = label.indexOf('@');
  return at < 0 ? label.length : at;
}

/**
 * A short label per stage for a drawing where stages are not nested under their file: the name inside its
 * dvc.yaml, or the full address when another file has a stage of the same name.
 */
export function uniqueNames(stages: readonly StageRef[]): string[] {
  const seen = new Map<string, number>();
  for (const s of stages) seen.set(s.name, (seen.get(s.name) ?? 0) + 1);
  return stages.map((s) => ((seen.get(s.name) as number) > 1 ? s.id : s.name));
}
