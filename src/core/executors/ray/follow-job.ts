// Following one Ray job until it ends: its state and its log, read through the Jobs API
// (`GET /api/jobs/{id}` and `GET /api/jobs/{id}/logs`), each new part of the log handed on as it arrives. The
// reads come every 100 ms while the job starts or its log grows, and slow down, doubling, to `pollMs` while a
// running job is quiet: a short job's end is seen within 100 ms (a fixed 1 s poll was most of the submission
// overhead of a no-op experiment), and a long quiet one costs the dashboard one request pair a second (the
// dashboard answers on the cluster's own CPUs, which the jobs of a sweep need). Two callers: the run that submitted the job (which stops the job when it is cancelled) and the
// editor's log view of a job submitted earlier (which only stops reading). Ray's own `ray job logs --follow`
// tails the same log over a websocket; polling the plain endpoint needs no websocket client and gives the
// same text, at most one poll interval later.
import { isTerminal, RayError, type RayJobInfo, type RayJobsClient } from './jobs-client';

const FIRST_POLL_MS = 100;
const FAST_LOG_CHARS = 256 * 1024;

export type OnAbort = 'stop' | 'leave';

export interface FollowHooks<A extends OnAbort> {
  onLog?(text: string): void;
  signal?: AbortSignal;
  /** On abort, 'stop' asks Ray to stop the job and follows it to its end; 'leave' returns 'left' at once. */
  onAbort: A;
  /** The longest wait between two reads (default 1 s); the first ones come after 100 ms. */
  pollMs?: number;
  /** How long the cluster may stay silent before the job counts as lost. */
  lostAfterMs?: number;
}

/** The job's final state; 'lost' when the cluster stopped answering; 'left' when the reader went away. */
export async function followJob<A extends OnAbort>(
  ray: RayJobsClient,
  jobId: string,
  hooks: FollowHooks<A>,
): Promise<RayJobInfo | 'lost' | (A extends 'leave' ? 'left' : never)> {
  const pollMs = hooks.pollMs ?? 1000;
  const lostAfterMs = hooks.lostAfterMs ?? 60_000;
  let wait = Math.min(FIRST_POLL_MS, pollMs);
  let status = '';
  let shown = 0;
  let lastAnswer = Date.now();
  let stopping = false;
  for (;;) {
    if (hooks.signal?.aborted) {
      // 'left' is in the return type exactly when onAbort is 'leave'.
      if (hooks.onAbort === 'leave') return 'left' as A extends 'leave' ? 'left' : never;
      if (!stopping) {
        stopping = true;
        await ray.stop(jobId).catch(() => false);
      }
    }
    try {
      const info = await ray.info(jobId);
      // A job still PENDING (its supervisor and runtime environment starting) has no log yet: one request, not two.
      const logs = info.status === 'PENDING' ? '' : await ray.logs(jobId);
      const changed = logs.length > shown || info.status !== status;
      if (logs.length > shown) hooks.onLog?.(logs.slice(shown));
      shown = Math.max(shown, logs.length);
      status = info.status;
      lastAnswer = Date.now();
      if (isTerminal(info.status)) return info;
      // Each read returns the whole log: past FAST_LOG_CHARS, a chatty job is read at the slower pace only.
      const fast = info.status === 'PENDING' || (changed && shown < FAST_LOG_CHARS);
      wait = fast ? Math.min(FIRST_POLL_MS, pollMs) : Math.min(wait * 2, pollMs);
    } catch (err) {
      // A dashboard that cannot reach its job agent answers 500 (seen as a head went down): as silent as no answer.
      if (!(err instanceof RayError && (err.code === 'unreachable' || err.code === 'failing'))) throw err;
      if (Date.now() - lastAnswer > lostAfterMs) return 'lost';
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}
