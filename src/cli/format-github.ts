// GitHub Actions workflow commands: each diagnostic becomes an annotation on the file's diff in the pull request.
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
import type { Severity } from '../core/diagnostics';
import type { Formatter } from './report';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/** The message part of a command: `%`, CR and LF are escaped so a message stays on one line. */
export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

/** A property value: also `:` and `,`, which separate the properties. */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const formatGithub: Formatter = (files) => {
  const lines: string[] = [];
  for (const file of files) {
    for (const d of file.diagnostics) {
      const { start, end } = d.range;
      // GitHub lines and columns are 1-based and the end column names the last character (inclusive);
      // an LSP end is 0-based and exclusive, so its character number is that inclusive 1-based column.
      const endColumn = Math.max(end.character, end.line === start.line ? start.character + 1 : 1);
      const props = [
        `file=${escapeProperty(file.path)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${endColumn}`,
        `title=${escapeProperty(d.code)}`,
      ];
      lines.push(`::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
