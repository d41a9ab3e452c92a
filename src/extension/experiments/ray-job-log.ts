// A Ray experiment's log inside VS Code: one output channel per job ("Ray job <id>"), filled from the cluster's
// Jobs API as the log grows (core/executors/ray/follow-job.ts) until the job ends, with the dashboard's token from
// SecretStorage for that origin only. Opening the same job again shows its channel rather than reading twice; a
// reading cut short (cluster unreachable, token refused) starts over in the same channel. The job's page on the
// Ray dashboard stays one click away: its address heads the channel, and the table's ↗ opens it.
import * as vscode from 'vscode';
import { followJob } from '../../core/executors/ray/follow-job';
import { RayJobsClient } from '../../core/executors/ray/jobs-client';
import type { RayJobRef } from '../../core/experiments/queue-store';
import { rayToken } from '../runner/executor-settings';

interface Shown {
  channel: vscode.OutputChannel;
  /** 'reading' while the job runs, 'ended' once its whole log is shown, 'cut' when the reading failed. */
  state: 'reading' | 'ended' | 'cut';
}

const shown = new Map<string, Shown>();
/** Ends the readings (not the jobs) when the extension goes away. */
const disposed = new AbortController();

/** The job's page on its cluster's dashboard. */
export function dashboardPage(job: RayJobRef): vscode.Uri {
  return vscode.Uri.parse(`${job.address.replace(/\/+$/, '')}/#/jobs/${encodeURIComponent(job.jobId)}`);
}

/** Shows the job's log in its output channel, following it while the job runs. */
export async function showRayJobLog(secrets: vscode.SecretStorage, job: RayJobRef): Promise<void> {
  const key = `${job.address} ${job.jobId}`;
  let s = shown.get(key);
  if (s && s.state !== 'cut') {
    s.channel.show(true);
    return;
  }
  if (!s) {
    s = { channel: vscode.window.createOutputChannel(vscode.l10n.t('Ray job {0}', job.jobId)), state: 'reading' };
    shown.set(key, s);
  }
  const { channel } = s;
  s.state = 'reading';
  channel.clear();
  channel.appendLine(
    vscode.l10n.t(
      'Ray job {0} on {1} (its page on the dashboard: {2})',
      job.jobId,
      job.address,
      dashboardPage(job).toString(),
    ),
  );
  channel.show(true);
  try {
    const ray = new RayJobsClient({ address: job.address, token: await rayToken(secrets, job.address) });
    const end = await followJob(ray, job.jobId, {
      onAbort: 'leave',
      signal: disposed.signal,
      onLog: (text) => channel.append(text),
    });
    if (end === 'left') return;
    if (end === 'lost') {
      channel.appendLine(
        vscode.l10n.t('— the Ray cluster at {0} stopped answering; open this log again to read on', job.address),
      );
      s.state = 'cut';
    } else {
      channel.appendLine(
        end.message
          ? vscode.l10n.t('— the job ended {0}: {1}', end.status, end.message)
          : vscode.l10n.t('— the job ended {0}', end.status),
      );
      s.state = 'ended';
    }
  } catch (err) {
    channel.appendLine(`— ${err instanceof Error ? err.message : String(err)}`);
    s.state = 'cut';
  }
}

/** Stops every reading and drops the channels (the extension is going away). */
export function disposeRayJobLogs(): vscode.Disposable {
  return new vscode.Disposable(() => {
    disposed.abort();
    for (const s of shown.values()) s.channel.dispose();
    shown.clear();
  });
}
