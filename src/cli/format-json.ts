// `mlops validate --format json` as docs/cli.md states it: files → diagnostics with code, severity, message and a
// 0-based range. Nothing more.
import type { Formatter } from './report';

export const formatJson: Formatter = (files) =>
  `${JSON.stringify(
    {
      files: files.map((file) => ({
        path: file.path,
        diagnostics: file.diagnostics.map(({ code, severity, message, range }) => ({
          code,
          severity,
          message,
          range: {
            start: { line: range.start.line, character: range.start.character },
            end: { line: range.end.line, character: range.end.character },
          },
        })),
      })),
    },
    null,
    2,
  )}\n`;
