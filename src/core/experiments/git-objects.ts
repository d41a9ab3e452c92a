// Reading many files at many commits through one `git cat-file --batch-command` process: the experiments table
// reads params and metrics at every experiment commit, and one process per file (what a checkout-based reader
// costs) is what makes `dvc exp show` take seconds to minutes on large repositories. Sizes are asked first
// (`info`), so a blob over the core's read limit is never loaded (`contents` only for the rest); several rounds
// (the dvc.yaml files, then the files they name) share the process.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { MAX_READ_BYTES } from '../bounded-read';

export class BlobReader {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;
  private stderr = '';

  constructor(cwd: string) {
    this.child = spawn('git', ['cat-file', '--batch-command', '--buffer'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (c: Buffer) => {
      this.buffered = this.buffered.length === 0 ? c : Buffer.concat([this.buffered, c]);
      this.wake();
    });
    this.child.stderr.on('data', (c: Buffer) => (this.stderr += c.toString()));
    const fail = (err: Error) => {
      this.failure ??= err;
      this.wake();
    };
    this.child.on('error', fail);
    this.child.on('close', (code) => fail(new Error(`git cat-file: ${this.stderr.trim() || `exit ${code}`}`)));
    this.child.stdin.on('error', fail);
  }

  /**
   * `rev:path` specs → file texts: undefined where the path does not exist at that commit, is not a blob, or is
   * over the core's read limit.
   */
  async read(specs: readonly string[]): Promise<(string | undefined)[]> {
    if (specs.length === 0) return [];
    // One per line: a spec with a newline cannot be asked for, and is reported missing.
    const safe = specs.map((s) => (s.includes('\n') ? 'missing-object' : s));
    this.send(safe.map((s) => `info ${s}`));
    const wanted: boolean[] = [];
    for (let i = 0; i < safe.length; i++) {
      const m = /^[0-9a-f]+ blob (\d+)$/.exec(await this.line());
      wanted.push(m !== null && Number(m[1]) <= MAX_READ_BYTES);
    }
    const asked = safe.filter((_, i) => wanted[i]);
    this.send(asked.map((s) => `contents ${s}`));
    const texts: (string | undefined)[] = [];
    for (let i = 0; i < asked.length; i++) {
      const header = /^[0-9a-f]+ (\w+) (\d+)$/.exec(await this.line());
      if (!header) {
        texts.push(undefined); // gone meanwhile ("missing")
        continue;
      }
      const body = await this.bytes(Number(header[2]) + 1);
      texts.push(header[1] === 'blob' ? body.toString('utf8', 0, body.length - 1) : undefined);
    }
    let k = 0;
    return wanted.map((w) => (w ? texts[k++] : undefined));
  }

  close(): void {
    this.child.stdin.end();
  }

  private send(commands: string[]): void {
    if (commands.length > 0) this.child.stdin.write(`${commands.join('\n')}\nflush\n`);
  }

  private async line(): Promise<string> {
    for (;;) {
      const eol = this.buffered.indexOf(0x0a);
      if (eol >= 0) {
        const text = this.buffered.toString('utf8', 0, eol);
        this.buffered = this.buffered.subarray(eol + 1);
        return text;
      }
      await this.more();
    }
  }

  private async bytes(n: number): Promise<Buffer> {
    while (this.buffered.length < n) await this.more();
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  private more(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  private wake(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.();
  }
}
