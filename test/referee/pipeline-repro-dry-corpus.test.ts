// The `dvc repro --dry` referee over the shared corpus. A corpus project holds its dvc.yaml and params files only,
// so each is copied to where its dvc.yaml sat in its repository (MANIFEST.tsv's source_path: `../src` then stays
// inside the copy) and every missing dependency and output is laid down empty (dvc_repro_dry.py); DVC's dry run
// then checks what it checks beyond existence (params keys and files, the stage graph). Two cases per project:
// - complete: where the dry run succeeds we report no error-severity diagnostic; where it fails, one of our errors
//   is of the kind its cause is (SAME_CAUSE);
// - one source gone (a dependency no stage writes, deleted), in every fourth project: where DVC then fails, on the
//   missing file, we report missing-dependency; where it still succeeds (a frozen stage: DVC never reads its
//   deps), we report no error.
// Not run by DVC (and said so in the output): pipelines DVC refuses to load (the dvc-agreement referee judges
// those) and pipelines reading a URL or a path outside their repository (nothing local to lay down).
// Cost: about 0.4 s of DVC's CPU per case (140 cases), in two Python processes that import DVC once each; the
// copies live in /dev/shm where there is one (DVC's locks and state database write on every stage, ≈2× the CPU on
// disk). Measured in docs/testing.md.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CORPUS, corpusProjects } from '../support/corpus';
import { type DryVerdict, ourErrors, reproDry, SAME_CAUSE } from './dvc-repro-dry';

/** Corpus folder → where its dvc.yaml sat in its repository. */
function sourcePaths(): Map<string, string> {
  const rows = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((row) => row.split('\t')).map((cells) => [cells[0] ?? '', cells[3] ?? '']));
}

/** Every how many projects the one-source-gone case is run too. */
const SOURCE_GONE_EVERY = 4;
/** Python processes running DVC at once: the cases are independent folders. */
const WORKERS = 2;

interface Project {
  name: string;
  complete: string;
  sourceGone?: string;
}

function prepare(): Project[] {
  const work = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'mlops-dry-corpus-'));
  after(() => rmSync(work, { recursive: true, force: true }));
  const where = sourcePaths();
  return corpusProjects().map((dir, i) => {
    const name = basename(dir);
    const source = where.get(name);
    assert.ok(source, `${name} is listed in ${CORPUS}/MANIFEST.tsv`);
    const copy = (kind: string) => {
      const root = join(work, String(i), kind);
      const at = join(root, dirname(source));
      mkdirSync(at, { recursive: true });
      cpSync(dir, at, { recursive: true });
      return root;
    };
    return {
      name,
      complete: copy('complete'),
      sourceGone: i % SOURCE_GONE_EVERY === 0 ? copy('source-gone') : undefined,
    };
  });
}

const projects = prepare();
let theirs = new Map<string, DryVerdict>();

before(async () => {
  theirs = await reproDry(
    projects.flatMap((p) => [
      { root: p.complete, layDown: true },
      ...(p.sourceGone ? [{ root: p.sourceGone, layDown: true, remove: true }] : []),
    ]),
    WORKERS,
  );
});

/** DVC's verdict on `root`, which it must have given. */
function verdict(root: string): DryVerdict {
  const v = theirs.get(root);
  assert.ok(v, `DVC gave no verdict on ${root}`);
  return v;
}

/** How many projects fell into each kind of verdict, for the log. */
function tally(verdicts: DryVerdict[]): string {
  const counts = new Map<string, number>();
  for (const v of verdicts) {
    const kind = v.ok
      ? 'dry run succeeds'
      : v.phase === 'dry'
        ? `dry run fails: ${v.cause}`
        : v.phase === 'load'
          ? `not run, DVC refuses to load: ${v.cause}`
          : v.phase === 'timeout'
            ? `DVC took over ${v.seconds} s`
            : `not run: ${v.phase}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${n} ${k}`).join('; ');
}

test('corpus, everything laid down: where dvc repro --dry succeeds we report no error, where it fails the same kind', () => {
  const wrong: string[] = [];
  let ran = 0;
  for (const p of projects) {
    const dry = verdict(p.complete);
    if (dry.phase === 'timeout') wrong.push(`${p.name}: DVC took over ${dry.seconds} s`);
    if (dry.phase !== 'dry') continue;
    ran++;
    const errors = ourErrors(p.complete);
    if (dry.ok) {
      if (errors.length > 0)
        wrong.push(`${p.name}: DVC's dry run succeeds, we say ${errors.map((e) => e.text).join('; ')}`);
    } else if (!errors.some((e) => SAME_CAUSE[dry.cause]?.includes(e.code))) {
      wrong.push(
        `${p.name}: DVC fails with ${dry.cause} (${dry.message}), we say ${errors.map((e) => e.code).join(', ') || 'nothing'}`,
      );
    }
  }
  console.log(
    `repro --dry over ${projects.length} corpus projects: ${tally(projects.map((p) => verdict(p.complete)))}`,
  );
  assert.deepEqual(wrong, []);
  // The corpus is fixed; fewer projects run means the laying down or the copy broke, not that they got harder.
  assert.ok(ran >= 70, `DVC's dry run ran on ${ran} corpus projects, expected 70 or more`);
});

test('corpus, one source file gone: where DVC fails on it we report missing-dependency, where not no error', () => {
  const wrong: string[] = [];
  let ran = 0;
  for (const p of projects) {
    if (!p.sourceGone) continue;
    const dry = verdict(p.sourceGone);
    if (dry.phase === 'timeout') wrong.push(`${p.name}: DVC took over ${dry.seconds} s`);
    // Only where the complete project runs clean does the deleted file alone decide the verdict.
    if (dry.phase !== 'dry' || !verdict(p.complete).ok) continue;
    ran++;
    const errors = ourErrors(p.sourceGone).map((e) => e.code);
    if (dry.ok) {
      if (errors.length > 0)
        wrong.push(`${p.name}: DVC's dry run succeeds without ${dry.removed}, we say ${errors.join(', ')}`);
    } else if (dry.cause !== 'FileNotFoundError') wrong.push(`${p.name}: DVC fails with ${dry.cause}: ${dry.message}`);
    // The removed file may be read by several stages (one error each), or be a params file too (its codes then).
    else if (!errors.includes('missing-dependency'))
      wrong.push(`${p.name}: without ${dry.removed} we say ${errors.join(', ') || 'nothing'}`);
  }
  const gone = projects.flatMap((p) => (p.sourceGone ? [verdict(p.sourceGone)] : []));
  console.log(`repro --dry with one source gone, ${gone.length} projects: ${tally(gone)}`);
  assert.deepEqual(wrong, []);
  assert.ok(ran >= 15, `DVC's dry run ran on ${ran} corpus projects with a source gone, expected 15 or more`);
});
