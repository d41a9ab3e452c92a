// `mlops validate [PATH...] [--format text|json|github|sarif]`: checks dvc.yaml files, and `.dvc` files as DVC 3 loads
// them (one it refuses is reported as status, run and dag report it); exit 1 when any error is found.
import { basename, resolve } from 'node:path';
import { version } from '../../package.json';
import type { Diagnostic } from '../core/diagnostics';
import { nodeFileSystem } from '../core/fs';
import { findPipelineFiles, isDvcFileName, validateDvcFiles, validatePipelines } from '../core/pipeline';
import { parseCommandArgs } from './args';
import { CONFIG_FILE, loadProjectConfig } from '../core/project-config';
import { formatGithub } from './format-github';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import type { Command } from './io';
import { countBySeverity, displayPath, type FileReport, type Formatter, type ReportContext } from './report';

const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
const FORMATTERS: Record<(typeof FORMATS)[number], Formatter> = {
  text: formatText,
  json: formatJson,
  github: formatGithub,
  sarif: formatSarif,
};

const USAGE = `usage: mlops validate [PATH...] [--format text|json|github|sarif]

Checks DVC pipeline files (dvc.yaml): structure, types, \${} interpolation, the stage graph and the
files and params they name; and .dvc files as DVC 3 loads them (a key it refuses is an error).

  PATH      a dvc.yaml or .dvc file, or a folder searched recursively for both (default: the current folder;
            .git, node_modules, virtual envs and caches are skipped)
  --format  text (default; file:line:col, 1-based), json (0-based positions), github (workflow
            annotations), sarif (SARIF 2.1.0)

Per-code severities come from ${CONFIG_FILE} in the current folder or above:
  {"diagnostics": {"severity": {"missing-dependency": "warning", "undefined-param": "off"}}}
A "# mlops-disable-next-line CODE" comment silences the next line.

Exit status: 0 no error, 1 at least one error-severity diagnostic, 2 usage or internal failure.
`;

export const validate: Command = async (argv, io) => {
  const args = parseCommandArgs(
    argv,
    {
      command: 'mlops validate',
      usage: USAGE,
      options: { format: { values: FORMATS, placeholder: 'FORMAT' } },
      positionals: { max: Infinity },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const fs = nodeFileSystem;

  const loaded = loadProjectConfig(io.cwd, fs);
  if (!loaded.ok) {
    io.stderr(`mlops validate: ${loaded.message}\n`);
    return 2;
  }

  const files = new Set<string>();
  const dvcFiles = new Set<string>();
  for (const root of args.positionals.length > 0 ? args.positionals : ['.']) {
    const abs = resolve(io.cwd, root);
    if (!fs.stat(abs)) {
      io.stderr(`mlops validate: '${root}' does not exist; give a dvc.yaml file or a folder that contains one.\n`);
      return 2;
    }
    const found = findPipelineFiles(abs, fs);
    if (found.length === 0) io.stderr(`mlops validate: no dvc.yaml or .dvc file found under '${root}'.\n`);
    for (const file of found) (isDvcFileName(basename(file)) ? dvcFiles : files).add(file);
  }

  const results = new Map([
    ...validatePipelines([...files], fs, { severity: loaded.config.severity }),
    ...validateDvcFiles([...dvcFiles], fs),
  ]);
  const reports: FileReport[] = [...results].map(([file, diagnostics]) => ({
    path: displayPath(file, io.cwd),
    diagnostics: diagnostics.map((d) => withDisplayedRelated(d, io.cwd)),
  }));
  const context: ReportContext = { cwd: io.cwd, toolVersion: version, describe: describeCode };
  io.stdout(FORMATTERS[args.options.format ?? 'text'](reports, context));

  const counts = countBySeverity(reports);
  io.stderr(
    `${plural(reports.length, 'file')} checked: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}.\n`,
  );
  return counts.error > 0 ? 1 : 0;
};

/** Related locations name other files by absolute path; show them like the report's own paths. */
function withDisplayedRelated(d: Diagnostic, cwd: string): Diagnostic {
  return d.related ? { ...d, related: d.related.map((r) => ({ ...r, file: displayPath(r.file, cwd) })) } : d;
}

/** `unknown-key` → `Unknown key`: the rule title in SARIF until the core publishes a description per code. */
function describeCode(code: string): string {
  const words = code.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
