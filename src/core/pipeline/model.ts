// The typed pipeline model every consumer reads: validator, graph, runner, language server, CLI.
// Built from dvc.yaml after foreach/matrix expansion and `${}` interpolation; every value keeps the
// range of the text it came from (for an expanded stage, the range inside its template).
import type { Diagnostic, Range } from '../diagnostics';

/** A value and where it was written. */
export interface Located<T> {
  value: T;
  range: Range;
}

export type OutputKind = 'outs' | 'metrics' | 'plots';

export interface Output {
  kind: OutputKind;
  /** As written (after interpolation), relative to the stage's wdir. */
  path: Located<string>;
  cache: boolean;
  persist: boolean;
  push: boolean;
  remote?: string;
  desc?: string;
  /** A `plots:` output's display options as written under its path (after `${}`); absent for other kinds. */
  plot?: StagePlotOptions;
}

/** What a stage may say about how its plot file is drawn (DVC's PLOT_PROPS); `dvc plots` reads the same keys. */
export interface StagePlotOptions {
  x?: string;
  y?: string;
  template?: string;
  title?: string;
  x_label?: string;
  y_label?: string;
  /** CSV/TSV only: false when the first row is data, not column names. */
  header?: boolean;
}

/** One entry of a stage's `params:`. */
export interface ParamRef {
  /** Params file relative to the stage's wdir; `params.yaml` when the entry names no file. */
  file: Located<string>;
  /** A dotted key such as `train.lr`; absent when the whole file is a dependency (`- params.json:`). */
  key?: Located<string>;
}

/** How an expanded stage came from its template (`train@us` from `foreach`, `train@lr0.1-bs32` from `matrix`). */
export interface Expansion {
  kind: 'foreach' | 'matrix';
  /** The name of the template stage, e.g. `train`. */
  template: string;
  /** The key after `@`. */
  key: string;
}

export interface Stage {
  /** Full name, e.g. `train` or `train@us`. */
  name: string;
  /** Range of the stage's key in dvc.yaml. */
  nameRange: Range;
  /** Range of the whole stage definition. */
  range: Range;
  expansion?: Expansion;
  /** One or more commands, run in order. */
  cmd: Located<string>[];
  /** dvc.yaml wrote `cmd` as a list (even of one); dvc.lock keeps that form and DVC compares it as written. */
  cmdList?: boolean;
  /** Working directory relative to the dvc.yaml folder, posix separators, `.` by default. */
  wdir: string;
  deps: Located<string>[];
  params: ParamRef[];
  outs: Output[];
  frozen: boolean;
  alwaysChanged: boolean;
  desc?: string;
}

export interface Pipeline {
  /** Absolute path of the dvc.yaml file. */
  file: string;
  /** Absolute path of its folder. */
  dir: string;
  stages: Stage[];
  /** Problems found while parsing, expanding and reading the file (structure and interpolation). */
  diagnostics: Diagnostic[];
  /**
   * Present when the file is a `.dvc` file rather than a dvc.yaml (dvc-file.ts): its one stage has no cmd, and
   * the hashes it records — what dvc.lock records for a dvc.yaml stage — are here.
   */
  dataSource?: DataSource;
}

/** How a `.dvc` file came to be: `dvc add`, `dvc import` (`deps` with `repo:`) or `dvc import-url`. */
export type DataSourceKind = 'add' | 'import' | 'import-url';

/** An output or dependency of a `.dvc` file as it records it (DVC 2 files have no `hash: md5`). */
export interface RecordedEntry {
  /** As written, relative to the file's folder (and its `wdir`). */
  path: string;
  md5?: string;
  size?: number;
  nfiles?: number;
  hash?: 'md5';
}

export interface DataSource {
  kind: DataSourceKind;
  outs: RecordedEntry[];
  /** The local dependency of an `import-url` of a path (hashed by DVC); a URL's or another repository's is not here. */
  deps: RecordedEntry[];
}
