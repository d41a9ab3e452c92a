// Real DVC referees what our pipeline core resolves, over every corpus folder and pipeline fixture DVC loads:
// the same stages with the same commands (foreach/matrix names, `${}` formatting), and the same verdict on
// params: a params file we call missing is one DVC cannot find, a key we call undefined is one DVC cannot read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic, Range } from '../../src/core/diagnostics';
import { nodeFileSystem } from '../../src/core/fs';
import { findPipelines, loadPipeline, validatePipelines } from '../../src/core/pipeline';
import { corpusProjects, FIXTURES } from '../support/corpus';
import { venvBin, venvEnv } from '../support/python';

interface DvcStage {
  name: string;
  cmd: string[];
  params: { file: string; exists: boolean; missing: string[] }[];
}
interface DvcFolder {
  folder: string;
  ok: boolean;
  stages?: DvcStage[];
}

const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character;

/** Our view in DVC's terms: stage → cmd, and the params problems we report, as `stage|file|key` strings. */
function ours(root: string) {
  const files = findPipelines(root, nodeFileSystem);
  const diagnostics = validatePipelines(files, nodeFileSystem);
  const cmds = new Map<string, string[]>();
  const problems = new Set<string>();
  for (const file of files) {
    const pipeline = loadPipeline(file, nodeFileSystem);
    const rel = file.slice(root.length + 1);
    const prefix = rel === 'dvc.yaml' ? '' : `${rel}:`;
    const diags: Diagnostic[] = diagnostics.get(file) ?? [];
    for (const stage of pipeline.stages) {
      const name = prefix + stage.name;
      cmds.set(
        name,
        stage.cmd.map((c) => c.value),
      );
      const mine = (code: string, r: Range) =>
        diags.some((d) => d.code === code && same(d.range, r) && d.message.includes(`'${stage.name}'`));
      for (const ref of stage.params) {
        if (ref.key && mine('undefined-param', ref.key.range))
          problems.add(`${name}|${ref.file.value}|${ref.key.value}`);
        const at =
          ref.key && ref.file.value === 'params.yaml' && same(ref.file.range, ref.key.range)
            ? ref.key.range
            : ref.file.range;
        if (
          diags.some(
            (d) => d.code === 'missing-params-file' && same(d.range, at) && d.message.includes(`'${ref.file.value}'`),
          )
        )
          problems.add(`${name}|${ref.file.value}|<missing file>`);
      }
    }
  }
  return { cmds, problems };
}

test('DVC and mlops resolve the same commands and find the same params problems', () => {
  const work = mkdtempSync(join(tmpdir(), 'mlops-resolve-'));
  try {
    const roots: string[] = [];
    const fixtures = readdirSync(FIXTURES)
      .sort()
      .map((name) => join(FIXTURES, name))
      .filter((dir) => existsSync(join(dir, 'dvc.yaml')));
    for (const project of [...corpusProjects(), ...fixtures]) {
      const root = join(work, String(roots.length));
      cpSync(project, root, { recursive: true });
      roots.push(root);
    }
    // Our verdicts first, on the untouched copies (dvc init adds a .dvc folder beside them).
    const ourViews = new Map(roots.map((r) => [r, ours(r)]));
    const out = execFileSync(join(venvBin(), 'python'), [join(__dirname, 'dvc_resolved.py'), ...roots], {
      env: venvEnv(),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const dvc = JSON.parse(out) as { dvc: string; folders: DvcFolder[] };
    const problems: string[] = [];
    let compared = 0;
    for (const f of dvc.folders) {
      if (!f.ok || !f.stages) continue;
      compared++;
      const view = ourViews.get(f.folder)!;
      const theirs = new Set<string>();
      for (const s of f.stages) {
        const cmd = view.cmds.get(s.name);
        if (cmd === undefined) problems.push(`${f.folder}: DVC has stage ${s.name}, we do not`);
        else if (JSON.stringify(cmd) !== JSON.stringify(s.cmd))
          problems.push(`${f.folder}: ${s.name}: cmd ${JSON.stringify(cmd)} ≠ DVC ${JSON.stringify(s.cmd)}`);
        for (const p of s.params) {
          if (!p.exists) theirs.add(`${s.name}|${p.file}|<missing file>`);
          for (const k of p.missing) theirs.add(`${s.name}|${p.file}|${k}`);
        }
      }
      for (const x of theirs) if (!view.problems.has(x)) problems.push(`${f.folder}: DVC finds ${x}, we do not`);
      for (const x of view.problems) if (!theirs.has(x)) problems.push(`${f.folder}: we report ${x}, DVC does not`);
    }
    console.log(`# DVC ${dvc.dvc}: ${compared} loadable pipelines compared, ${problems.length} disagreements`);
    assert.ok(compared > 10, 'enough pipelines were compared');
    assert.deepEqual(problems, []);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
