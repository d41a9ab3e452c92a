// `mlops dag [PATH...] [--format dot|mermaid|json]`: the stage graph of the pipelines, as `dvc dag` draws it.
import { dirname, resolve } from 'node:path';
import { nodeFileSystem } from '../core/fs';
import {
  buildDag,
  dagToDot,
  dagToJson,
  dagToMermaid,
  findPipelineFiles,
  loadPipelineFile,
  type Dag,
} from '../core/pipeline';
import { parseCommandArgs } from './args';
import type { Command } from './io';
import { displayPath } from './report';

const FORMATS = ['dot', 'mermaid', 'json'] as const;

const USAGE = `usage: mlops dag [PATH...] [--format dot|mermaid|json]

Prints the stage graph: an edge from the stage (or .dvc file) writing an output to each stage reading it.

  PATH      a dvc.yaml or .dvc file, or a folder searched recursively (default: the current folder)
  --format  dot (default; Graphviz, as \`dvc dag --dot\`), mermaid (as \`dvc dag --mermaid\`), or json:
            {"nodes":[{"id","name","file"}],"edges":[{"from","to","path"}],"order":[id...],"cycles":[[id...]]}
            (stage ids as DVC writes them: \`train\`, \`sub/dvc.yaml:train\` below the folder searched, and
            \`data/data.xml.dvc\` for data tracked by \`dvc add\` or \`dvc import\`)

Exit status: 0 the graph is complete, 1 a pipeline has errors (the graph shows what loaded) or a cycle,
2 usage or internal failure.
`;

export const dag: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops dag',
      usage: USAGE,
      options: { format: { values: FORMATS, placeholder: 'FORMAT' } },
      positionals: { max: Infinity },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const fs = nodeFileSystem;

  const roots = (args.positionals.length > 0 ? args.positionals : ['.']).map((root) => ({
    root,
    abs: resolve(io.cwd, root),
  }));
  const files = new Set<string>();
  for (const { root, abs } of roots) {
    if (!fs.stat(abs)) {
      io.stderr(`mlops dag: '${root}' does not exist; give a dvc.yaml file or a folder that contains one.\n`);
      return 2;
    }
    const found = findPipelineFiles(abs, fs);
    if (found.length === 0) io.stderr(`mlops dag: no dvc.yaml or .dvc file found under '${root}'.\n`);
    for (const file of found) files.add(file);
  }

  const pipelines = [...files].sort().map((file) => loadPipelineFile(file, fs));
  // Stage ids are relative to the one folder searched, as `dvc dag` run there would name them.
  const single = roots.length === 1 ? roots[0]!.abs : undefined;
  const base = single === undefined ? io.cwd : fs.stat(single)?.isDirectory ? single : dirname(single);
  const graph = buildDag(pipelines, base);
  const format = args.options.format ?? 'dot';
  io.stdout(format === 'dot' ? dagToDot(graph) : format === 'mermaid' ? dagToMermaid(graph) : toJson(graph, io.cwd));

  let complete = true;
  for (const p of pipelines) {
    const errors = p.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors === 0) continue;
    complete = false;
    io.stderr(
      `mlops dag: ${displayPath(p.file, io.cwd)} has ${errors} error${errors === 1 ? '' : 's'}; its graph may be incomplete (see mlops validate).\n`,
    );
  }
  for (const cycle of graph.cycles) {
    const ids = cycle.path.map((i) => graph.nodes[i]!.id);
    io.stderr(`mlops dag: dependency cycle ${[...ids, ids[0]].join(' → ')}; DVC refuses to run a cyclic pipeline.\n`);
  }
  return complete && graph.cycles.length === 0 ? 0 : 1;
};

/** The JSON graph with paths shown like everywhere else in the CLI: relative to the working folder when under it. */
function toJson(graph: Dag, cwd: string): string {
  const json = dagToJson(graph);
  return `${JSON.stringify(
    {
      ...json,
      nodes: json.nodes.map((n) => ({ ...n, file: displayPath(n.file, cwd) })),
      edges: json.edges.map((e) => ({ ...e, path: displayPath(e.path, cwd) })),
    },
    null,
    2,
  )}\n`;
}
