// The terminal a pipeline run streams into (a Pseudoterminal behind a CustomExecution task): every log
// line prefixed with its stage, a summary at the end, Ctrl+C or closing the terminal cancels the run.
import * as vscode from 'vscode';
import type { RunOptions, RunOutcome } from '../../core/runner/run';
import { skippedText } from '../../core/runner/stage-view';
import { terminalSafe } from '../../core/terminal-text';

export interface RunRequest {
  /** Stage ids of the folder; none: the action's scope (Run all, or Retrain's experiment), as run-scopes.ts says. */
  targets: string[];
  downstream: boolean;
  single: boolean;
  force: boolean;
  /** The workspace folder whose pipelines run (its path); the first folder when not given. */
  folder?: string;
  /**
   * Run as `dvc exp run` does in the working copy: the result is also committed as an experiment of HEAD
   * (core/experiments/workspace-run.ts), HEAD and the index untouched.
   */
  asExperiment?: boolean;
}

/** Starts the run with the terminal's events and abort signal; resolves with the outcome. */
export type StartRun = (events: NonNullable<RunOptions['events']>, signal: AbortSignal) => Promise<RunOutcome>;

const colors = ['36', '35', '33', '32', '34', '91', '96', '95'];

export class RunTerminal implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;
  private readonly abort = new AbortController();
  private readonly partial = new Map<string, string>();
  private readonly color = new Map<string, string>();

  constructor(private readonly start: StartRun) {}

  open(): void {
    void this.run();
  }

  /** Closing the terminal (or the task being terminated) cancels the run: the whole process tree is killed. */
  close(): void {
    this.abort.abort();
  }

  handleInput(data: string): void {
    if (data === '\x03') {
      this.line('Cancelling: stopping every stage process…', '33');
      this.abort.abort();
    }
  }

  private line(text: string, color?: string): void {
    const body = terminalSafe(text).replace(/\r?\n/g, '\r\n');
    this.written.fire(color ? `\x1b[${color}m${body}\x1b[0m\r\n` : `${body}\r\n`);
  }

  private prefix(stage: string): string {
    if (!this.color.has(stage)) this.color.set(stage, colors[this.color.size % colors.length] as string);
    return `\x1b[${this.color.get(stage)}m[${terminalSafe(stage)}]\x1b[0m `;
  }

  private log(stage: string, text: string): void {
    const lines = ((this.partial.get(stage) ?? '') + text).split('\n');
    this.partial.set(stage, lines.pop() ?? '');
    for (const l of lines) this.written.fire(`${this.prefix(stage)}${terminalSafe(l.replace(/\r$/, ''))}\r\n`);
  }

  private flush(stage: string): void {
    const rest = this.partial.get(stage);
    if (rest) this.written.fire(`${this.prefix(stage)}${rest}\r\n`);
    this.partial.delete(stage);
  }

  private async run(): Promise<void> {
    const outcome = await this.start(
      {
        stageStart: (node, reasons) =>
          this.line(
            this.prefix(node.id) +
              (reasons.length > 0 ? vscode.l10n.t('running: {0}', reasons.join('; ')) : vscode.l10n.t('running')),
          ),
        log: (node, text) => this.log(node.id, text),
        stageEnd: (node, result) => {
          this.flush(node.id);
          const secs = (result.durationMs / 1000).toFixed(1);
          if (result.outcome === 'SKIPPED') this.line(`${this.prefix(node.id)}${skippedText(result.reasons)}`);
          else if (result.outcome === 'FINISHED')
            this.line(this.prefix(node.id) + vscode.l10n.t('finished in {0} s', secs), '32');
          else if (result.outcome === 'BLOCKED')
            this.line(this.prefix(node.id) + vscode.l10n.t('not run: {0}', result.reasons.join('; ')), '33');
          else {
            const how = result.outcome.toLowerCase();
            this.line(
              this.prefix(node.id) +
                (result.exitCode === undefined
                  ? vscode.l10n.t('{0} after {1} s', how, secs)
                  : vscode.l10n.t('{0} after {1} s (exit code {2})', how, secs, result.exitCode)),
              '31',
            );
          }
        },
      },
      this.abort.signal,
    ).catch((err: unknown): RunOutcome => ({ ok: false, message: err instanceof Error ? err.message : String(err) }));
    if (!outcome.ok) {
      this.line(outcome.message, '31');
      this.closed.fire(1);
      return;
    }
    const { report } = outcome;
    this.line(
      vscode.l10n.t('Run {0} {1} (experiment {2})', report.runId, report.status, report.experiment),
      report.status === 'FINISHED' ? '32' : '31',
    );
    for (const w of report.warnings) this.line(vscode.l10n.t('warning: {0}', w), '33');
    this.closed.fire(report.status === 'FINISHED' ? 0 : 1);
  }
}
