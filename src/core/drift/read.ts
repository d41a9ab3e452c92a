// Reads a data file by its extension: .csv, .tsv/.tab, .jsonl/.ndjson (JSON lines) and .parquet.
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { DataFileError, type Table } from './columns';
import { readDelimited } from './readers/delimited';
import { readJsonLines } from './readers/jsonl';
import { readParquet } from './readers/parquet';

export const DATA_EXTENSIONS = ['.csv', '.tsv', '.tab', '.jsonl', '.ndjson', '.parquet', '.pq'] as const;

/** `wanted`: read only these columns (all when absent). */
export async function readTable(file: string, wanted?: ReadonlySet<string>): Promise<Table> {
  if (!existsSync(file)) throw new DataFileError(`${file}: no such file`);
  if (!statSync(file).isFile()) throw new DataFileError(`${file}: not a file`);
  switch (extname(file).toLowerCase()) {
    case '.csv':
      return readDelimited(file, ',', wanted);
    case '.tsv':
    case '.tab':
      return readDelimited(file, '\t', wanted);
    case '.jsonl':
    case '.ndjson':
      return readJsonLines(file, wanted);
    case '.parquet':
    case '.pq':
      return readParquet(file, wanted);
    default:
      throw new DataFileError(
        `${file}: unknown data format; use one of ${DATA_EXTENSIONS.join(', ')} (the extension says which)`,
      );
  }
}
