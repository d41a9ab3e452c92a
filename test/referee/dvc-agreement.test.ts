// Real DVC is the referee of our pipeline validation. Over every corpus folder and pipeline fixture:
// - a pipeline DVC loads (schema, every stage resolved, stage graph built) gets no structural or graph *error*
//   from us, the same stage names and graph edges, and structural/graph *warnings* only where STRICTER says why;
// - a pipeline DVC rejects, we reject for the same reason: at least one error of a code SAME_FAILURE maps DVC's
//   exception class to.
// The figure and every disagreement go to stdout and test-results/dvc-agreement.json.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileSystem } from '../../src/core/fs';
import { buildDag, findPipelines, loadPipeline, validatePipelines } from '../../src/core/pipeline';
import { CORPUS } from '../support/corpus';
import { dvcVerdicts, prepareCases, stageAddress, type Case, type DvcVerdict } from './dvc-cases';

const RESULTS = join(__dirname, '../../test-results');

/** What DVC checks when it loads a pipeline: the file's structure and `${}`… */
const STRUCTURAL = new Set([
  'yaml-syntax',
  'duplicate-key',
  'unknown-key',
  'invalid-type',
  'missing-required-key',
  'undefined-variable',
]);
/** …and, building the stage graph, cycles and outputs claimed twice or nested. */
const GRAPH = new Set(['dependency-cycle', 'duplicate-output', 'overlapping-outputs']);
/**
 * DVC's error class when it refuses to load a pipeline → our codes that name the same failure. Agreeing that a file
 * is wrong is not enough: at least one of our errors must be of a kind DVC's exception is (a schema error for
 * YAMLValidationError, not a cycle). A class not listed here is a disagreement until someone maps it.
 */
const SAME_FAILURE: Record<string, ReadonlySet<string>> = {
  YAMLSyntaxError: new Set(['yaml-syntax', 'duplicate-key']),
  YAMLValidationError: new Set(['invalid-type', 'unknown-key', 'missing-required-key', 'invalid-value']),
  ResolveError: new Set(['undefined-variable', 'missing-vars-file', 'vars-conflict', 'invalid-interpolation']),
  CyclicGraphError: new Set(['dependency-cycle']),
  OutputDuplicationError: new Set(['duplicate-output']),
  OverlappingOutputPathsError: new Set(['overlapping-outputs']),
  // DVC looks a stage up by name while loading and does not find one whose name it cannot address.
  StageNotFound: new Set(['invalid-stage-name']),
};

/**
 * Where our stricter check is right and DVC loads the file anyway: the code may then appear only as a warning.
 * Each entry says why. Empty until a disagreement has been examined and judged in our favour.
 */
const STRICTER: readonly { case: string; code: string; why: string }[] = [
  {
    case: 'fixtures/deprecated-and-invalid-value',
    code: 'missing-required-key',
    why:
      "a `datasets` entry without `name`: DVC's own DATASET_SCHEMA requires name and type, and `dvc ds update` fails " +
      'on such a file with "unexpected error - \'name\'"; only pipeline loading (repro, dag) never reads datasets.',
  },
];

interface Finding {
  file: string;
  code: string;
  severity: string;
  line: number;
  character: number;
  message: string;
}

interface Ours {
  findings: Finding[];
  stages: string[];
  edges: string[];
}

interface Judgement {
  agree: boolean;
  /** What disagrees, for people. */
  problem?: string;
  /** Allow-listed warnings that made the difference, with the reason. */
  allowed?: string[];
}

function ourVerdict(c: Case): Ours {
  const files = findPipelines(c.root, nodeFileSystem);
  const findings: Finding[] = [];
  for (const [file, diagnostics] of validatePipelines(files, nodeFileSystem)) {
    for (const d of diagnostics) {
      const { line, character } = d.range.start;
      findings.push({
        file: file.slice(c.root.length + 1),
        code: d.code,
        severity: d.severity,
        line,
        character,
        message: d.message,
      });
    }
  }
  const pipelines = files.map((file) => loadPipeline(file, nodeFileSystem));
  const stages = pipelines.flatMap((p) => p.stages.map((s) => stageAddress(c.root, p.file, s.name))).sort();
  const dag = buildDag(pipelines, c.root);
  const edges = [...new Set(dag.edges.map((e) => `${dag.nodes[e.from]!.id} -> ${dag.nodes[e.to]!.id}`))].sort();
  return { findings, stages, edges };
}

function judge(c: Case, dvc: DvcVerdict, ours: Ours): Judgement {
  const show = (fs: Finding[]) =>
    fs.map((f) => `${f.severity} ${f.code} at ${f.file}:${f.line + 1}:${f.character + 1}: ${f.message}`).join('; ');
  if (!dvc.ok) {
    const type = dvc.error?.type ?? '';
    const same = SAME_FAILURE[type];
    if (!same) return { agree: false, problem: `DVC's ${type} is mapped to none of our codes (SAME_FAILURE)` };
    const errors = ours.findings.filter((f) => f.severity === 'error');
    if (errors.some((f) => same.has(f.code))) return { agree: true };
    return {
      agree: false,
      problem: `DVC rejects it with ${type}; we ${errors.length > 0 ? `say only ${show(errors)}` : 'accept it'}`,
    };
  }
  const checked = ours.findings.filter((f) => STRUCTURAL.has(f.code) || GRAPH.has(f.code));
  const errors = checked.filter((f) => f.severity === 'error');
  if (errors.length > 0) return { agree: false, problem: `DVC loads it; we reject it: ${show(errors)}` };
  const warnings = checked.filter((f) => f.severity === 'warning');
  const allowed = warnings.map((w) => STRICTER.find((s) => s.case === c.id && s.code === w.code));
  const unexplained = warnings.filter((_, i) => allowed[i] === undefined);
  if (unexplained.length > 0)
    return { agree: false, problem: `DVC loads it; we warn without an allow-list entry: ${show(unexplained)}` };
  // With a missing plugin DVC stops before listing stages (see dvc_verdicts.py): nothing to compare then.
  if (dvc.note === undefined) {
    const differ =
      difference('stages', dvc.stages ?? [], ours.stages) ?? difference('graph edges', dvc.edges ?? [], ours.edges);
    if (differ) return { agree: false, problem: differ };
  }
  return allowed.length > 0 ? { agree: true, allowed: allowed.map((a) => `${a!.code}: ${a!.why}`) } : { agree: true };
}

