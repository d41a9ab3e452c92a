// The one diagnostic shape shared by the validator, the CLI, the language server and the extension.
// Positions are 0-based, as in LSP.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A text replacement, possibly in another file (e.g. adding a missing param to params.yaml). */
export interface TextEdit {
  /** Absolute path of the file to edit; absent means the file the diagnostic belongs to. */
  file?: string;
  range: Range;
  newText: string;
}

/** A quick fix the validator already knows how to make (did-you-mean, add missing param, ...). */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** Marks the fix an editor may apply on "fix all" / as the preferred quick fix. */
  preferred?: boolean;
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  /** Stable, documented code, e.g. `unknown-key`. */
  code: string;
  severity: Severity;
  /** What is wrong and how to fix it. */
  message: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
}
