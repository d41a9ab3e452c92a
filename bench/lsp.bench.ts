// Language server latency: didChange → publishDiagnostics on a generated 200-stage dvc.yaml, p50/p95 over 200
// edits, for our server and for yaml-language-server (its own server process over stdio, our exported JSON Schema
// associated with the file) on the same edits in the same run. Edits come one at a time after a pause longer than
// either server's validation delay (a user who stops typing; ours grows its window to twice a slow validation, so
// the pause grows with the last latency too). Then our server's RSS over 1,000 more edits typed fast.
// Prints numbers; asserts no time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pipelineJsonSchema } from '../src/core/pipeline';
import type { Range } from 'vscode-languageserver-protocol';
import { LspClient } from '../test/server/lsp-client';
import { writeLargePipeline } from './large-pipeline';

const EDITS = 200;
const MEMORY_EDITS = 1000;
/** Longer than both validation delays (ours: 150 ms window; yaml-language-server: 200 ms debounce). */
const PAUSE_MS = 260;
const YAML_LS_DELAY_MS = 200;
const TYPING_MS = 20;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The i-th edit, as an editor sends it: one stage's description line is replaced (a keystroke-sized change that
 * keeps the file valid). Every edit leaves the line at the same length, so the range stays the same.
 */
function editOf(text: string, i: number): { range: Range; text: string } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('desc: Step 7 of the chain'));
  const before = lines[line]!;
  return {
    range: { start: { line, character: 0 }, end: { line, character: before.length } },
    text: before.replace('chain', `c${i % 10}ain`),
  };
}

/** Sends `count` edits and returns each one's didChange → publishDiagnostics time in ms. */
async function latencies(lsp: LspClient, file: string, text: string, count: number): Promise<number[]> {
  const times: number[] = [];
  const cpuBefore = cpuMs(lsp.process.pid!);
  for (let i = 0; i < count; i++) {
    await sleep(Math.max(PAUSE_MS, 2.5 * (times.at(-1) ?? 0)));
    const mark = lsp.mark;
    const start = performance.now();
    const e = editOf(text, i);
    const version = await lsp.edit(file, e.range, e.text);
    // yaml-language-server does not echo versions: its next publication for the file is the answer.
    await lsp.diagnostics(file, (_d, v) => v === undefined || v === version, mark);
    times.push(performance.now() - start);
  }
  cpuPerEdit.set(lsp, (cpuMs(lsp.process.pid!) - cpuBefore) / count);
  return times;
}

/** Mean CPU time the server spent per edit in the last `latencies` call: unlike wall time, not inflated by a busy machine. */
const cpuPerEdit = new Map<LspClient, number>();
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

function cpuMs(pid: number): number {
  // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks; the command name may hold spaces.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(times: number[]): string {
  const s = [...times].sort((a, b) => a - b);
  return `p50 ${pct(s, 50).toFixed(1)} ms, p95 ${pct(s, 95).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-lsp-'));
  const clients: LspClient[] = [];
  try {
    const pipeline = writeLargePipeline(dir, 200);
    const schemaFile = join(dir, 'dvc.schema.json');
    writeFileSync(schemaFile, JSON.stringify(pipelineJsonSchema()));

    const ours = await LspClient.start([dir]);
    clients.push(ours);
    await ours.diagnostics(pipeline.file);
    await ours.open(pipeline.file, pipeline.text);
    await latencies(ours, pipeline.file, pipeline.text, 10);

    const yamlLs = await LspClient.spawn(
      [join(__dirname, '../node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
      [dir],
      {
        yaml: {
          validate: true,
          schemaStore: { enable: false },
          schemas: { [pathToFileURL(schemaFile).href]: '**/dvc.yaml' },
        },
      },
    );
    clients.push(yamlLs);
    await yamlLs.connection.sendNotification('workspace/didChangeConfiguration', { settings: yamlLs.configuration });
    // The comparison means something only if it applies our schema: a misspelt key must be flagged.
    const probe = join(dir, 'probe', 'dvc.yaml');
    await yamlLs.open(probe, 'stages:\n  a:\n    cmd: x\n    dep: [y]\n');
    const probed = await yamlLs.diagnostics(probe);
    if (probed.length === 0)
      throw new Error('yaml-language-server did not apply the schema (no diagnostic for an unknown key)');
    await yamlLs.open(pipeline.file, pipeline.text);
    await yamlLs.diagnostics(pipeline.file);
    await latencies(yamlLs, pipeline.file, pipeline.text, 5);

    const oursTimes = await latencies(ours, pipeline.file, pipeline.text, EDITS);
    const theirTimes = await latencies(yamlLs, pipeline.file, pipeline.text, EDITS);
    console.log(
      `pipeline: ${pipeline.stages} stages, ${pipeline.text.split('\n').length - 1} lines; ${EDITS} edits, one after a ${PAUSE_MS} ms pause each`,
    );
    console.log(
      `  mlops server (full semantic validation):          ${summary(oursTimes)}; server CPU ${cpuPerEdit.get(ours)?.toFixed(1)} ms/edit`,
    );
    console.log(
      `  yaml-language-server (our JSON Schema):           ${summary(theirTimes)}; server CPU ${cpuPerEdit.get(yamlLs)?.toFixed(1)} ms/edit`,
    );
    console.log(
      `  yaml-language-server minus its ${YAML_LS_DELAY_MS} ms debounce:     ${summary(theirTimes.map((t) => t - YAML_LS_DELAY_MS))}`,
    );
    console.log(`  target: ours p95 ≤ 30 ms`);

    // Memory: 1,000 edits typed fast (20 ms apart); the server validates as often as its window lets it.
    const pid = ours.process.pid!;
    const before = rssMb(pid);
    const firstPublication = ours.mark;
    const marks: string[] = [];
    for (let i = 1; i <= MEMORY_EDITS; i++) {
      await sleep(TYPING_MS);
      const e = editOf(pipeline.text, i);
      const version = await ours.edit(pipeline.file, e.range, e.text);
      if (i % (MEMORY_EDITS / 4) === 0) {
        await ours.diagnostics(pipeline.file, (_d, v) => v === version, firstPublication);
        marks.push(`${i}: ${rssMb(pid).toFixed(1)} MB`);
      }
    }
    console.log(
      `mlops server RSS over ${MEMORY_EDITS} edits (${ours.mark - firstPublication} validations): before ${before.toFixed(1)} MB; after ${marks.join(', ')}`,
    );
  } finally {
    for (const c of clients) await c.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
