// The CLI's reading of `.mlops.json` (core/project-config.ts finds and checks it): a block that is not valid
// is printed as `COMMAND: …` with exit code 2, never ignored.
import { projectBlock } from '../core/project-config';
import type { Parsed } from '../core/parsed';
import type { CliIO } from './io';

/**
 * One block of the project's `.mlops.json` ("drift", "checks", "alerts"), checked by its core parser. On an
 * unreadable file or an invalid block, prints the message as `COMMAND: …` and gives exit code 2.
 */
export function loadConfigBlock<T>(
  io: CliIO,
  command: string,
  key: string,
  parse: (raw: unknown, where: string) => Parsed<T>,
): T | number {
  const parsed = projectBlock(io.cwd, key, parse);
  if (parsed.ok) return parsed.value;
  io.stderr(`${command}: ${parsed.message}\n`);
  return 2;
}
