// The whole dvc.yaml language of DVC 3, declared once. Facts checked against DVC 3.x's own schema
// (dvc/schema.py: MULTI_STAGE_SCHEMA, STAGE_DEFINITION, FOREACH_IN, PLOT_DEFINITION, OUT_PSTAGE_DETAILED_SCHEMA,
// PLOT_PROPS; dvc/annotations.py; dvc/dependency `_merge_params`; dvc/output `_merge_data`).
// DVC validates the raw YAML *before* `${}` interpolation, so `frozen: ${flag}` is a type error there too.
import type { Property, SchemaNode } from './schema-types';

const str = (doc: string): SchemaNode => ({ type: 'string', doc });
const bool = (doc: string): SchemaNode => ({ type: 'boolean', doc });
const any = (doc: string): SchemaNode => ({ type: 'any', doc });
const listOf = (items: SchemaNode, doc: string): SchemaNode => ({ type: 'list', items, doc });
const strList = (doc: string, itemDoc = doc): SchemaNode => listOf(str(itemDoc), doc);
const union = (doc: string, ...options: SchemaNode[]): SchemaNode => ({ type: 'union', options, doc });
const opt = (node: SchemaNode, extra: Omit<Property, 'node'> = {}): Property => ({ node, ...extra });
const req = (node: SchemaNode, extra: Omit<Property, 'node'> = {}): Property => ({ node, required: true, ...extra });
const obj = (doc: string, properties: Record<string, Property>, when?: readonly string[]): SchemaNode =>
  when ? { type: 'object', doc, properties, when } : { type: 'object', doc, properties };

// ---- annotations and output flags ----------------------------------------------------------------------------

const ANNOTATIONS: Record<string, Property> = {
  desc: opt(str('A human-readable description, shown by `dvc ls`, Studio and our views.'), { aka: ['description'] }),
  type: opt(str('Free-form type of the artifact, e.g. `model`, `dataset`, `metrics`.')),
  labels: opt(strList('Labels (tags) for search and grouping, e.g. `[nlp, production]`.', 'A label.')),
  meta: opt(any('Free-form metadata; DVC keeps it and never interprets it.')),
};

const OUT_FLAGS: Record<string, Property> = {
  ...ANNOTATIONS,
  cache: opt(
    bool(
      'Whether DVC stores this output in its cache (`true`, the default). `false` leaves it to git — typical for small metrics files.',
    ),
  ),
  persist: opt(
    bool(
      'Keep the output in place before the command runs (`false` by default: DVC deletes outputs first). Use for outputs a command updates incrementally.',
    ),
  ),
  remote: opt(
    str(
      'Name of the DVC remote (from `.dvc/config`) this output is pushed to and pulled from, instead of the default remote.',
    ),
  ),
  push: opt(
    bool(
      'Whether `dvc push` uploads this output (`true` by default). `false` keeps it local, e.g. for large intermediate files.',
    ),
  ),
  checkpoint: opt(bool('Removed feature (DVC 2 checkpoints).'), {
    deprecated: 'checkpoints were removed in DVC 3; delete this flag (use DVCLive steps for per-epoch tracking).',
  }),
};

const TEMPLATE = str(
  'Vega-Lite template of the plot: a built-in name (`linear`, `simple`, `scatter`, `smooth`, `confusion`, `confusion_normalized`, `bar_horizontal`, `bar_horizontal_sorted`) or a path to a template file.',
);

const STAGE_PLOT_PROPS: Record<string, Property> = {
  template: opt(TEMPLATE),
  x: opt(str('Field (column) of the data file used for the x axis. Default: the row index (`step`).')),
  y: opt(str('Field (column) of the data file used for the y axis. Default: the last column.')),
  x_label: opt(str('Title of the x axis. Default: the x field name.')),
  y_label: opt(str('Title of the y axis. Default: the y field name.')),
  title: opt(str('Title of the plot.')),
  header: opt(
    bool('For CSV/TSV files: whether the first row is a header (`true`, the default). `false` numbers the columns.'),
  ),
};

const PATH_DOC = "A path relative to the stage's `wdir` (POSIX separators); `${}` interpolation is allowed.";

// DVC's schema also lets a plots entry map to a list of flag sets, but its loader then refuses anything but a
// mapping (`Expected dict for ...`), so a mapping it is.
function outputsList(what: string, flags: Record<string, Property>, flagsDoc: string): SchemaNode {
  const value = obj(flagsDoc, flags);
  return listOf(
    union(`${PATH_DOC} Either the path alone, or \`path: {flags}\`.`, str(PATH_DOC), {
      type: 'map',
      doc: `Path of the ${what} with its flags.`,
      keyDoc: 'path',
      values: value,
    }),
    `The ${what} this stage writes. Each entry is a path, or a mapping \`path: {flags}\`. DVC deletes outputs before running the command (unless \`persist: true\`), caches them after, and links them into the graph: a stage that depends on this path runs after this one.`,
  );
}

// ---- stage ---------------------------------------------------------------------------------------------------

