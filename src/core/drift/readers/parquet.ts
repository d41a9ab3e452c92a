// Parquet through hyparquet (pure JavaScript, no native build), chosen by measurement: every value of the drift
// bench's current.parquet (bench/drift_data.py, 200k rows × 20 columns, pyarrow's snappy) read by each candidate,
// one process each, CPU user+system and peak RSS (a one-off on the shared 2-core machine, 2026-12-05):
// hyparquet 1.33.0 0.67 s / 258 MB; parquet-wasm 0.8.0 + apache-arrow 21.2.0 1.15 s / 333 MB (the same values);
// parquetjs-lite 0.8.7 refuses pyarrow's files ("invalid parquet version"); @dsnp/parquetjs 1.9.3 ships no code.
// Columns are read one at a time, never as row objects: flat ones page by page (parquet-pages.ts), nested
// ones through hyparquet's parquetRead. Snappy is built into hyparquet; gzip and brotli use Node's zlib,
// zstd (polars' default) the pure-JS fzstd. Numbers, bigints and timestamps are numeric; strings go through
// the CSV cell rules; booleans are categories; null is missing.
import { closeSync, openSync, readSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { buildColumns, ColumnBuilder, DataFileError, type Table } from '../columns';
import { addValue, type ReadBytes, readFlatColumn } from './parquet-pages';

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
  const schema = parquetSchema(metadata);
  const columns = schema.children.filter((c) => wanted === undefined || wanted.has(c.element.name));
  const builders = new Map(columns.map((c) => [c.element.name, new ColumnBuilder(c.element.name)]));
  for (const { element } of columns) {
    // Number columns get one array of the row count; text columns would only free theirs.
    if (element.type !== undefined && NUMBER_TYPES.has(element.type)) {
      builders.get(element.name)!.expect(Number(metadata.num_rows));
    }
  }
  // One column at a time: hyparquet decodes every column it is asked for at once and holds them until the
  // read ends, as arrays of boxed values for nullable columns (~24 bytes a number): a million-row file of 20
  // columns held 1 GB that way. Column by column, only one column's pages exist at a time.
  const { isFlatColumn } = await import('hyparquet/src/schema.js');
  // Column chunks are read into one buffer, reused: a fresh one per chunk (hyparquet's file slices) left
  // freed chunk-sized blocks behind in the allocator, a hundred MB of resident memory on a large file.
  let chunk = Buffer.alloc(0);
  const fd = openSync(file, 'r');
  const readBytes: ReadBytes = (start, length) => {
    if (chunk.length < length) chunk = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, chunk, read, length - read, start + read);
      if (n === 0) throw new DataFileError(`${file}: the file ends inside a column chunk; it may be truncated`);
      read += n;
    }
    return chunk.subarray(0, length);
  };
  try {
    for (const column of columns) {
      const builder = builders.get(column.element.name)!;
      if (isFlatColumn([schema, column])) {
        await readFlatColumn(readBytes, file, metadata, column, schema, compressors, builder);
        continue;
      }
      await parquetRead({
        file: buffer,
        metadata,
        columns: [column.element.name],
        compressors,
        onChunk({ columnData }) {
          for (let i = 0; i < columnData.length; i++) addValue(builder, columnData[i]);
        },
      });
    }
  } finally {
    closeSync(fd);
  }
  return { source: file, rows: Number(metadata.num_rows), columns: buildColumns([...builders.values()]) };
}
