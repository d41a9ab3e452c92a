// Did-you-mean: the closest known names to a misspelt one, by edit distance. Used by the pipeline checks (keys,
// stages, params, variables) and the CLI's argument parser (options), so both suggest alike.

/** Optimal-string-alignment distance (Levenshtein plus swaps of two neighbours), case-insensitive, capped. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  if (Math.abs(s.length - t.length) > cap) return cap + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      cur.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > cap) return cap + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length] as number;
}

/**
 * Known names close to `name`, best first. `aliases` maps common wrong names (lower case) to the right one.
 * Tolerance grows with length: 1 edit up to 4 characters, 2 up to 8, then 3.
 */
export function suggest(
  name: string,
  known: Iterable<string>,
  aliases: ReadonlyMap<string, string> = new Map(),
): string[] {
  const alias = aliases.get(name.toLowerCase());
  if (alias !== undefined) return [alias];
  const cap = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
  const scored: Array<[string, number]> = [];
  for (const k of known) {
    const d = editDistance(name, k, cap);
    if (d <= cap && d < Math.max(name.length, k.length)) scored.push([k, d]);
  }
  return scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0])).map(([k]) => k);
}
