// The errors every tracking backend throws, so callers (CLI, extension) can react by kind, not by text.

export type TrackingErrorCode =
  | 'not-found' // no such run / experiment / metric
  | 'already-exists' // e.g. an experiment name that is taken
  | 'conflict' // e.g. a param logged again with another value
  | 'invalid-argument' // bad input: the message says what and how to fix it
  | 'unauthorized' // 401: missing or wrong credentials
  | 'forbidden' // 403
  | 'unreachable' // network error or server down, after retries
  | 'server-error' // 5xx after retries, or an answer we cannot read
  | 'corrupt-store'; // a local store file that cannot be read

export class TrackingError extends Error {
  constructor(
    readonly code: TrackingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TrackingError';
  }
}
