// JSON lines: one object per line, keys are columns (the union over all lines, in order of first
// appearance). Numbers are numeric; strings go through the same cell rules as CSV text (so "3.5" and
// "NA" mean what they mean in a CSV); booleans and nested values are categories; null or an absent key
// is missing. A line that is not a JSON object is an error naming the line.
import { readFileSync } from 'node:fs';
import { ColumnBuilder, DataFileError, type Table } from '../columns';
import { addText } from './cell';

export function readJsonLines(file: string, wanted?: ReadonlySet<string>): Table {
  const builders = new Map<string, ColumnBuilder>();
  let rows = 0;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new DataFileError(
        `${file}:${index + 1}: not valid JSON (${(err as Error).message}); each line must be one JSON object`,
      );
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DataFileError(`${file}:${index + 1}: expected a JSON object such as {"age": 31, "plan": "pro"}`);
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
  return { source: file, rows, columns: [...builders.values()].map((b) => b.build()) };
}
