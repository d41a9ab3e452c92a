// How a run's stages show on stderr: a line per stage start and end, and each log line prefixed with its
// stage (`mlops run`, `mlops exp run` and the queue's workers print the same).
import type { RunEvents, StageResult } from '../core/runner/execute';
import { skippedText } from '../core/runner/stage-view';
import type { CliIO } from './io';

export function stageLine(id: string, r: StageResult): string {
  const secs = (r.durationMs / 1000).toFixed(1);
  switch (r.outcome) {
    case 'SKIPPED':
      return `[${id}] ${skippedText(r.reasons)}\n`;
    case 'BLOCKED':
      return `[${id}] not run: ${r.reasons.join('; ')}\n`;
    default:
      return `[${id}] ${r.outcome} in ${secs}s${r.exitCode !== undefined && r.exitCode !== 0 ? ` (exit code ${r.exitCode})` : ''}\n`;
  }
}

/** Prefixes every log line with its stage, holding a partial line until its end arrives. */
export class LinePrefixer {
  private partial = new Map<string, string>();

  constructor(private readonly io: CliIO) {}

  write(stage: string, text: string): void {
    const lines = ((this.partial.get(stage) ?? '') + text).split('\n');
    this.partial.set(stage, lines.pop() ?? '');
    for (const line of lines) this.io.stderr(`[${stage}] ${line}\n`);
  }

  flush(stage: string): void {
    const rest = this.partial.get(stage);
    if (rest) this.io.stderr(`[${stage}] ${rest}\n`);
    this.partial.delete(stage);
  }
}

/** Run events that print stage starts, ends and prefixed logs on stderr; `label` names a stage id (default: the id). */
export function stageEvents(io: CliIO, label = (id: string): string => id): RunEvents {
  const prefixer = new LinePrefixer(io);
  return {
    stageStart: (n, reasons) => io.stderr(`[${label(n.id)}] running (${reasons.join('; ')})\n`),
    log: (n, text) => prefixer.write(label(n.id), text),
    stageEnd: (n, r) => {
      prefixer.flush(label(n.id));
      io.stderr(stageLine(label(n.id), r));
    },
  };
}

/** Ctrl-C / SIGTERM abort the returned signal (the stages are killed and the run recorded KILLED) until `done`. */
export function stopOnSignal(io: CliIO, command: string): { signal: AbortSignal; done(): void } {
  const controller = new AbortController();
  const onSignal = (): void => {
    io.stderr(`\n${command}: stopping (killing the running stages)…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    done: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
