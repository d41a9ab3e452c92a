// The one argument parser of the `mlops` verbs: boolean flags, options with a value (`--opt value` or
// `--opt=value`), positionals, `--` to end options, and usage errors that say what is wrong and how to fix it.
import { suggest } from '../core/suggest';
import type { CliIO } from './io';

export interface OptionSpec {
  /** Allowed values; any value when absent. Declare the list `as const` and the parsed value gets its union type. */
  values?: readonly string[];
  /** The value must be a whole number ≥ 0 (it is still returned as written; the caller converts it). */
  integer?: boolean;
  /** Name of the value in usage messages, e.g. `N` or `NAME`. */
  placeholder?: string;
  /** A one-letter spelling with one dash, e.g. `S` for `-S` (as DVC spells `-S/--set-param`). */
  short?: string;
  /** May be given several times; the parsed value is then the list of values in order. */
  repeat?: boolean;
  /**
   * Takes every following argument up to the next one starting with `-`, none at all allowed, as argparse's
   * `nargs="*"` does for DVC's `--targets`; the parsed value is that list (`--opt=value` gives one).
   */
  list?: boolean;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ArgSpec<F extends string, O extends OptionSpecs> {
  /** `mlops <verb>` as shown in messages, e.g. `mlops validate`. */
  command: string;
  /** The usage text printed with every usage error and for `--help`. */
  usage: string;
  /** Boolean switches, without the leading `--`. */
  flags?: readonly F[];
  /** One-letter spellings of switches with one dash, e.g. `{ R: 'recursive' }` for DVC's `-R`. */
  shortFlags?: Readonly<Record<string, F>>;
  /** Options that take one value, without the leading `--`. */
  options?: O;
  /** How many positionals are accepted (default: none). */
  positionals?: { min?: number; max?: number };
}

/** An option's value: one of its `values` when they are listed, else any string. */
type OptionValue<S extends OptionSpec> = S extends { repeat: true } | { list: true }
  ? string[]
  : S extends { values: readonly (infer V)[] }
    ? V
    : string;

export interface ParsedArgs<F extends string, O extends OptionSpecs> {
  flags: ReadonlySet<F>;
  options: { [K in keyof O]?: OptionValue<O[K]> };
  positionals: string[];
}

/** Parsing either gives the arguments, or the exit code to return after `--help` (0) or a usage error (2). */
export type ParseOutcome<F extends string, O extends OptionSpecs> =
  | { ok: true; args: ParsedArgs<F, O> }
  | { ok: false; exitCode: 0 | 2; message: string };

export function parseArgs<F extends string = never, O extends OptionSpecs = Record<never, OptionSpec>>(
  argv: readonly string[],
  spec: ArgSpec<F, O>,
): ParseOutcome<F, O> {
  const flagNames: readonly string[] = spec.flags ?? [];
  const optionSpecs: OptionSpecs = spec.options ?? {};
  const flags = new Set<F>();
  // Filled only with values checked against their spec below, hence the typed view at the end.
  const options: Record<string, string | string[]> = {};
  const shorts = new Map<string, string>(
    Object.entries(optionSpecs).flatMap(([name, o]) => (o.short ? [[`-${o.short}`, name] as const] : [])),
  );
  const positionals: string[] = [];
  const fail = (problem: string): ParseOutcome<F, O> => ({
    ok: false,
    exitCode: 2,
    message: `${spec.command}: ${problem}\n\n${spec.usage}`,
  });

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') return { ok: false, exitCode: 0, message: spec.usage };
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const shortFlag = /^-[A-Za-z]$/.test(arg) ? spec.shortFlags?.[arg.slice(1)] : undefined;
    if (shortFlag !== undefined) {
      flags.add(shortFlag);
      continue;
    }
    const short = shorts.get(arg);
    if (!arg.startsWith('--') && !short)
      return fail(`unknown option '${arg}' (options are spelled with two dashes, e.g. --help)`);

    const eq = short ? -1 : arg.indexOf('=');
    const name = short ?? arg.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    if (flagNames.includes(name)) {
      if (inline !== undefined) return fail(`option '--${name}' takes no value (write just --${name})`);
      flags.add(name as F);
      continue;
    }
    const option = optionSpecs[name];
    if (!option) return fail(unknownOption(name, [...flagNames, ...Object.keys(optionSpecs)]));
    const placeholder = option.placeholder ?? 'VALUE';
    if (option.list) {
      if (options[name] !== undefined) return fail(`option '--${name}' is given twice; give its values once`);
      const values: string[] = inline === undefined ? [] : [inline];
      if (inline === undefined)
        while (i + 1 < argv.length && (argv[i + 1] === '-' || !argv[i + 1]!.startsWith('-'))) values.push(argv[++i]!);
      options[name] = values;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--'))
        return fail(`option '--${name}' needs a value: --${name} ${placeholder}`);
      value = next;
      i++;
    }
    if (option.values && !option.values.includes(value)) {
      return fail(`option '--${name}' does not accept '${value}'; use one of: ${option.values.join(', ')}`);
    }
    if (option.integer && !/^\d+$/.test(value)) {
      return fail(`option '--${name}' needs a whole number, not '${value}'`);
    }
    if (option.repeat) {
      options[name] = [...((options[name] as string[] | undefined) ?? []), value];
      continue;
    }
    if (options[name] !== undefined) return fail(`option '--${name}' is given twice; give it once`);
    options[name] = value;
  }

  const { min = 0, max = 0 } = spec.positionals ?? {};
  if (positionals.length < min)
    return fail(`expected at least ${min} argument${min === 1 ? '' : 's'}, got ${positionals.length}`);
  if (positionals.length > max) {
    const extra = positionals[max]!;
    return fail(
      max === 0 ? `unexpected argument '${extra}'` : `too many arguments (from '${extra}' on; at most ${max})`,
    );
  }
  return { ok: true, args: { flags, options: options as ParsedArgs<F, O>['options'], positionals } };
}

/**
 * Parses and, on `--help` or a usage error, prints the message on stderr.
 * Returns the parsed arguments, or the exit code the command should return.
 */
export function parseCommandArgs<F extends string = never, O extends OptionSpecs = Record<never, OptionSpec>>(
  argv: readonly string[],
  spec: ArgSpec<F, O>,
  io: CliIO,
): ParsedArgs<F, O> | number {
  const outcome = parseArgs(argv, spec);
  if (outcome.ok) return outcome.args;
  io.stderr(outcome.message.endsWith('\n') ? outcome.message : `${outcome.message}\n`);
  return outcome.exitCode;
}

function unknownOption(name: string, known: string[]): string {
  const close = suggest(name, known);
  const hint =
    close.length > 0
      ? ` (did you mean --${close[0]}?)`
      : known.length > 0
        ? `; known options: ${known.map((k) => `--${k}`).join(', ')}`
        : '';
  return `unknown option '--${name}'${hint}`;
}