const VARS: SchemaNode = listOf(
  union(
    'A params file to load (`params.yaml`, `config.json:train,model` to pick keys) or an inline mapping of values.',
    str('Path of a YAML/JSON/TOML/Python file whose values become variables; `file:key1,key2` loads only those keys.'),
    {
      type: 'map',
      doc: 'Inline variables.',
      keyDoc: 'variable name',
      values: any('A variable value (scalar, list or mapping).'),
    },
  ),
  'Variables for `${}` interpolation: files to load and inline values, merged in order. `params.yaml` beside dvc.yaml is loaded by default. Names may not be redefined. `vars` itself cannot use `${}`.',
);

const PARAMS_ENTRY: SchemaNode = union(
  'A parameter key in `params.yaml`, or `file: [keys]` for another params file; `file:` with no keys tracks the whole file.',
  str('A dotted key in `params.yaml` (relative to `wdir`), e.g. `train.lr`. The stage reruns when its value changes.'),
  {
    type: 'map',
    doc: 'Params from a specific file.',
    keyDoc: 'params file',
    values: union(
      'The keys this stage uses from the file (a list), or nothing to depend on every value in the file.',
      // DVC does not check the items' type; a non-string key is surely a mistake, but only a warning.
      listOf(
        { type: 'string', doc: 'A dotted key, e.g. `train.lr`.', strictness: 'warning' },
        'Dotted keys in this params file, e.g. `[train.lr, train.epochs]`.',
      ),
      { type: 'null', doc: 'Track the whole params file: every value in it is a parameter of the stage.' },
      // DVC treats any empty value as "the whole file"; another string fails when the stage loads.
      { type: 'string', enum: [''], doc: 'An empty string also tracks the whole params file.' },
    ),
  },
);

const STAGE_PROPS: Record<string, Property> = {
  cmd: req(
    union(
      'The shell command(s) the stage runs, from `wdir`. A list runs each command in order and stops at the first failure. `${}` is interpolated.',
      str('A shell command, e.g. `python train.py`.'),
      // DVC's schema takes any list here; a number in it is surely a mistake, but only a warning.
      listOf({ type: 'string', doc: 'One shell command.', strictness: 'warning' }, 'Commands run in order.'),
    ),
    { aka: ['command', 'run', 'script'] },
  ),
  wdir: opt(
    str(
      'Working directory of the stage, relative to the folder of this dvc.yaml; the command runs there and `deps`, `outs` and `params` paths are relative to it. Default: `.`.',
    ),
    { aka: ['workdir', 'working_dir', 'cwd', 'dir'] },
  ),
  deps: opt(
    strList(
      "Files and directories the stage reads. When one changes, the stage is out of date. A dep that is another stage's output makes that stage run first.",
      PATH_DOC,
    ),
    {
      aka: ['dependencies', 'inputs', 'dep'],
    },
  ),
  params: opt(
    listOf(
      PARAMS_ENTRY,
      'Parameters the stage depends on: keys in `params.yaml` (relative to `wdir`), or `file: [keys]` for another file (YAML, JSON, TOML or Python). The stage reruns when a listed value changes.',
    ),
    {
      aka: ['parameters', 'param'],
    },
  ),
  outs: opt(outputsList('outputs', OUT_FLAGS, 'Flags of this output.'), { aka: ['outputs', 'out', 'output'] }),
  metrics: opt(outputsList('metrics files (JSON, YAML, TOML)', OUT_FLAGS, 'Flags of this metrics file.'), {
    aka: ['metric'],
  }),
  plots: opt(
    outputsList(
      'plot data files (CSV, TSV, JSON, YAML) or images',
      { ...OUT_FLAGS, ...STAGE_PLOT_PROPS },
      'Flags and plot properties of this file.',
    ),
    { aka: ['plot'] },
  ),
  frozen: opt(
    bool(
      '`true` stops `dvc repro` (and `mlops run`) from running this stage even when its dependencies change; it is always considered up to date.',
    ),
    { aka: ['locked', 'freeze'] },
  ),
  always_changed: opt(
    bool(
      '`true` makes the stage always out of date, so it runs on every reproduction (e.g. a stage that downloads fresh data).',
    ),
    { aka: ['always_change', 'alwayschanged'] },
  ),
  desc: opt(str('A description of the stage, shown by `dvc stage list` and in our views.'), { aka: ['description'] }),
  meta: opt(any('Free-form metadata about the stage; DVC keeps it and never interprets it.')),
  vars: opt(VARS),
  matrix: opt({
    type: 'map',
    doc: 'Generates one stage per combination of the listed values, named `stage@v1-v2`. Use `${item.<name>}` in the stage to read the current value (and `${key}` for the generated name suffix).',
    keyDoc: 'matrix variable',
    values: union(
      'The values of this matrix dimension: a list, or `${}` naming a list variable.',
      listOf(any('One value.'), 'Values of this dimension.'),
      str('A `${}` expression naming a list, e.g. `${models}`.'),
    ),
  }),
};

