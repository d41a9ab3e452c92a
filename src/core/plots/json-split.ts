// `plots diff --json`'s document written by two threads: the rows of the blocks whose files the parse thread parsed
// are written there (parse-thread.ts) while this thread writes the others, and the pieces go out in the document's
// order. While the next block due is the thread's and none of its pieces has arrived, this thread makes pieces of
// a later block of its own ahead (kept until their turn, letting the thread's pieces arrive in between); with none
// to make, it takes the block back if the thread has not begun it, else waits. Rows the thread did not write (it
// failed or stopped) are written here from the last piece it sent. The bytes are those of dvcJson: the same writer
// (rowsWriter) makes every row, with the same comma before it.
import { type JsonPiece, JsonPieces } from './json-pieces';
import type { JsonPart } from './dvc-json';
import type { ParseThread, ThreadRows } from './parse-thread';
import { type RowBlock, rowsWriter } from './row-blocks';
import { rowCount } from './row-source';

interface Rows {
  block: RowBlock;
  /** Rows of the same list come before these (a comma goes first). */
  listed: boolean;
  /** Written on the thread. */
  thread?: ThreadRows;
  /** Pieces made ahead of their turn, and the row after them. */
  ahead?: { pieces: JsonPiece[]; next: number; write: (r: number) => number; out: JsonPieces };
}

/** The pieces of the document dvcJsonParts describes, in order; `chunk` as rowsJson's. */
export async function* splitJson(
  parts: Iterable<JsonPart>,
  thread: ParseThread,
  chunk = 1 << 20,
): AsyncGenerator<JsonPiece> {
  const entries: ({ text: string } | Rows)[] = [];
  for (const part of parts) {
    if ('text' in part) {
      entries.push(part);
      continue;
    }
    let listed = false;
    for (const block of part.blocks) {
      entries.push({ block, listed });
      listed ||= rowCount(block.rows) > 0;
    }
  }
  const shared = entries.filter((e): e is Rows => 'block' in e && thread.holds(e.block));
  thread.writeRows(shared).forEach((rows, i) => (shared[i]!.thread = rows));

  /** Makes one piece of the first block after `i` that is this thread's and not yet made; false when none is left. */
  const makeAhead = (i: number): boolean => {
    for (let j = i + 1; j < entries.length; j++) {
      const e = entries[j]!;
      if (!('block' in e) || e.thread) continue;
      if (!e.ahead) {
        const out = new JsonPieces(chunk, true);
        e.ahead = { pieces: [], next: 0, out, write: rowsWriter(e.block, e.listed, out) };
      }
      const ahead = e.ahead;
      if (ahead.next >= rowCount(e.block.rows)) continue;
      ahead.next = ahead.write(ahead.next);
      ahead.pieces.push(ahead.out.take()!);
      return true;
    }
    return false;
  };

  const out = new JsonPieces(chunk);
  for (const [i, e] of entries.entries()) {
    if (!('block' in e)) {
      yield e;
      continue;
    }
    const count = rowCount(e.block.rows);
    let from = 0;
    if (e.ahead) {
      yield* e.ahead.pieces;
      from = e.ahead.next;
    } else if (e.thread) {
      const rows = e.thread;
      for (;;) {
        while (rows.pieces.length > 0) yield rows.pieces.shift()!;
        from = rows.next;
        if (rows.done || rows.ended) break;
        if (makeAhead(i)) await new Promise((resolve) => setImmediate(resolve));
        else if (thread.takeBackRows(rows)) break;
        else await rows.changed();
      }
    }
    if (from >= count) continue;
    const write = rowsWriter(e.block, e.listed || from > 0, out);
    for (let r = from; r < count; ) {
      r = write(r);
      if (out.full()) yield out.take()!;
    }
    // The block's last piece goes now: the next may come from elsewhere.
    const last = out.take();
    if (last) yield last;
  }
}
