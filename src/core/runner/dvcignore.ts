// `.dvcignore` as DVC 3 applies it when it hashes a tracked folder (dvc/ignore.py, dvc/pathspec_math.py;
// checked against real DVC in test/referee/runner-dvcignore.test.ts):
// - Rules are DVC's defaults (`.hg/`, `.git/`, `.git`, `.dvc/`) then the repository root's `.dvcignore`, then the
//   `.dvcignore` of each folder below it, in depth order; the last rule that matches a path decides. A nested
//   file's rules are re-based onto the root the way DVC does it (`/<folder>/**/<rule>` or `/<folder>/<rule>`,
//   dropping a leading backslash on the way: `\*x` there is the glob `*x`).
// - A path is ignored when it or any folder above it (relative to the root) is; so nothing re-includes a file
//   under an ignored folder, and a tracked folder that is itself ignored hashes as empty.
// - A `.dvcignore` that the rules above it ignore is not read. `.dvcignore` files above the repository root do
//   not count. A `.dvcignore` inside a tracked folder that its rules do not ignore makes DVC refuse to hash it.
// - A folder holding `.dvc` (a sub-repository) is left out; DVC only notices this for the tracked folder itself
//   when it sits directly in the root (it looks for sub-repositories among the children of folders it walked).
// - Outside any DVC repository (no `.dvc/` folder above) only the default rules apply.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compilePattern, InvalidPatternError, pyStrip } from './dvcignore-pattern';
import { readBoundedBytes } from '../bounded-read';

export const DVCIGNORE = '.dvcignore';

/** As Python's utf-8 codec: strict, and a byte order mark stays part of the first line. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface Rule {
  regex: RegExp;
  ignore: boolean;
  /** The rule ends with `/`: it applies to folders only. */
  dirOnly: boolean;
  source: RuleSource;
}

/** Where a rule was written, as DVC names it in its messages (`sub/.dvcignore:3:out.txt`). */
export interface RuleSource {
  /** As written in its file (before a nested file's rule is re-based onto the root). */
  pattern: string;
  /** The `.dvcignore` holding it (posix, relative to the repository root) and its line; none for DVC's defaults. */
  at?: { file: string; line: number };
}

/** One `.dvcignore` pattern (re-based onto the root for a nested file) with where it was written. */
interface Line {
  text: string;
  source: RuleSource;
}

export class DvcIgnoreRules {
  private constructor(
    private readonly rules: readonly Rule[],
    /** Only DVC's default rules: decided by a name's comparison, no regex. */
    readonly defaultsOnly: boolean,
  ) {}

  static readonly defaults = new DvcIgnoreRules(
    compileLines(['.hg/', '.git/', '.git', '.dvc/'].map((text) => ({ text, source: { pattern: text } }))),
    true,
  );

  /**
   * These rules followed by those of a `.dvcignore` with content `text` in folder `dir` (posix, relative to the
   * repository root; '' for the root). `file` names it in messages.
   */
  withFile(dir: string, text: string, file: string): DvcIgnoreRules {
    const own = parseLines(text, file).filter((l) => compileLine(l) !== undefined);
    if (own.length === 0) return this;
    const rebased = dir === '' ? own : own.map((l) => ({ text: rebaseRule(l.text, dir), source: l.source }));
    return new DvcIgnoreRules([...this.rules, ...compileLines(rebased)], false);
  }

  /** Whether DVC leaves out `relpath` (posix, relative to the repository root): it or a folder above it is ignored. */
  ignores(relpath: string, isDir: boolean): boolean {
    let start = 0;
    for (let cut = relpath.indexOf('/'); cut !== -1; cut = relpath.indexOf('/', start)) {
      if (this.ignoresEntry(relpath.slice(0, cut), relpath.slice(start, cut), true)) return true;
      start = cut + 1;
    }
    return this.ignoresEntry(relpath, relpath.slice(start), isDir);
  }

  /**
   * Whether `relpath`, whose folders are known not to be ignored, is: decided by the last rule matching it. `name`
   * is its last segment.
   */
  ignoresEntry(relpath: string, name: string, isDir: boolean): boolean {
    if (this.defaultsOnly) return name === '.git' || (isDir && (name === '.hg' || name === '.dvc'));
    return this.lastMatchIgnores(relpath, isDir);
  }

  private lastMatchIgnores(relpath: string, isDir: boolean): boolean {
    return this.rules[this.lastMatch(relpath, isDir)]?.ignore ?? false;
  }