/** `what differ: DVC only [...], ours only [...]`, or undefined when both lists hold the same items. */
function difference(what: string, dvc: readonly string[], ours: readonly string[]): string | undefined {
  const dvcOnly = dvc.filter((x) => !ours.includes(x));
  const oursOnly = ours.filter((x) => !dvc.includes(x));
  if (dvcOnly.length === 0 && oursOnly.length === 0) return undefined;
  return `${what} differ: DVC only [${dvcOnly.join(', ')}], ours only [${oursOnly.join(', ')}]`;
}

describe('real DVC and mlops agree on which pipelines load', () => {
  const workdir = mkdtempSync(join(tmpdir(), 'mlops-dvc-agreement-'));
  const cases = prepareCases(workdir);
  const judgements = new Map<string, { dvc: DvcVerdict; ours: Ours; judgement: Judgement }>();

  before(() => {
    const { version, verdicts } = dvcVerdicts(cases.map((c) => c.root));
    for (const c of cases) {
      const dvc = verdicts.get(c.root);
      assert.ok(dvc, `dvc_verdicts.py gave no verdict for ${c.id}`);
      const ours = ourVerdict(c);
      judgements.set(c.id, { dvc, ours, judgement: judge(c, dvc, ours) });
    }
    const all = [...judgements].map(([id, j]) => ({ case: id, ...j }));
    const disagreements = all.filter((j) => !j.judgement.agree);
    const figure = `${all.length - disagreements.length}/${all.length}`;
    const groups = [...new Set(all.map((j) => j.case.split('/')[0]!))];
    const tally = (js: typeof all) => ({
      total: js.length,
      agree: js.filter((j) => j.judgement.agree).length,
      dvcRejects: js.filter((j) => !j.dvc.ok).length,
    });
    const summarize = (j: (typeof all)[number]) => ({
      case: j.case,
      dvc: j.dvc.ok
        ? { loads: true, stages: j.dvc.stages?.length ?? 0, edges: j.dvc.edges?.length ?? 0, note: j.dvc.note }
        : { loads: false, ...j.dvc.error },
      ours: j.ours.findings.filter((f) => f.severity === 'error' || f.severity === 'warning'),
      problem: j.judgement.problem,
      allowed: j.judgement.allowed,
    });
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(
      join(RESULTS, 'dvc-agreement.json'),
      `${JSON.stringify(
        {
          dvc: version,
          figure,
          agree: all.length - disagreements.length,
          total: all.length,
          dvcRejects: all.filter((j) => !j.dvc.ok).length,
          byGroup: Object.fromEntries(groups.map((g) => [g, tally(all.filter((j) => j.case.startsWith(`${g}/`)))])),
          disagreements: disagreements.map(summarize),
          allowListed: all.filter((j) => j.judgement.allowed).map(summarize),
          // Every verdict, compactly: DVC's (`loads` or the exception type) and our error codes.
          cases: all.map((j) => ({
            case: j.case,
            dvc: j.dvc.ok ? 'loads' : j.dvc.error?.type,
            ours: [...new Set(j.ours.findings.filter((f) => f.severity === 'error').map((f) => f.code))],
          })),
        },
        null,
        2,
      )}\n`,
    );
    console.log(
      `DVC ${version} agreement: ${figure} pipelines agree (${all.filter((j) => !j.dvc.ok).length} rejected by DVC)`,
    );
    for (const g of groups) {
      const t = tally(all.filter((j) => j.case.startsWith(`${g}/`)));
      console.log(`  ${g}: ${t.agree}/${t.total} agree, ${t.dvcRejects} rejected by DVC`);
    }
    for (const d of disagreements) {
      const dvcSays = d.dvc.ok ? 'loads' : `rejects (${d.dvc.error?.type}: ${d.dvc.error?.message})`;
      console.log(`  DISAGREE ${d.case}\n    DVC: ${dvcSays}\n    we:  ${d.judgement.problem}`);
    }
  });

  after(() => rmSync(workdir, { recursive: true, force: true }));

  test('the corpus is there to judge', () => {
    assert.ok(
      cases.filter((c) => c.id.startsWith('corpus/')).length >= 100,
      `expected the shared DVC corpus (100+ folders) at ${CORPUS}`,
    );
  });

  for (const c of cases) {
    test(c.id, () => {
      const j = judgements.get(c.id);
      assert.ok(j, `no verdict for ${c.id}`);
      const dvcSays = j.dvc.ok ? 'DVC loads it' : `DVC rejects it (${j.dvc.error?.type}: ${j.dvc.error?.message})`;
      assert.ok(j.judgement.agree, `${dvcSays}\n${j.judgement.problem ?? ''}`);
    });
  }
});
