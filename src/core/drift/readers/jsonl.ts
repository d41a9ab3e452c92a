// JSON lines: one object per line, keys are columns (the union over all lines, in order of first
// appearance). Numbers are numeric; strings go through the same cell rules as CSV text (so "3.5" and
// "NA" mean what they mean in a CSV); booleans and nested values are categories; null or an absent key
// is missing. A line that is not a JSON object is an error naming the line. Read in 4 MB chunks, so memory
// holds the columns, not the file.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { buildColumns, ColumnBuilder, DataFileError, type Table } from '../columns';
import { addText } from './cell';

const CHUNK = 4 * 1024 * 1024;

/** Each line of a text file with its 1-based number, decoded as UTF-8 across chunk boundaries. */
function* lines(file: string): Generator<[string, number]> {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    let number = 0;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      const text = rest + (n > 0 ? decoder.write(buf.subarray(0, n)) : decoder.end());
      const parts = text.split('\n');
      rest = n > 0 ? parts.pop()! : '';
      for (const line of parts) yield [line, ++number];
      if (n === 0) break;
    }
  } finally {
    closeSync(fd);
  }
}

export function readJsonLines(file: string, wanted?: ReadonlySet<string>): Table {
  const builders = new Map<string, ColumnBuilder>();
  let rows = 0;
  for (const [raw, lineNumber] of lines(file)) {
    const line = raw.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new DataFileError(
        `${file}:${lineNumber}: not valid JSON (${(err as Error).message}); each line must be one JSON object`,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DataFileError(`${file}:${lineNumber}: expected a JSON object such as {"age": 31, "plan": "pro"}`);
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!builders.has(key) && (wanted === undefined || wanted.has(key))) {
        const builder = new ColumnBuilder(key);
        for (let r = 0; r < rows; r++) builder.addMissing();
        builders.set(key, builder);
      }
    }
    for (const [key, builder] of builders) {
      const cell = record[key];
      if (cell === undefined || cell === null) builder.addMissing();
      else if (typeof cell === 'number') builder.addNumber(cell);
      else if (typeof cell === 'string') addText(builder, cell);
      else builder.addCategory(typeof cell === 'boolean' ? String(cell) : JSON.stringify(cell));
    }
    rows++;
  }
  return { source: file, rows, columns: buildColumns([...builders.values()]) };
}