  /** The index of the last rule matching `relpath` (or, for a folder, `relpath/`); -1 when none does. */
  private lastMatch(relpath: string, isDir: boolean): number {
    const asDir = isDir && !relpath.endsWith('/') ? `${relpath}/` : undefined;
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const r = this.rules[i] as Rule;
      if (r.dirOnly && !isDir) continue;
      if (r.regex.test(relpath) || (asDir !== undefined && r.regex.test(asDir))) return i;
    }
    return -1;
  }

  /**
   * The rule for which DVC ignores `relpath` (posix, relative to the repository root), or undefined when it does
   * not: the rule that ignores the first ignored folder above it, else the one that ignores the path itself
   * (dvc/ignore.py `_ignore` with details). It is the rule `dvc check-ignore` and DVC's refusal of an ignored
   * output name.
   */
  ignoredBy(relpath: string, isDir: boolean): RuleSource | undefined {
    for (let cut = relpath.indexOf('/'); cut !== -1; cut = relpath.indexOf('/', cut + 1)) {
      const rule = this.ignoringRule(relpath.slice(0, cut), true);
      if (rule) return rule;
    }
    return this.ignoringRule(relpath, isDir);
  }

  /**
   * The rule that decides that `relpath` is ignored, named as DVC names it. DVC joins each run of consecutive
   * ignoring rules of one kind (folder-only or not) into one alternation, so of the run holding the deciding
   * rule it names the first that matches the path, else the first that matches the path with a `/`.
   */
  private ignoringRule(relpath: string, isDir: boolean): RuleSource | undefined {
    const last = this.lastMatch(relpath, isDir);
    const decider = this.rules[last];
    if (!decider?.ignore) return undefined;
    let first = last;
    while (first > 0 && this.rules[first - 1]?.ignore && this.rules[first - 1]?.dirOnly === decider.dirOnly) first--;
    const run = this.rules.slice(first, last + 1);
    const named = run.find((r) => r.regex.test(relpath)) ?? run.find((r) => r.regex.test(`${relpath}/`));
    return (named ?? decider).source;
  }
}

/** A `.dvcignore`'s patterns as DVC reads them: each line stripped of surrounding whitespace, blanks and `#` lines dropped. */
function parseLines(text: string, file: string): Line[] {
  const lines: Line[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = pyStrip(raw);
    if (line !== '' && !line.startsWith('#'))
      lines.push({ text: line, source: { pattern: line, at: { file, line: i + 1 } } });
  });
  return lines;
}

function compileLine(line: Line): Rule | undefined {
  try {
    const c = compilePattern(line.text);
    return c && { regex: c.regex, ignore: c.ignore, dirOnly: line.text.endsWith('/'), source: line.source };
  } catch (e) {
    if (!(e instanceof InvalidPatternError)) throw e;
    const at = line.source.at ? `${line.source.at.file}:${line.source.at.line}` : 'DVC default';
    throw new InvalidPatternError(`${at}: ${e.message} (DVC stops on it too: fix or remove the line)`);
  }
}

function compileLines(lines: readonly Line[]): Rule[] {
  return lines.map(compileLine).filter((r): r is Rule => r !== undefined);
}

/** DVC's `change_rule`: a rule of the `.dvcignore` in folder `dir` as a rule of the repository root. */
export function rebaseRule(rule: string, dir: string): string {
  let text = pyStrip(rule);
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  const anchored = text.slice(0, -1).includes('/') && !text.startsWith('**/');
  if (anchored && text.startsWith('/')) text = text.slice(1);
  if (!anchored && text.startsWith('**/')) text = text.slice(3);
  if (text.startsWith('\\')) text = text.slice(1);
  const based = `/${dir}${anchored ? '/' : '/**/'}${text}`;
  return negated ? `!${based}` : based.slice(1);
}

/** Where a walk of a tracked folder starts: the rules for its entries and its path relative to the root. */
export interface IgnoreScope {
  rules: DvcIgnoreRules;
  /** Posix path of the folder relative to the repository root ('' for the root itself, or outside any repository). */
  rel: string;
  /** Inside a DVC repository: nested `.dvcignore` files and sub-repositories count. */
  inRepo: boolean;
}

/**
 * Finds the scope of walks of tracked folders, reading each folder's `.dvcignore` above them once (as DVC does
 * once per command): one reader per status or run.
 */
