// Where each element of one array is written in a JSON text, so `plots --json` can copy a row's own bytes
// instead of printing the numbers JSON.parse read back out (most of the cost of a 100k-point ROC file). The
// text has already been parsed, so it is valid JSON and the scan only skips strings and counts brackets. The
// array is named by its path of object keys from the top; like JSON.parse, the last of duplicate keys wins.

export interface Spans {
  starts: Int32Array;
  ends: Int32Array;
}

/** Offsets of `[start, end)` of each element of the array at `path`, or undefined when it is not found. */
export function elementSpans(text: string, path: readonly string[]): Spans | undefined {
  let i = 0;
  const ws = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  // i at an opening quote → i after the closing one.
  const skipString = (): void => {
    for (let j = i + 1; ; ) {
      const q = text.indexOf('"', j);
      let backslashes = 0;
      while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) {
        i = q + 1;
        return;
      }
      j = q + 1;
    }
  };
  // i at a value → i after it.
  const skipValue = (): void => {
    const c = text.charCodeAt(i);
    if (c === 34) return skipString();
    if (c !== 123 && c !== 91) {
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === 44 || d === 93 || d === 125 || d === 32 || d === 10 || d === 13 || d === 9) return;
        i++;
      }
      return;
    }
    // One loop over an object or list (a row): strings are skipped inline, an escape taking the next character.
    let depth = 0;
    for (;;) {
      const d = text.charCodeAt(i++);
      if (d === 34)
        for (;;) {
          const e = text.charCodeAt(i++);
          if (e === 92) i++;
          else if (e === 34) break;
        }
      else if (d === 123 || d === 91) depth++;
      else if ((d === 125 || d === 93) && --depth === 0) return;
    }
  };
  const elements = (): Spans => {
    const starts: number[] = [];
    const ends: number[] = [];
    i++;
    ws();
    while (text.charCodeAt(i) !== 93) {
      starts.push(i);
      skipValue();
      ends.push(i);
      ws();
      if (text.charCodeAt(i) === 44) i++;
      ws();
    }
    i++;
    return { starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
  };
  // i at the value at depth `d` of the path → its spans if it holds the array, i after the value.
  const walk = (d: number): Spans | undefined => {
    ws();
    const c = text.charCodeAt(i);
    if (d === path.length) {
      if (c === 91) return elements();
      skipValue();
      return undefined;
    }
    if (c !== 123) {
      skipValue();
      return undefined;
    }
    let found: Spans | undefined;
    i++;
    ws();
    while (text.charCodeAt(i) !== 125) {
      const keyStart = i;
      skipString();
      const raw = text.slice(keyStart + 1, i - 1);
      const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      ws();
      i++; // the colon
      if (key === path[d]) found = walk(d + 1);
      else {
        ws();
        skipValue();
      }
      ws();
      if (text.charCodeAt(i) === 44) i++;
      ws();
    }
    i++;
    return found;
  };
  return walk(0);
}
