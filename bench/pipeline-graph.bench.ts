// The semantic half of validation on the 1,000-stage benchmark pipeline: graph building alone, then all semantic
// checks (graph, paths on disk, params files and keys). Prints the median wall and CPU time of several runs
// (CPU time is the fairer figure on a loaded machine); asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../src/core/fs';
import { buildDag, loadPipeline } from '../src/core/pipeline';
import { checkSemantics } from '../src/core/pipeline/semantics';
import { writeLargePipeline } from './large-pipeline';

function median(runs: number, f: () => void): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const mid = (xs: number[]) => (xs.sort((a, b) => a - b)[Math.floor(runs / 2)] as number).toFixed(2);
  return `${mid(wall)} ms wall, ${mid(cpu)} ms CPU (median of ${runs})`;
}

const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-graph-'));
try {
  const large = writeLargePipeline(dir, 1000);
  const pipeline = loadPipeline(large.file, nodeFileSystem);
  const dag = buildDag([pipeline]);
  console.log(`${pipeline.stages.length} stages, ${dag.edges.length} edges, ${dag.cycles.length} cycles`);
  console.log(`buildDag:       ${median(21, () => buildDag([pipeline]))}`);
  console.log(`checkSemantics: ${median(11, () => checkSemantics([pipeline], nodeFileSystem))}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