export class DvcIgnoreReader {
  private readonly roots = new Map<string, string | undefined>();
  /** Per folder at or below a repository root: the rules for its entries (its own `.dvcignore` included). */
  private readonly rules = new Map<string, DvcIgnoreRules>();
  private readonly subrepos = new Map<string, boolean>();

  /**
   * The scope of a walk of the folder `absDir` (absolute, normalised); undefined when DVC ignores the folder
   * itself (it then hashes as an empty folder).
   */
  scope(absDir: string): IgnoreScope | undefined {
    const root = this.root(absDir);
    if (root === undefined) return { rules: DvcIgnoreRules.defaults, rel: '', inRepo: false };
    const rel = path.relative(root, absDir).split(path.sep).join('/');
    if (rel === '') return { rules: this.rulesAt(root, ''), rel, inRepo: true };
    // DVC looks for sub-repositories among the root's children when it starts.
    if (this.isSubrepo(path.join(root, rel.split('/')[0] as string))) return undefined;
    const rules = this.rulesAt(absDir, rel);
    return rules.ignores(rel, true) ? undefined : { rules, rel, inRepo: true };
  }

  /**
   * Why DVC refuses a stage output at `abs` (absolute, normalised) of a dvc.yaml in folder `pipelineDir`: the
   * rule that ignores it, whose file is relative to `root`; undefined when DVC accepts it (dvc/output.py
   * `_validate_output_path`). The output is matched as a folder only when it is one now, so a folder-only rule
   * (`out/`) refuses it once it exists, as with DVC. Outside a DVC repository nothing is refused.
   */
  outputIgnoredBy(abs: string, pipelineDir: string): { root: string; rule: RuleSource } | undefined {
    const root = this.root(pipelineDir);
    if (root === undefined) return undefined;
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (rel === '' || rel === '..' || rel.startsWith('../') || path.isAbsolute(rel)) return undefined;
    const cut = rel.lastIndexOf('/');
    const parent = cut === -1 ? '' : rel.slice(0, cut);
    const isDir = fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false;
    const rule = this.rulesAt(path.join(root, parent), parent).ignoredBy(rel, isDir);
    return rule && { root, rule };
  }

  /** The nearest folder at or above `dir` that holds a `.dvc/` folder: DVC's repository root. */
  private root(dir: string): string | undefined {
    if (this.roots.has(dir)) return this.roots.get(dir);
    const parent = path.dirname(dir);
    const found = fs.statSync(path.join(dir, '.dvc'), { throwIfNoEntry: false })?.isDirectory()
      ? dir
      : parent === dir
        ? undefined
        : this.root(parent);
    this.roots.set(dir, found);
    return found;
  }

  /** The rules for the entries of `absDir`, at `rel` from the repository root. */
  private rulesAt(absDir: string, rel: string): DvcIgnoreRules {
    let rules = this.rules.get(absDir);
    if (rules) return rules;
    const parentRules =
      rel === ''
        ? DvcIgnoreRules.defaults
        : this.rulesAt(path.dirname(absDir), rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : '');
    rules = withDvcIgnore(parentRules, absDir, rel);
    this.rules.set(absDir, rules);
    return rules;
  }

  private isSubrepo(dir: string): boolean {
    let known = this.subrepos.get(dir);
    if (known === undefined) this.subrepos.set(dir, (known = fs.existsSync(path.join(dir, '.dvc'))));
    return known;
  }
}

/**
 * `rules` with those of the `.dvcignore` in folder `absDir` (at `rel` from the root) when there is one and
 * `rules` do not ignore it.
 */
export function withDvcIgnore(rules: DvcIgnoreRules, absDir: string, rel: string): DvcIgnoreRules {
  const relFile = rel === '' ? DVCIGNORE : `${rel}/${DVCIGNORE}`;
  if (rules.ignores(relFile, false)) return rules;
  const file = path.join(absDir, DVCIGNORE);
  // Checked first: most folders have none, and a thrown ENOENT costs more than the check.
  if (!fs.existsSync(file)) return rules;
  const bytes = readBoundedBytes(file);
  if (!bytes.ok) throw new Error(bytes.message);
  let text: string;
  try {
    text = UTF8.decode(bytes.bytes);
  } catch {
    throw new Error(`${file} is not valid UTF-8 (DVC cannot read it either): save it as UTF-8`);
  }
  return rules.withFile(rel, text, relFile);
}
