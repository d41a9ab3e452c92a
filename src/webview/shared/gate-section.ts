// The run panel's Quality gate section: the verdict of .mlops.json "checks" on this run, one row per rule with
// its value, the baseline it was compared with and the message; nothing when the project has no gate.
import type { RunGate } from '../../core/checks';
import { el, formatNumber, printable } from './dom';

const num = (x: number | null): string => (x === null ? '–' : formatNumber(x));

export function gateSection(gate: RunGate): HTMLElement | undefined {
  if (gate.state === 'none') return undefined;
  const heading = el('h2', { text: 'Quality gate' });
  if (gate.state === 'error') {
    return el('section', { className: 'gate', 'aria-label': 'Quality gate' }, [
      heading,
      el('p', { className: 'error', text: printable(gate.message) }),
    ]);
  }
  const { report } = gate;
  const verdict = (c: (typeof report.checks)[number]): string =>
    c.skipped ? 'skipped' : c.passed ? 'pass' : c.severity === 'error' ? 'fail' : 'warn';
  return el('section', { className: 'gate', 'aria-label': 'Quality gate' }, [
    heading,
    el('p', {
      className: `gate-verdict ${report.passed ? 'passed' : 'failed'}`,
      role: 'status',
      text: report.passed ? '✓ passed' : '✗ failed',
    }),
    el('table', {}, [
      el('thead', {}, [
        el(
          'tr',
          {},
          ['', 'rule', 'value', 'baseline', 'message'].map((h) => el('th', { text: h })),
        ),
      ]),
      el(
        'tbody',
        {},
        report.checks.map((c) =>
          el('tr', { className: `check ${verdict(c)}` }, [
            el('td', { text: verdict(c) }),
            el('td', { text: printable(c.rule) }),
            el('td', { className: 'num', text: num(c.value) }),
            el('td', { className: 'num', text: num(c.baseline) }),
            el('td', { text: printable(c.message) }),
          ]),
        ),
      ),
    ]),
  ]);
}
