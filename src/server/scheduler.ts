// Coalesces validation requests per key. The first request after a quiet spell runs at once (so a single
// edit gets its diagnostics without waiting); requests inside the following window run once at its end,
// so fast typing validates at most once per window, always against the latest text. The window grows with
// the time a run took (twice it), so a huge file cannot keep the server busy for more than a third of the time.
export class Throttle<K> {
  private readonly windows = new Map<K, { timer: NodeJS.Timeout; pending: boolean }>();
  private readonly immediate = new Map<K, NodeJS.Immediate>();

  constructor(
    private readonly windowMs: number,
    private readonly run: (key: K) => void,
  ) {}

  request(key: K): void {
    const window = this.windows.get(key);
    if (window) {
      window.pending = true;
      return;
    }
    // setImmediate: requests from the same batch of messages (e.g. many watched-file events) run once.
    if (this.immediate.has(key)) return;
    this.immediate.set(
      key,
      setImmediate(() => {
        this.immediate.delete(key);
        this.fire(key);
      }),
    );
  }

  dispose(): void {
    for (const w of this.windows.values()) clearTimeout(w.timer);
    for (const i of this.immediate.values()) clearImmediate(i);
    this.windows.clear();
    this.immediate.clear();
  }

  private fire(key: K): void {
    const started = performance.now();
    this.run(key);
    const window = {
      pending: false,
      timer: setTimeout(
        () => {
          this.windows.delete(key);
          if (window.pending) this.request(key);
        },
        Math.max(this.windowMs, 2 * (performance.now() - started)),
      ),
    };
    this.windows.set(key, window);
  }
}
