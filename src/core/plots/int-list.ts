// A list of 32-bit integers that grows as it is filled: the offsets the plot readers note per row and per cell
// (delimited.ts, json-outline.ts), hundreds of thousands of them, kept in one typed array instead of a JS array
// of numbers copied into one at the end. (The CSV cutter's hottest loop grows its own arrays with `grown`.)
export class IntList {
  private data: Int32Array = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = value;
  }

  /** The values pushed (a view: pushing more may or may not show in it). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A copy of `a` with room for at least `size` values (twice as many, to grow rarely). */
export function grown(a: Int32Array, size: number): Int32Array {
  const bigger = new Int32Array(Math.max(a.length * 2, size));
  bigger.set(a);
  return bigger;
}
