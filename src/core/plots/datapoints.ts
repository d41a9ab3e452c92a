// A plot's rows for one revision, flattened as DVC's VegaConverter does (dvc/render/converter/vega.py): each file's
// rows as row-source.ts's datapointsOf finds them; `x`/`y` inferred when absent (`step` as
// the row index, the last field of the first row as `y`); one block of rows per y source with `rev`,
// `filename` and `field` added, `dvc_inferred_y_value` when several y fields share an axis and
// `dvc_inferred_x_value` when several x fields do. The blocks name what each row gains (row-blocks.ts).
import type { DataDocument, Datum } from './data-files';
import type { PlotProps } from './definitions';
import { commonPath } from './definitions';
import { rowKeys, type YDefinition } from './anchors';
import type { OptionalAnchor } from './templates';
import { INDEX_FIELD, INFERRED_X, INFERRED_Y, type RowBlock } from './row-blocks';
import { firstRowFields, isObject, listsIn, objectRows, rowCount, type RowSource } from './row-source';

/** A definition DVC refuses for a revision (a missing field, x and y sources that do not pair up). */
export class PlotDefinitionError extends Error {
  constructor(
    message: string,
    readonly type = 'DvcException',
    /** The data file and 1-based line the problem is in, when it is in one. */
    readonly at?: { file: string; line?: number },
  ) {
    super(message);
  }
}

export interface FlatPlot {
  /** One per y source, in the order of the y definitions; none is empty. */
  blocks: RowBlock[];
  /** The x and y fields of the rows, after inference. */
  x: string;
  y: string;
  xLabel: string;
  yLabel: string;
  yDefinitions: YDefinition[];
}

/** (file, field) pairs of an axis map, lists expanded. */
function fileFields(spec: Record<string, string | string[]> | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [file, val] of Object.entries(spec ?? {})) {
    if (typeof val === 'string') out.push([file, val]);
    else if (Array.isArray(val)) for (const f of val) out.push([file, f]);
  }
  return out;
}

const NO_ROWS: RowSource = objectRows([]);

/**
 * The rows of one revision. `files` maps each source that loaded to its rows (sources that failed are absent);
 * `lines` gives the line of each row of a CSV/TSV source, for messages.
 */
export function flatDatapoints(
  plotId: string,
  props: PlotProps,
  files: ReadonlyMap<string, RowSource>,
  revision: string,
  documents: ReadonlyMap<string, DataDocument> = new Map(),
  anchors: ReadonlySet<OptionalAnchor> = new Set(),
): FlatPlot | undefined {
  // _infer_x_y
  let xMap: Record<string, string | string[]> | undefined;
  if (typeof props.x === 'string') {
    const x = props.x;
    xMap = {};
    if (isObject(props.y)) {
      for (const [file, fields] of Object.entries(props.y))
        xMap[file] = Array.isArray(fields) ? fields.map(() => x) : x;
    } else xMap[plotId] = x;
  } else if (isObject(props.x)) xMap = props.x as Record<string, string>;
  let yMap: Record<string, string | string[]> | undefined;
  if (props.y === undefined) {
    const field = inferY(documents.get(plotId), files.get(plotId));
    yMap = field === undefined ? undefined : { [plotId]: field };
  } else if (isObject(props.y)) yMap = props.y as Record<string, string | string[]>;
  else yMap = { [plotId]: props.y as string | string[] };

  const xs = fileFields(xMap).filter(([f, field]) => verifyField(files, f, field));
  const ys = fileFields(yMap).filter(([f, field]) => verifyField(files, f, field));
  const yLabel = props.y_label ?? axisLabel(yMap, 'y') ?? 'y';
  const xLabel = props.x_label ?? (xMap ? (axisLabel(xMap, 'x') ?? INDEX_FIELD) : INDEX_FIELD);

  let [xFile, xField]: [string | undefined, string] = xs[0] ?? [undefined, INDEX_FIELD];
  const multipleX = xs.length > 1 && new Set(xs.map((x) => x[1])).size > 1;
  const x = multipleX ? INFERRED_X : xField;
  if (xs.length > 1 && xs.length !== ys.length)
    throw new PlotDefinitionError(
      `Cannot have different number of x and y data sources. Found ${xs.length} x and ${ys.length} y data sources.`,
    );
  const yFields = new Set(ys.map((y) => y[1]));
  const yFiles = [...new Set(ys.map((y) => y[0]))];
  const y = yFields.size > 1 ? INFERRED_Y : ([...yFields][0] ?? '');
  const prefix = yFiles.length > 1 ? yFiles.reduce((a, b) => commonPath(a, b)).length : 0;
  const short = (file: string): string => file.slice(prefix).replace(/^[/\\]+|[/\\]+$/g, '');
  const yDefinitions = ys.map(([file, field]) => ({ filename: short(file), field }));

  const keys = rowKeys(anchors, yDefinitions);
  const blocks: RowBlock[] = [];
  ys.forEach(([yFile, yField], i) => {
    if (xs.length > 1) [xFile, xField] = xs[i]!;
    const rows = files.get(yFile) ?? NO_ROWS;
    const xRows = xFile === undefined ? undefined : (files.get(xFile) ?? NO_ROWS);
    if (xRows && rowCount(xRows) !== rowCount(rows))
      throw new PlotDefinitionError(
        `Cannot join '${xField}' from '${xFile}' and '${yField}' from '${yFile}'. They have to have same length.`,
      );
    if (rowCount(rows) === 0) return;
    const filename = short(yFile);
    const constant: Datum = { rev: revision };
    if (keys.filename) constant.filename = filename;
    if (keys.field) constant.field = yField;
    if (keys.concat) constant['filename::field'] = `${filename}::${yField}`;
    blocks.push({
      rows,
      file: yFile,
      // The rows' own x needs nothing added.
      ...(xRows === undefined || (xRows === rows && xField === x)
        ? {}
        : { xFrom: { rows: xRows, field: xField, as: x } }),
      index: xRows === undefined,
      ...(y === INFERRED_Y ? { inferredY: yField } : {}),
      constant,
    });
  });
  if (blocks.length === 0) return undefined;
  return { blocks, x, y, xLabel, yLabel, yDefinitions };
}

/** The last field of the first row of the first list of objects (_infer_y_from_data). */
function inferY(document: DataDocument | undefined, rows: RowSource | undefined): string | undefined {
  if (document === undefined) return rows === undefined ? undefined : firstRowFields(rows).at(-1);
  if (document.outline) {
    const list = document.outline.lists.find((l) => l.objects);
    return list?.keys.at(-1);
  }
  for (const { list } of listsIn(document.value()))
    if (list.every(isObject)) {
      const first = list[0] as Datum | undefined;
      return first === undefined ? undefined : Object.keys(first).at(-1);
    }
  return undefined;
}

function verifyField(files: ReadonlyMap<string, RowSource>, file: string, field: string): true {
  const rows = files.get(file);
  if (rows === undefined) return true;
  const fields = firstRowFields(rows);
  if (!fields.includes(field))
    throw new PlotDefinitionError(
      `Could not find provided field ('${field}') in data fields ('${fields.join(', ')}').`,
      'FieldNotFoundError',
      { file, line: 1 },
    );
  return true;
}

/** The axis title DVC infers: the one field all sources share, else the axis name. */
function axisLabel(map: Record<string, string | string[]> | undefined, axis: 'x' | 'y'): string | undefined {
  if (map === undefined) return undefined;
  const fields = new Set(fileFields(map).map((f) => f[1]));
  return fields.size === 1 ? [...fields][0] : axis;
}
