// A list of 32-bit integers that grows as it is filled: the offsets the plot readers note per row and per cell
// (delimited.ts, json-outline.ts), hundreds of thousands of them, kept in one typed array instead of a JS array
// of numbers copied into one at the end.
export class IntList {
  private data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  /** The values pushed (a view: pushing more may or may not show in it). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
