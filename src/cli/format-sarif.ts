// SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, Azure DevOps, ...): one rule per diagnostic code.
import { pathToFileURL } from 'node:url';
import type { Range, Severity } from '../core/diagnostics';
import type { Formatter } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};
const SRCROOT = '%SRCROOT%';

/** SARIF lines and columns are 1-based and a region's end column is exclusive, as an LSP end is. */
const region = ({ start, end }: Range) => ({
  startLine: start.line + 1,
  startColumn: start.character + 1,
  endLine: end.line + 1,
  endColumn: end.character + 1,
});

/** Relative paths are URI references against %SRCROOT%; absolute ones become file: URIs. */
function artifactLocation(path: string) {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return { uri: pathToFileURL(path).href };
  return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

export const formatSarif: Formatter = (files, context) => {
  const codes = [...new Set(files.flatMap((f) => f.diagnostics.map((d) => d.code)))].sort();
  const ruleIndex = new Map(codes.map((code, i) => [code, i]));
  const results = files.flatMap((file) =>
    file.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code),
      level: LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(file.path), region: region(d.range) } }],
      ...(d.related?.length
        ? {
            relatedLocations: d.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: { artifactLocation: artifactLocation(r.file), region: region(r.range) },
            })),
          }
        : {}),
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'mlops',
            fullName: 'MLOps Workbench pipeline validator',
            version: context.toolVersion,
            rules: codes.map((code) => ({ id: code, shortDescription: { text: context.describe(code) } })),
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { uri: pathToFileURL(context.cwd.endsWith('/') ? context.cwd : `${context.cwd}/`).href },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
