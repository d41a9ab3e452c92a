// The body of a drift reader thread (read-threads.ts starts it): reads one data file (readTable: parsing
// and sorting each numeric column happen here, off the main thread) and posts the table back, its number
// arrays transferred, not copied. Bundled on its own as dist/drift-reader.js.
import { parentPort, workerData } from 'node:worker_threads';
import { DataFileError } from './columns';
import { readTable } from './read';
import type { ReaderReply, ReaderRequest } from './read-threads';

const { file, wanted } = workerData as ReaderRequest;
readTable(file, wanted && new Set(wanted)).then(
  (table) => {
    const transfer = table.columns.flatMap((c) => (c.kind === 'numeric' ? [c.values.buffer as ArrayBuffer] : []));
    parentPort!.postMessage({ table } satisfies ReaderReply, transfer);
  },
  (err: unknown) => {
    const reply: ReaderReply =
      err instanceof DataFileError
        ? { dataFileError: err.message }
        : { failure: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    parentPort!.postMessage(reply);
  },
);
