// Parquet through hyparquet (pure JavaScript, no native build), chosen by measurement: every value of the drift
// bench's current.parquet (bench/drift_data.py, 200k rows × 20 columns, pyarrow's snappy) read by each candidate,
// one process each, CPU user+system and peak RSS (a one-off on the shared 2-core machine, 2026-12-05):
// hyparquet 1.33.0 0.67 s / 258 MB; parquet-wasm 0.8.0 + apache-arrow 21.2.0 1.15 s / 333 MB (the same values);
// parquetjs-lite 0.8.7 refuses pyarrow's files ("invalid parquet version"); @dsnp/parquetjs 1.9.3 ships no code.
// Columns are read one at a time (onChunk), never as row objects. Snappy is built into
// hyparquet; gzip and brotli use Node's zlib, zstd (polars' default) the pure-JS fzstd. Numbers, bigints and
// timestamps are numeric; strings go through the CSV cell rules; booleans are categories; null is missing.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildColumns, ColumnBuilder, DataFileError, type Table } from '../columns';
import { addText } from './cell';

const NUMBER_TYPES: ReadonlySet<string> = new Set(['INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE']);

type Decompress = (input: Uint8Array, outputLength: number) => Uint8Array;

export async function readParquet(file: string, wanted?: ReadonlySet<string>): Promise<Table> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } = await import('hyparquet');
  const { decompress: zstd } = await import('fzstd');
  const compressors: Record<string, Decompress> = {
    GZIP: (input) => gunzipSync(input),
    BROTLI: (input) => brotliDecompressSync(input),
    ZSTD: (input, outputLength) => zstd(input, new Uint8Array(outputLength)),
  };
  const buffer = await asyncBufferFromFile(file);
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new DataFileError(`${file}: not a readable Parquet file (${(err as Error).message})`);
  }
  const columns = parquetSchema(metadata).children.filter((c) => wanted === undefined || wanted.has(c.element.name));
  const builders = new Map(columns.map((c) => [c.element.name, new ColumnBuilder(c.element.name)]));
  for (const { element } of columns) {
    // Number columns get one array of the row count; text columns would only free theirs.
    if (element.type !== undefined && NUMBER_TYPES.has(element.type)) {
      builders.get(element.name)!.expect(Number(metadata.num_rows));
    }
  }
  // One column at a time: hyparquet decodes every column it is asked for at once and holds them until the
  // read ends, as arrays of boxed values for nullable columns (~24 bytes a number): a million-row file of 20
  // columns held 1 GB that way. Column by column, only one column's decoded values exist at a time.
  for (const [name, builder] of builders) {
    await parquetRead({
      file: buffer,
      metadata,
      columns: [name],
      compressors,
      onChunk({ columnData }) {
        for (let i = 0; i < columnData.length; i++) addValue(builder, columnData[i]);
      },
    });
  }
  return { source: file, rows: Number(metadata.num_rows), columns: buildColumns([...builders.values()]) };
}

function addValue(builder: ColumnBuilder, value: unknown): void {
  if (value === null || value === undefined) builder.addMissing();
  else if (typeof value === 'number') builder.addNumber(value);
  else if (typeof value === 'bigint') builder.addNumber(Number(value));
  else if (typeof value === 'string') addText(builder, value);
  else if (value instanceof Date) builder.addNumber(value.getTime());
  else if (typeof value === 'boolean') builder.addCategory(String(value));
  else builder.addCategory(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
}
