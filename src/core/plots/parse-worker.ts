// The body of the plots parse thread (parse-thread.ts starts it): parses each CSV/TSV/JSON data file it is sent as
// parseDataFile does (data-text.ts), posts a copy of the result back and keeps it; then writes the `--json` rows of
// the blocks it is sent from those results (rowsWriter, the main thread's own code), each piece posted as it is
// full with the row it reached, its buffer moved, not copied. Bundled on its own as dist/plots-parser.js, so the
// thread loads the parsers and the row writer alone. A file or block the asking thread took back before this one
// claimed it is skipped, unanswered. A parse that throws is answered `failed` (the asking thread parses that file
// itself and meets the same exception there), and so is a block whose writing throws (the asking thread writes
// the rows from the last piece on).
import { parentPort } from 'node:worker_threads';
import type { DataContent } from './data-files';
import { parseTextData } from './data-text';
import { JsonPieces } from './json-pieces';
import {
  ON_THREAD,
  type ParseReply,
  type ParseRequest,
  QUEUED,
  type RowsItem,
  type RowsReply,
  type RowsRequest,
  sendable,
} from './parse-thread';
import type { RowBlock } from './row-blocks';
import { rowsWriter } from './row-blocks';
import { datapointsOf, rowCount } from './row-source';

const port = parentPort!;
const parsed = new Map<number, DataContent>();

port.on('message', (request: ParseRequest | RowsRequest) => {
  if ('items' in request) for (const item of request.items) writeRows(item);
  else parse(request);
});

function claimed(claim: Int32Array): boolean {
  return Atomics.compareExchange(claim, 0, QUEUED, ON_THREAD) === QUEUED;
}

function parse({ id, file, bytes, claim, header, outline }: ParseRequest): void {
  if (!claimed(claim)) return;
  let reply: ParseReply;
  try {
    const result = parseTextData(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), header, outline);
    if (result.ok) parsed.set(id, result.content);
    reply = sendable(id, result);
  } catch {
    reply = { id, failed: true };
  }
  port.postMessage(reply);
}

function writeRows(item: RowsItem): void {
  if (!claimed(item.claim)) return;
  const { key, xFrom, index, inferredY, constant, listed } = item;
  try {
    const rowsOf = (id: number) => datapointsOf(parsed.get(id)!);
    const block: RowBlock = {
      rows: rowsOf(item.rows),
      file: '',
      ...(xFrom ? { xFrom: { rows: rowsOf(xFrom.rows), field: xFrom.field, as: xFrom.as } } : {}),
      index,
      ...(inferredY === undefined ? {} : { inferredY }),
      constant,
    };
    // Each piece keeps its own buffer: it is moved to the asking thread.
    const out = new JsonPieces(undefined, true);
    const write = rowsWriter(block, listed, out);
    const count = rowCount(block.rows);
    for (let r = 0; r < count; ) {
      r = write(r);
      if (!out.full() && r < count) continue;
      const piece = out.take();
      if (piece && 'bytes' in piece) {
        const reply: RowsReply = { key, piece, next: r };
        port.postMessage(reply, [piece.bytes.buffer as ArrayBuffer]);
      }
    }
  } catch {
    port.postMessage({ key, failed: true } satisfies RowsReply);
  }
}
