// Reads data files on threads of their own, one per file: the reference and the current file are parsed
// (and their columns sorted) at the same time, on two cores, while the main thread (the CLI, the extension
// host) only waits. A million-row CSV is seconds of parsing, so this halves `mlops drift`'s wall time on a
// two-core machine; what comes back is the same Table readTable gives in-process.
//
// The thread runs read-worker.ts: from the bundles, its own bundle dist/drift-reader.js beside this code's;
// from the TypeScript sources (tests run them through tsx), the source file, with tsx's loader required
// first, since a worker does not inherit the loader of the thread that starts it.
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { DataFileError, type Table } from './columns';

export interface ReaderRequest {
  file: string;
  /** Only these columns; all when absent. */
  wanted?: string[];
}

export type ReaderReply = { table: Table } | { dataFileError: string } | { failure: string };

const FROM_SOURCES = __filename.endsWith('.ts');

function workerSource(): string {
  const entry = FROM_SOURCES ? join(__dirname, 'read-worker.ts') : join(__dirname, 'drift-reader.js');
  const loader = FROM_SOURCES ? `require(${JSON.stringify(require.resolve('tsx/cjs'))});` : '';
  return `${loader}require(${JSON.stringify(entry)});`;
}

/** readTable(file, wanted), on a thread of its own. */
export function readTableOnThread(file: string, wanted?: ReadonlySet<string>): Promise<Table> {
  const request: ReaderRequest = { file, wanted: wanted && [...wanted] };
  // No inherited Node options: a host's own flags (the extension host's, a profiler's) are not the reader's.
  const worker = new Worker(workerSource(), { eval: true, workerData: request, execArgv: [] });
  return new Promise<Table>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      outcome();
      void worker.terminate();
    };
    worker.once('message', (reply: ReaderReply) =>
      settle(() => {
        if ('table' in reply) resolve(reply.table);
        else if ('dataFileError' in reply) reject(new DataFileError(reply.dataFileError));
        else reject(new Error(`reading ${file} failed: ${reply.failure}`));
      }),
    );
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the thread reading ${file} stopped (exit ${code}) before answering`))),
    );
  });
}