const STAGE: SchemaNode = obj('A stage: a command with its dependencies and outputs. `cmd` is required.', STAGE_PROPS);

const FOREACH_STAGE: SchemaNode = obj(
  'A stage group: `do` is instantiated once per element of `foreach`, as `name@key`.',
  {
    foreach: req(
      union(
        'What to iterate over: a list (`${item}` is each element), a mapping (`${key}` and `${item}`) or a `${}` expression naming one.',
        listOf(
          any('One element, available as `${item}`.'),
          'Elements; simple values also name the generated stages (`stage@value`), composite ones by index.',
        ),
        {
          type: 'map',
          doc: 'Generated stages are named `stage@key`.',
          keyDoc: 'key',
          values: any('Available as `${item}`; the key as `${key}`.'),
        },
        str('A `${}` expression naming a list or mapping, e.g. `${datasets}`.'),
      ),
    ),
    do: req({
      ...STAGE,
      doc: 'The stage template instantiated for each element of `foreach`; use `${item}` (and `${key}` for mappings).',
    }),
  },
  ['foreach', 'do'],
);

// ---- top level -----------------------------------------------------------------------------------------------

const PLOT_DEFINITION: SchemaNode = obj('A plot: which files and fields to draw, and how.', {
  x: opt(
    union('The x field: a field name for all y files, or `file: field` per file.', str('Field name for the x axis.'), {
      type: 'map',
      doc: 'x field per data file.',
      keyDoc: 'data file',
      values: str('Field name.'),
    }),
  ),
  y: opt(
    union(
      'The y field(s): a field name, a list of field names, or `file: field(s)` to draw fields from several files.',
      str('Field name for the y axis (the plot id is then the data file).'),
      strList('Field names for the y axis.', 'A field name.'),
      {
        type: 'map',
        doc: 'y fields per data file.',
        keyDoc: 'data file',
        values: union('Field(s) of this file.', str('A field name.'), strList('Field names.', 'A field name.')),
      },
    ),
  ),
  template: opt(TEMPLATE),
  title: opt(str('Title of the plot.')),
  x_label: opt(str('Title of the x axis.')),
  y_label: opt(str('Title of the y axis.')),
});

const DATASET: SchemaNode = {
  ...obj('A dataset usable as a dep (`ds://name`): a DVC repo path, a DataChain dataset or a URL.', {
    name: req(str('Name used to reference the dataset in deps as `ds://<name>`.')),
    type: req({
      type: 'string',
      enum: ['dvc', 'dc', 'url'],
      doc: '`dvc` (a path in a DVC/git repo), `dc` (a DataChain dataset) or `url` (cloud storage).',
    }),
    url: opt(str('Repository URL (`dvc`), dataset name (`dc`) or storage URL (`url`).')),
    path: opt(str('For `type: dvc`: the path inside the repository.')),
    rev: opt(str('For `type: dvc`: git revision (branch, tag or commit) to read from.')),
  }),
  // DVC only checks datasets when they are used, so our findings stay warnings.
  strictness: 'warning',
};

export const DVC_YAML: SchemaNode = obj('A DVC 3 pipeline file (dvc.yaml).', {
  vars: opt(VARS),
  stages: opt({
    type: 'map',
    doc: 'The pipeline stages, by name. Each is a command with its deps, params and outs; stages are linked by matching outs to deps.',
    keyDoc: 'stage name',
    values: union('A stage, or a `foreach`/`do` group.', FOREACH_STAGE, STAGE),
  }),
  params: opt(
    strList(
      'Extra params files (YAML, JSON, TOML, Python) shown by `dvc params diff`, beyond those used by stages.',
      'Path of a params file.',
    ),
  ),
  metrics: opt(
    strList(
      "Extra metrics files (JSON, YAML, TOML) shown by `dvc metrics show`, beyond stage metrics; often DVCLive's `dvclive/metrics.json`.",
      'Path of a metrics file.',
    ),
  ),
  plots: opt(
    listOf(
      union(
        'A data file or image path (plot id), or `id: {x, y, template, ...}`.',
        str('A data file, image or folder to plot with default settings.'),
        {
          type: 'map',
          doc: 'A plot id (a data file path, or a free name when `y` names files) with its definition.',
          keyDoc: 'plot id',
          values: union('The plot definition, or nothing for defaults.', PLOT_DEFINITION, {
            type: 'null',
            doc: 'Default plot settings.',
          }),
          minKeys: 1,
        },
      ),
      'Plots shown by `dvc plots show`: data files or images, with optional x/y fields, template and titles.',
    ),
  ),
  artifacts: opt({
    type: 'map',
    doc: 'Declared artifacts (models, datasets) for the model registry; the key is the artifact name.',
    keyDoc: 'artifact name',
    values: obj('An artifact: its path and annotations.', {
      path: req(str('Path of the artifact file or folder, relative to dvc.yaml.')),
      ...ANNOTATIONS,
    }),
  }),
  datasets: opt(
    listOf(DATASET, 'Datasets this project references; a stage depends on one with `ds://<name>` in its deps.'),
  ),
});
