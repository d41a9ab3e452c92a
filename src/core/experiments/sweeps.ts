// From `-S` overrides to the experiments they make. Several sweeping overrides form a grid, their values
// crossed in the order given with the last one varying fastest (DVC's dict_product over Hydra's
// BasicSweeper); `--random N` draws N distinct points of the grid instead, and is the only way to use
// `interval(low, high)` (a float drawn per point).
import { randomInt } from 'node:crypto';
import type { Value } from '../pipeline/py-value';
import { type Override, parseOverride, SweepSyntaxError } from './sweep-syntax';

/** One change to one params file: what an experiment's workspace gets before it runs. */
export type ParamChange =
  | { file: string; key: string; op: 'delete' }
  | { file: string; key: string; op: 'change' | 'add' | 'force-add'; value: Value };

/** The params of one experiment. */
export type Point = ParamChange[];

/** The most experiments one command may make: a typo in a range should not queue a million. */
export const MAX_POINTS = 10_000;

export type SweepPlan = { ok: true; points: Point[] } | { ok: false; message: string };

/** Parses every `-S` and expands the grid (or the random sample); errors name the token at fault. */
export function planSweep(args: readonly string[], random?: number): SweepPlan {
  let overrides: Override[];
  try {
    overrides = args.map(parseOverride);
  } catch (err) {
    if (err instanceof SweepSyntaxError) return { ok: false, message: err.message };
    throw err;
  }
  const axes = overrides.map(axisOf);
  const interval = overrides.find((o) => o.op !== 'delete' && o.sweep.kind === 'interval');
  if (random === undefined) {
    if (interval) return { ok: false, message: `'${interval.text}': interval() draws random values; add --random N` };
    const size = axes.reduce((n, a) => n * a.size, 1);
    if (size > MAX_POINTS)
      return { ok: false, message: `the sweep makes ${size} experiments (more than ${MAX_POINTS}); narrow it` };
    return { ok: true, points: Array.from({ length: size }, (_, i) => pointAt(axes, i)) };
  }
  if (random < 1) return { ok: false, message: '--random needs at least 1' };
  if (random > MAX_POINTS) return { ok: false, message: `--random ${random} is more than ${MAX_POINTS}` };
  if (interval) return { ok: true, points: Array.from({ length: random }, () => axes.map((a) => a.draw())) };
  const size = axes.reduce((n, a) => n * a.size, 1);
  // Distinct grid indexes, by a partial Fisher-Yates over the index space kept sparse.
  const swapped = new Map<number, number>();
  const points: Point[] = [];
  for (let i = 0; i < Math.min(random, size); i++) {
    const j = i + randomInt(size - i);
    const picked = swapped.get(j) ?? j;
    swapped.set(j, swapped.get(i) ?? i);
    points.push(pointAt(axes, picked));
  }
  return { ok: true, points };
}

interface Axis {
  size: number;
  at(i: number): ParamChange;
  draw(): ParamChange;
}

function axisOf(o: Override): Axis {
  if (o.op === 'delete') {
    const change: ParamChange = { file: o.file, key: o.key, op: 'delete' };
    return { size: 1, at: () => change, draw: () => change };
  }
  const { file, key, op } = o;
  const sweep = o.sweep;
  if (sweep.kind === 'interval') {
    const draw = (): ParamChange => ({ file, key, op, value: sweep.low + Math.random() * (sweep.high - sweep.low) });
    return { size: 1, at: draw, draw };
  }
  const at = (i: number): ParamChange => ({ file, key, op, value: sweep.values[i] as Value });
  return { size: sweep.values.length, at, draw: () => at(randomInt(sweep.values.length)) };
}

/** Mixed-radix decoding: the last axis varies fastest, as itertools.product does. */
function pointAt(axes: readonly Axis[], index: number): Point {
  const point: Point = new Array(axes.length);
  let rest = index;
  for (let k = axes.length - 1; k >= 0; k--) {
    const axis = axes[k] as Axis;
    point[k] = axis.at(rest % axis.size);
    rest = Math.floor(rest / axis.size);
  }
  return point;
}

/** `file:key=value` for messages and run names. */
export function describeChange(c: ParamChange): string {
  const file = c.file === 'params.yaml' ? '' : `${c.file}:`;
  return c.op === 'delete' ? `~${file}${c.key}` : `${file}${c.key}=${JSON.stringify(c.value)}`;
}
