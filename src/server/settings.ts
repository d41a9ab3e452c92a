// Reads the `mlops` settings section the client sends; wrong entries are dropped with a message, never fatal.
import { isSeverityOverride, SEVERITY_OVERRIDES, type SeverityOverride, type SeverityOverrides } from '../core/pipeline';

export interface ServerSettings {
  severity: SeverityOverrides;
}

export function readSettings(section: unknown): { settings: ServerSettings; problems: string[] } {
  const problems: string[] = [];
  const severity: Record<string, SeverityOverride> = {};
  const raw = pick(pick(section, 'diagnostics'), 'severity');
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      problems.push('mlops.diagnostics.severity must be an object mapping diagnostic codes to a severity.');
    } else {
      for (const [code, value] of Object.entries(raw)) {
        if (isSeverityOverride(value)) severity[code] = value;
        else problems.push(`mlops.diagnostics.severity["${code}"] is ${JSON.stringify(value)}; use one of ${SEVERITY_OVERRIDES.join(', ')}.`);
      }
    }
  }
  return { settings: { severity }, problems };
}

function pick(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
