// Core shapes → LSP shapes. Core positions are already 0-based LSP positions; only paths become URIs.
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CreateFile,
  DiagnosticSeverity,
  TextDocumentEdit,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Fix, Severity } from '../core/diagnostics';

export const SOURCE = 'mlops';

export const toUri = (path: string): string => pathToFileURL(path).href;

/** The absolute path of a file: URI, or undefined for other schemes (untitled, git, ...). */
export function toPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `data` carries the fixes so codeAction can answer from the diagnostic the client sends back. */
export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: SOURCE,
    message: d.message,
    ...(d.related && d.related.length > 0
      ? {
          relatedInformation: d.related.map((r) => ({
            location: { uri: toUri(r.file), range: r.range },
            message: r.message,
          })),
        }
      : {}),
  };
}

/**
 * A core Fix as a quick fix; edits without a file apply to `file`. A fix that writes into a file that does not
 * exist yet (e.g. a new params file) creates it first.
 */
export function fixToCodeAction(
  fix: Fix,
  file: string,
  diagnostic: LspDiagnostic | undefined,
  exists: (path: string) => boolean,
): CodeAction {
  const byFile = new Map<string, LspTextEdit[]>();
  for (const e of fix.edits) {
    const target = e.file ?? file;
    byFile.set(target, [...(byFile.get(target) ?? []), { range: e.range, newText: e.newText }]);
  }
  const missing = [...byFile.keys()].filter((f) => !exists(f));
  const edit: WorkspaceEdit =
    missing.length === 0
      ? { changes: Object.fromEntries([...byFile].map(([f, edits]) => [toUri(f), edits])) }
      : {
          documentChanges: [
            ...missing.map((f) => CreateFile.create(toUri(f), { ignoreIfExists: true })),
            ...[...byFile].map(([f, edits]) => TextDocumentEdit.create({ uri: toUri(f), version: null }, edits)),
          ],
        };
  return {
    title: fix.title,
    kind: 'quickfix',
    edit,
    ...(diagnostic ? { diagnostics: [diagnostic] } : {}),
    ...(fix.preferred ? { isPreferred: true } : {}),
  };
}
