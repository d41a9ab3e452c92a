// Full validation of a 1,000-stage pipeline against yaml-language-server checking the same text with our exported
// JSON Schema, in the same process and run. Both are driven in-process through their library API: ours is
// `validatePipelines` (parse, schema, foreach expansion, `${}` resolution against params.yaml, graph, files on
// disk, params); theirs is the YAML language service's `doValidation` (parse + JSON Schema). Each timed call gets a
// new document version so yaml-language-server re-parses instead of answering from its document cache.
// Prints medians and the ratio (target: ours ≤ 0.2× theirs). No pass/fail on time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { nodeFileSystem } from '../src/core/fs';
import { DVC_YAML_SCHEMA_ID, loadPipeline, pipelineJsonSchema, validatePipelines } from '../src/core/pipeline';
import { writeLargePipeline } from './large-pipeline';

const WARMUP = 3;
const RUNS = 15;

interface Timing {
  wallMs: number;
  /** User + system CPU time of this process: on a shared machine it moves less with other load than wall time. */
  cpuMs: number;
}

/** Times `a` and `b` alternately (so both see the same machine load), after warm-up; returns both medians. */
async function medians(a: () => unknown, b: () => unknown): Promise<[Timing, Timing]> {
  for (let i = 0; i < WARMUP; i++) {
    await a();
    await b();
  }
  const walls: [number[], number[]] = [[], []];
  const cpus: [number[], number[]] = [[], []];
  const time = async (run: () => unknown, which: 0 | 1) => {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await run();
    const cpu = process.cpuUsage(cpuStart);
    walls[which].push(performance.now() - start);
    cpus[which].push((cpu.user + cpu.system) / 1000);
  };
  for (let i = 0; i < RUNS; i++) {
    await time(a, 0);
    await time(b, 1);
  }
  const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const timing = (which: 0 | 1): Timing => ({ wallMs: median(walls[which]), cpuMs: median(cpus[which]) });
  return [timing(0), timing(1)];
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-validate-'));
  try {
    const pipeline = writeLargePipeline(dir, 1000);
    const uri = pathToFileURL(pipeline.file).href;

    const expanded = loadPipeline(pipeline.file, nodeFileSystem).stages.length;
    const ours = validatePipelines([pipeline.file], nodeFileSystem).get(pipeline.file) ?? [];

    const schema = pipelineJsonSchema();
    const service = getLanguageService({
      schemaRequestService: (requested) => Promise.reject(new Error(`no network: ${requested}`)),
      workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
    });
    service.configure({ validate: true, schemas: [{ uri: DVC_YAML_SCHEMA_ID, fileMatch: ['*dvc.yaml'], schema }] });
    let version = 0;
    const theirValidation = () =>
      service.doValidation(TextDocument.create(uri, 'yaml', ++version, pipeline.text), false);

    // The comparison means something only if yaml-language-server really applies our schema: a misspelt key must be flagged.
    const probe = TextDocument.create(uri, 'yaml', ++version, 'stages:\n  a:\n    cmd: x\n    dep: [y]\n');
    const probeDiagnostics = await service.doValidation(probe, false);
    if (probeDiagnostics.length === 0)
      throw new Error('yaml-language-server did not apply the schema (no diagnostic for an unknown key)');
    const theirs = await theirValidation();

    const [oursT, theirsT] = await medians(() => validatePipelines([pipeline.file], nodeFileSystem), theirValidation);
    const show = (t: Timing) => `${t.wallMs.toFixed(1)} ms wall, ${t.cpuMs.toFixed(1)} ms CPU`;

    const lines = pipeline.text.split('\n').length - 1;
    console.log(
      `pipeline: ${expanded} stages after foreach expansion, ${lines} lines of dvc.yaml, params.yaml beside it`,
    );
    console.log(`diagnostics on it: ours ${ours.length}, yaml-language-server ${theirs.length}`);
    console.log(`median of ${RUNS} runs each, alternating, after ${WARMUP} warm-up runs:`);
    console.log(`  mlops validatePipelines (full, semantic):       ${show(oursT)}`);
    console.log(`  yaml-language-server doValidation (JSON Schema): ${show(theirsT)}`);
    console.log(
      `  ratio ours/theirs: ${(oursT.wallMs / theirsT.wallMs).toFixed(3)}× wall, ${(oursT.cpuMs / theirsT.cpuMs).toFixed(3)}× CPU (target ≤ 0.2×)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
