// A flat Parquet column (a top-level column, not a list, map or struct: what data files for drift hold)
// decoded page by page straight into a column builder. hyparquet's own read assembles each column chunk
// into one JavaScript array with the nulls interleaved (a boxed number and a slot per row, ~24 bytes) and,
// for dictionary pages, a second such array of looked-up values; that was most of a Parquet read's time and
// memory. Here hyparquet still parses the page headers, decompresses and decodes each page (its
// parquetHeader, decompressPage, readDataPage/readDataPageV2, readPlain and convert, as its readColumn calls
// them), and each value goes to the builder as it is read: dictionary indexes are looked up one at a time,
// definition levels say which rows are missing. Nested columns keep hyparquet's full read (parquet.ts).
import type { FileMetaData, SchemaTree } from 'hyparquet';
import type { ColumnDecoder, Compressors, DecodedArray } from 'hyparquet/src/types.js';
import { type ColumnBuilder, DataFileError } from '../columns';
import { addText } from './cell';

/** Nested values' integers are written as numbers (as pandas shows them), or as text past 2^53. */
const bigintAsNumber = (_key: string, v: unknown): unknown =>
  typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : String(v)) : v;

/** A Parquet value (as hyparquet converts it) into a column; a nested one (list, struct) is a category, as JSON. */
export function addValue(builder: ColumnBuilder, value: unknown): void {
  if (value === null || value === undefined) builder.addMissing();
  else if (typeof value === 'number') builder.addNumber(value);
  else if (typeof value === 'bigint') builder.addNumber(Number(value));
  else if (typeof value === 'string') addText(builder, value);
  else if (value instanceof Date) builder.addNumber(value.getTime());
  else if (typeof value === 'boolean') builder.addCategory(String(value));
  else builder.addCategory(JSON.stringify(value, bigintAsNumber));
}

/**
 * The bytes [start, start + length) of the file. The caller may hand out the same memory again on the next
 * call: everything decoded from them is copied into the builder (or into hyparquet's own arrays) before then.
 */
export type ReadBytes = (start: number, length: number) => Uint8Array;

/** Every value of the flat column at `column` (a child of the schema's root), row group after row group. */
export async function readFlatColumn(
  readBytes: ReadBytes,
  source: string,
  metadata: FileMetaData,
  column: SchemaTree,
  root: SchemaTree,
  compressors: Compressors,
  builder: ColumnBuilder,
): Promise<void> {
  const { parquetHeader } = await import('hyparquet/src/column.js');
  const { decompressPage, readDataPage, readDataPageV2 } = await import('hyparquet/src/datapage.js');
  const { convert, DEFAULT_PARSERS } = await import('hyparquet/src/convert.js');
  const { readPlain } = await import('hyparquet/src/plain.js');
  const { getMaxDefinitionLevel } = await import('hyparquet/src/schema.js');
  const schemaPath = [root, column];
  const maxDefinition = getMaxDefinitionLevel(schemaPath);
  const name = column.element.name;
  for (const group of metadata.row_groups) {
    const chunk = group.columns.find(
      (c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === name,
    );
    const meta = chunk?.meta_data;
    if (!meta) throw new DataFileError(`${source}: column '${name}' has no data in a row group`);
    const decoder: ColumnDecoder = {
      pathInSchema: meta.path_in_schema,
      type: meta.type,
      element: column.element,
      schemaPath,
      codec: meta.codec,
      parsers: DEFAULT_PARSERS,
      compressors,
    };
    const bytes = readBytes(
      Number(meta.dictionary_page_offset || meta.data_page_offset),
      Number(meta.total_compressed_size),
    );
    const reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
    let dictionary: DecodedArray | undefined;
    let rows = 0;
    while (reader.offset < bytes.byteLength - 1) {
      const header = parquetHeader(reader);
      const compressed = bytes.subarray(reader.offset, reader.offset + header.compressed_page_size);
      reader.offset += header.compressed_page_size;
      let page: { definitionLevels: number[] | undefined; dataPage: DecodedArray; count: number; encoding: string };
      if (header.type === 'DICTIONARY_PAGE' && header.dictionary_page_header) {
        const plain = decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors);
        const pageReader = { view: new DataView(plain.buffer, plain.byteOffset, plain.byteLength), offset: 0 };
        const values = readPlain(
          pageReader,
          meta.type,
          header.dictionary_page_header.num_values,
          column.element.type_length,
        );
        dictionary = convert(values, decoder);
        continue;
      } else if (header.type === 'DATA_PAGE' && header.data_page_header) {
        const plain = decompressPage(compressed, header.uncompressed_page_size, meta.codec, compressors);
        const { definitionLevels, dataPage } = readDataPage(plain, header.data_page_header, decoder);
        const { num_values: count, encoding } = header.data_page_header;
        page = { definitionLevels, dataPage, count, encoding };
      } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2) {
        const { definitionLevels, dataPage } = readDataPageV2(compressed, header, decoder);
        const { num_values: count, encoding } = header.data_page_header_v2;
        page = { definitionLevels, dataPage, count, encoding };
      } else continue;
      const { definitionLevels, dataPage, count, encoding } = page;
      const lookUp = dictionary !== undefined && encoding.endsWith('_DICTIONARY') ? dictionary : undefined;
      const values = lookUp ? dataPage : convert(dataPage, decoder);
      const levels = definitionLevels !== undefined && definitionLevels.length > 0 ? definitionLevels : undefined;
      let next = 0;
      for (let i = 0; i < count; i++) {
        if (levels !== undefined && levels[i] !== maxDefinition) builder.addMissing();
        else if (lookUp) addValue(builder, lookUp[values[next++] as number]);
        else addValue(builder, values[next++]);
      }
      rows += count;
    }
    if (rows !== Number(group.num_rows)) {
      throw new DataFileError(
        `${source}: column '${name}' has ${rows} values in a row group of ${group.num_rows} rows`,
      );
    }
  }
}
