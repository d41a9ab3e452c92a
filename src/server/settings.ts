// Reads the `mlops` settings section the client sends; wrong entries are dropped with a message, never fatal.
import { readSeverityMap, SEVERITY_OVERRIDES, type SeverityOverrides } from '../core/pipeline';

export interface ServerSettings {
  severity: SeverityOverrides;
}

export function readSettings(section: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  let severity: SeverityOverrides = {};
  const raw = pick(pick(section, 'diagnostics'), 'severity');
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push('mlops.diagnostics.severity must be an object mapping diagnostic codes to a severity.');
    } else {
      const read = readSeverityMap(raw as Record<string, unknown>);
      severity = read.severity;
      for (const [code, value] of read.invalid) {
        problems.push(
          `mlops.diagnostics.severity["${code}"] is ${JSON.stringify(value)}; use one of ${SEVERITY_OVERRIDES.join(', ')}.`,
        );
      }
    }
  }
  return { settings: { severity }, problems };
}

function pick(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
