// Reading many files at many commits with one `git cat-file --batch` process: the experiments table
// reads params and metrics at every experiment commit, and one process per file (what a checkout-based
// reader costs) is what makes `dvc exp show` take seconds to minutes on large repositories.
import { spawn } from 'node:child_process';
import { MAX_READ_BYTES } from '../bounded-read';

/**
 * `rev:path` specs → file texts: undefined where the path does not exist at that commit, or is not a blob,
 * or is over the core's read limit (sizes are checked in a first batch, so a huge blob is never loaded).
 */
export async function readBlobs(cwd: string, specs: readonly string[]): Promise<(string | undefined)[]> {
  const sizes = (await batch(cwd, '--batch-check', specs)).toString('utf8').split('\n');
  const wanted = specs.map((_, i) => {
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(sizes[i] ?? '');
    return m !== null && Number(m[1]) <= MAX_READ_BYTES;
  });
  const texts = parseBatch(
    await batch(
      cwd,
      '--batch',
      specs.filter((_, i) => wanted[i]),
    ),
    wanted.filter(Boolean).length,
  );
  let k = 0;
  return wanted.map((w) => (w ? texts[k++] : undefined));
}

function batch(cwd: string, mode: '--batch' | '--batch-check', specs: readonly string[]): Promise<Buffer> {
  if (specs.length === 0) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', mode], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`git cat-file: ${stderr.trim() || `exit ${code}`}`));
      resolve(Buffer.concat(chunks));
    });
    // Specs are one per line: a path with a newline cannot be asked for, and is reported missing.
    child.stdin.end(specs.map((s) => (s.includes('\n') ? 'missing-object' : s)).join('\n') + '\n');
  });
}

function parseBatch(out: Buffer, count: number): (string | undefined)[] {
  const result: (string | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(0x0a, pos);
    if (eol < 0) break;
    const header = out.toString('utf8', pos, eol);
    pos = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      result.push(undefined); // "<spec> missing" or "ambiguous"
      continue;
    }
    const size = Number(m[2]);
    result.push(m[1] === 'blob' ? out.toString('utf8', pos, pos + size) : undefined);
    pos += size + 1;
  }
  while (result.length < count) result.push(undefined);
  return result;
}
