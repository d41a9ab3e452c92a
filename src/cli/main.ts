// `mlops` command line: parses arguments and hands over to one command module per verb.
const USAGE = `usage: mlops <command> [options]

commands:
  validate [PATH...] [--format text|json|github|sarif]
  dag [--format dot|mermaid|json]
  schema
  status [--json]
  run [STAGE...] [--downstream] [--single] [--force] [--jobs N] [--experiment NAME] [--json]
  runs list|show
  models list|register|promote
`;

function main(argv: string[]): number {
  const [command] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stderr.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`mlops: unknown command '${command}'\n\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
