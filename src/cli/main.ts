// `mlops` command line: dispatches a verb to its command module.
import { guarded } from './guarded';
import { processIO, type CliIO, type Command } from './io';

const USAGE = `usage: mlops <command> [options]

commands:
  validate [PATH...] [--format text|json|github|sarif]
  dag [--format dot|mermaid|json]
  schema
  status [--json] [--no-daemon]
  daemon start|stop|status
  run [STAGE...] [--downstream] [--single] [--force] [--jobs N] [--experiment NAME] [--json]
  runs list|show|log
  models list|register|promote
  check [--run ID | --workspace] [--against REF] [--format text|json|github|md]
  alerts check [--tracking-uri URI] [--json]
  report [--run ID] [--against REF] [--format md|html] [-o FILE]
  drift --reference FILE --current FILE [--format text|json|md] [--metrics-out FILE]
  exp run|list
  plots show|diff [TARGET|REV...] [--json] [-o DIR]
  queue start|status|stop|logs|remove
  metrics show|diff [A_REV] [B_REV] [--json|--md] [--all]
  params diff [A_REV] [B_REV] [--json|--md] [--all]
`;

/** One line per verb; each module exports a `Command`. */
const commands: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate')).validate,
  dag: async () => (await import('./dag')).dag,
  schema: async () => (await import('./schema')).schema,
  status: async () => (await import('./status')).status,
  daemon: async () => (await import('./daemon')).daemon,
  run: async () => (await import('./run')).run,
  runs: async () => (await import('./runs')).runs,
  models: async () => (await import('./models')).models,
  drift: async () => (await import('./drift')).drift,
  exp: async () => (await import('./exp')).exp,
  check: async () => (await import('./check')).check,
  plots: async () => (await import('./plots')).plots,
  alerts: async () => (await import('./alerts')).alerts,
  queue: async () => (await import('./queue')).queue,
  report: async () => (await import('./model-report')).report,
  metrics: async () => (await import('./metrics-params')).metrics,
  params: async () => (await import('./metrics-params')).params,
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h') {
    io.stderr(USAGE);
    return verb === undefined ? 2 : 0;
  }
  const load = commands[verb];
  if (!load) {
    io.stderr(`mlops: unknown command '${verb}'\n\n${USAGE}`);
    return 2;
  }
  return guarded(verb, async () => (await load())(rest, io), io);
}

if (require.main === module) {
  const io = processIO();
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
