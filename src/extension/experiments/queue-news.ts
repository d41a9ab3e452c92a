// What the experiment queue's status bar item says and what is worth a notification, from the queue's entries:
// counts of running, queued and failed experiments; experiments that failed while the editor watched; the queue
// emptying. Pure (no vscode import), unit-tested; queue-status.ts shows them.
import type { QueueEntry, QueueStatus } from '../../core/experiments/queue-store';
import * as l10n from '@vscode/l10n';
import { untranslated, type Localized } from '../localized';

export interface QueueCounts {
  running: number;
  queued: number;
  failed: number;
  succeeded: number;
}

export function queueCounts(queue: readonly QueueEntry[]): QueueCounts {
  const c: QueueCounts = { running: 0, queued: 0, failed: 0, succeeded: 0 };
  for (const e of queue) {
    if (e.status === 'RUNNING') c.running++;
    else if (e.status === 'QUEUED') c.queued++;
    else if (e.status === 'FAILED') c.failed++;
    else c.succeeded++;
  }
  return c;
}

/** The status bar's text, or undefined when there is nothing to show. */
export function queueText(c: QueueCounts): Localized | undefined {
  if (c.running + c.queued + c.failed === 0) return undefined;
  const parts = [
    c.running ? l10n.t('{0} running', c.running) : '',
    c.queued ? l10n.t('{0} queued', c.queued) : '',
    c.failed ? l10n.t('{0} failed', c.failed) : '',
  ].filter(Boolean);
  return untranslated(`${c.running ? '$(sync~spin)' : c.failed ? '$(error)' : '$(watch)'} ${parts.join(' · ')}`);
}

export type QueueNews = { kind: 'failed'; entry: QueueEntry } | { kind: 'emptied'; succeeded: number; failed: number };

/** Experiments that ended since the queue last emptied: what the "queue is empty" notification counts. */
export interface QueueTally {
  succeeded: number;
  failed: number;
}

/**
 * What changed since the last look: experiments that turned FAILED, and the queue emptying (nothing queued or
 * running any more after something was), with every experiment that ended since it last emptied — `tally`
 * carries those across looks and starts again once the emptying is announced.
 */
export function queueNews(
  before: ReadonlyMap<string, QueueStatus>,
  queue: readonly QueueEntry[],
  tally: QueueTally,
): QueueNews[] {
  const news: QueueNews[] = [];
  const wasActive = [...before.values()].some((s) => s === 'QUEUED' || s === 'RUNNING');
  for (const e of queue) {
    const was = before.get(e.task.id);
    if (was !== 'QUEUED' && was !== 'RUNNING') continue;
    if (e.status === 'FAILED') {
      news.push({ kind: 'failed', entry: e });
      tally.failed++;
    } else if (e.status === 'SUCCESS') tally.succeeded++;
  }
  const active = queue.some((e) => e.status === 'QUEUED' || e.status === 'RUNNING');
  if (wasActive && !active) {
    news.push({ kind: 'emptied', ...tally });
    tally.succeeded = 0;
    tally.failed = 0;
  }
  return news;
}
