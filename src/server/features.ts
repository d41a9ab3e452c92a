// The editor features: each handler turns an LSP request into a call of a pure function in core/pipeline/ide
// (dvc.yaml) or core/diff (metrics and params files) and its answer back into LSP shapes. Guarded: a failure
// answers "nothing".
import {
  CompletionItemKind,
  FoldingRangeKind,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CompletionItem,
  type DocumentSymbol,
  type Location,
} from 'vscode-languageserver/node';
import type { Diagnostic } from '../core/diagnostics';
import { complete, type CompletionKind } from '../core/pipeline/ide/completion';
import type { IdeDocument } from '../core/pipeline/ide/document';
import { hover } from '../core/pipeline/ide/hover';
import { definition, links, references, type FileLocation } from '../core/pipeline/ide/navigate';
import { folds, outline, type OutlineItem, type OutlineKind } from '../core/pipeline/ide/outline';
import { suppressFix } from '../core/pipeline/ide/suppress';
import { isPipelineFile } from './analysis';
import { fixToCodeAction, SOURCE, toPath, toUri } from './convert';
import type { Session } from './session';
import { ValueHovers } from './value-hover';

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  param: CompletionItemKind.Variable,
  variable: CompletionItemKind.Variable,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  output: CompletionItemKind.Reference,
};

const SYMBOL_KIND: Record<OutlineKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  stage: SymbolKind.Function,
  expansion: SymbolKind.Event,
  artifact: SymbolKind.Object,
  plot: SymbolKind.Field,
  entry: SymbolKind.Field,
};

export function registerFeatures(session: Session): void {
  const c = session.connection;
  const withDoc = <T>(name: string, uri: string, fallback: T, fn: (doc: IdeDocument, raw: string) => T): T =>
    session.guard(name, fallback, () => {
      const found = session.analyzed(uri);
      if (!found) return fallback;
      const doc: IdeDocument = {
        parsed: found.analyzed.parsed,
        pipeline: found.analyzed.pipeline,
        context: found.analyzed.context,
        pipelines: found.result.list,
        fs: session.fs,
      };
      return fn(doc, found.analyzed.file);
    });

  c.onCompletion((p) =>
    withDoc('completion', p.textDocument.uri, [] as CompletionItem[], (doc) =>
      complete(doc, p.position).map((item, i) => ({
        label: item.label,
        kind: COMPLETION_KIND[item.kind],
        ...(item.detail ? { detail: item.detail } : {}),
        ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
        ...(item.deprecated ? { tags: [1] } : {}),
        sortText: String(i).padStart(5, '0'),
        textEdit: { range: item.range, newText: item.insertText ?? item.label },
      })),
    ),
  );

  // dvc.yaml: the pipeline's hover; any other file: a metric's or param's change against HEAD, if DVC tracks it.
  const values = new ValueHovers(session.fs, () => session.trusted);
  c.onHover((p) => {
    const file = toPath(p.textDocument.uri);
    if (file && !isPipelineFile(file)) return session.guard('hover', null, () => values.hover(file, p.position));
    return withDoc('hover', p.textDocument.uri, null, (doc) => {
      const h = hover(doc, p.position);
      return h ? { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: h.range } : null;
    });
  });

  const toLocation = (l: FileLocation): Location => ({ uri: toUri(l.file), range: l.range });
  c.onDefinition((p) =>
    withDoc('definition', p.textDocument.uri, [] as Location[], (doc) => definition(doc, p.position).map(toLocation)),
  );
  c.onReferences((p) =>
    withDoc('references', p.textDocument.uri, [] as Location[], (doc) => references(doc, p.position).map(toLocation)),
  );

  c.onDocumentSymbol((p) =>
    withDoc('documentSymbol', p.textDocument.uri, [] as DocumentSymbol[], (doc) =>
      outline(doc.parsed, doc.pipeline).map(toSymbol),
    ),
  );
  c.onFoldingRanges((p) =>
    withDoc('foldingRange', p.textDocument.uri, [], (doc) =>
      folds(doc.parsed).map((f) => ({ ...f, kind: FoldingRangeKind.Region })),
    ),
  );
  c.onDocumentLinks((p) =>
    withDoc('documentLink', p.textDocument.uri, [], (doc) =>
      links(doc).map((l) => ({ range: l.range, target: toUri(l.file) })),
    ),
  );

  c.onCodeAction((p) =>
    withDoc('codeAction', p.textDocument.uri, [] as CodeAction[], (doc, file) => {
      const known = session.model.groupOf(file).result?.diagnostics.get(file) ?? [];
      const actions: CodeAction[] = [];
      for (const sent of p.context.diagnostics) {
        if (sent.source !== SOURCE || typeof sent.code !== 'string') continue;
        const match = known.find((d) => d.code === sent.code && sameStart(d, sent.range.start));
        const exists = (f: string): boolean => session.fs.stat(f) !== undefined;
        for (const fix of match?.fixes ?? []) actions.push(fixToCodeAction(fix, file, sent, exists));
        actions.push(
          fixToCodeAction(suppressFix(doc.parsed.text, { code: sent.code, range: sent.range }), file, sent, exists),
        );
      }
      return actions;
    }),
  );
}

function sameStart(d: Diagnostic, start: { line: number; character: number }): boolean {
  return d.range.start.line === start.line && d.range.start.character === start.character;
}

function toSymbol(item: OutlineItem): DocumentSymbol {
  return {
    name: item.name,
    kind: SYMBOL_KIND[item.kind],
    range: item.range,
    selectionRange: item.selectionRange,
    ...(item.detail ? { detail: item.detail } : {}),
    children: item.children.map(toSymbol),
  };
}
