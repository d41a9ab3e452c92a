// Long loops over a 10k-run store on the editor's extension host: they give the thread back every few
// milliseconds, so nothing the editor does waits behind a list (issue 13: no block over 10 ms). The file
// reads in between are asynchronous already (jsonl.ts); this covers the work in memory around them.

/** Work in memory between two yields; well under the 10 ms budget, so a slow machine still fits. */
const SLICE_MS = 4;

export class TimeSlice {
  private since = performance.now();

  /** True when the current slice is used up: the caller then awaits `yield()` (checking is cheap, awaiting is not). */
  due(): boolean {
    return performance.now() - this.since >= SLICE_MS;
  }

  /** Lets every waiting callback and I/O completion run, then starts a new slice. */
  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.since = performance.now();
  }
}
