// The semantic half of validation on the 1,000-stage benchmark pipeline: graph building alone, then all semantic
// checks (graph, paths on disk, params files and keys). Prints the median of several runs; asserts nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../src/core/fs';
import { buildDag, loadPipeline } from '../src/core/pipeline';
import { checkSemantics } from '../src/core/pipeline/semantics';
import { writeLargePipeline } from './large-pipeline';

function median(runs: number, f: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] as number;
}

const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-graph-'));
try {
  const large = writeLargePipeline(dir, 1000);
  const pipeline = loadPipeline(large.file, nodeFileSystem);
  const dag = buildDag([pipeline]);
  console.log(`${pipeline.stages.length} stages, ${dag.edges.length} edges, ${dag.cycles.length} cycles`);
  console.log(`buildDag:       ${median(21, () => buildDag([pipeline])).toFixed(2)} ms (median of 21)`);
  console.log(`checkSemantics: ${median(11, () => checkSemantics([pipeline], nodeFileSystem)).toFixed(2)} ms (median of 11)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
