// Shared by the benches: the median wall time of an async step over a few repeats.
export async function medianMs(fn: () => Promise<unknown>, repeat = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[repeat >> 1] as number;
}
