// User tuning of diagnostics, shared by the CLI, the language server and the extension:
// per-code severity overrides and `# mlops-disable-next-line [code, ...]` comments.
import type { Diagnostic, Severity } from '../diagnostics';

export type SeverityOverride = Severity | 'off';
export type SeverityOverrides = Readonly<Record<string, SeverityOverride>>;

export const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['off', 'hint', 'information', 'warning', 'error'];

const DIRECTIVE = /#\s*mlops-disable-next-line\b(.*)$/;

/**
 * Lines (0-based) whose diagnostics are suppressed, mapped to the suppressed codes
 * (`'all'` when the comment lists none).
 */
export function suppressions(text: string): Map<number, ReadonlySet<string> | 'all'> {
  const result = new Map<number, ReadonlySet<string> | 'all'>();
  // Cheap pre-check: most files have no directive at all.
  if (!text.includes('mlops-disable-next-line')) return result;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const m = DIRECTIVE.exec(line);
    if (!m) return;
    // The comment may end with an explanation after ` -- `.
    const list = (m[1] ?? '').split(/\s--\s/, 1)[0] ?? '';
    const codes = list
      .split(/[\s,]+/)
      .map((c) => c.trim())
      .filter((c) => c.length > 0);
    result.set(i + 1, codes.length === 0 ? 'all' : new Set(codes));
  });
  return result;
}

/**
 * Applies severity overrides (a code set to `off` disappears) and suppression comments.
 * A diagnostic is suppressed when the line before its start holds a matching directive.
 */
export function applyTuning(
  diagnostics: readonly Diagnostic[],
  text: string,
  overrides: SeverityOverrides = {},
): Diagnostic[] {
  const suppressed = suppressions(text);
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const rule = suppressed.get(d.range.start.line);
    if (rule === 'all' || rule?.has(d.code)) continue;
    const override = Object.hasOwn(overrides, d.code) ? overrides[d.code] : undefined;
    if (override === 'off') continue;
    out.push(override && override !== d.severity ? { ...d, severity: override } : d);
  }
  return out;
}

/** True for the values a settings file may use; lets adapters reject typos with a clear message. */
export function isSeverityOverride(value: unknown): value is SeverityOverride {
  return typeof value === 'string' && (SEVERITY_OVERRIDES as readonly string[]).includes(value);
}

/**
 * A severity map as a settings file holds it (`{"unknown-key": "warning"}`), split into the valid overrides and
 * the entries that are not. The editor drops bad entries with a message; the CLI refuses the file: each words it.
 */
export function readSeverityMap(raw: Readonly<Record<string, unknown>>): {
  severity: SeverityOverrides;
  invalid: [code: string, value: unknown][];
} {
  const severity: Record<string, SeverityOverride> = {};
  const invalid: [string, unknown][] = [];
  for (const [code, value] of Object.entries(raw)) {
    if (isSeverityOverride(value)) severity[code] = value;
    else invalid.push([code, value]);
  }
  return { severity, invalid };
}
