// The pipelines the DVC referee judges: every folder of the shared corpus, two mutants of each (see dvc-mutants.ts)
// and every pipeline fixture, each copied into a folder of its own (a fresh repo root) so DVC and we see exactly
// the same files.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { corpusProjects, FIXTURES } from '../support/corpus';
import { venvBin, venvEnv } from '../support/python';
import { MUTATIONS, mutate } from './dvc-mutants';

export interface Case {
  /** Stable name for reports: `corpus/NAME`, `mutant/NAME/MUTATION` or `fixtures/PATH`. */
  id: string;
  /** The copy both tools read (a folder with dvc.yaml at its root). */
  root: string;
}

export interface DvcVerdict {
  ok: boolean;
  /** Stage addresses as DVC prints them (`train`, `train@us`, `sub/dvc.yaml:train`). */
  stages?: string[];
  /** Graph edges `writer -> reader` between dvc.yaml stages, by stage address. */
  edges?: string[];
  /** `*.dvc` files (tracked data) DVC loaded besides the pipelines. */
  dvcFiles?: string[];
  /** Why DVC loaded the pipeline only partly (a missing remote plugin). */
  note?: string;
  error?: { type: string; message: string };
}

/** Copies every case under `workdir` and returns them sorted by id. */
export function prepareCases(workdir: string): Case[] {
  const cases: Case[] = [];
  const add = (id: string, copy: (root: string) => void) => {
    const root = join(workdir, String(cases.length), 'repo');
    mkdirSync(root, { recursive: true });
    copy(root);
    cases.push({ id, root });
  };
  corpusProjects().forEach((dir, i) => {
    const name = basename(dir);
    add(`corpus/${name}`, (root) => cpSync(dir, root, { recursive: true }));
    for (const [mutation, text] of mutantsOf(readFileSync(join(dir, 'dvc.yaml'), 'utf8'), i)) {
      add(`mutant/${name}/${mutation}`, (root) => {
        cpSync(dir, root, { recursive: true });
        writeFileSync(join(root, 'dvc.yaml'), text);
      });
    }
  });
  collectFixtures(FIXTURES, add);
  return cases;
}

/** Two mutations per corpus file, taking turns through the list so every kind is used about equally. */
function mutantsOf(text: string, i: number): [string, string][] {
  const chosen: [string, string][] = [];
  for (let k = 0; k < MUTATIONS.length && chosen.length < 2; k++) {
    const mutation = MUTATIONS[(i * 2 + k) % MUTATIONS.length]!;
    const mutated = mutate(text, mutation);
    if (mutated !== undefined) chosen.push([mutation, mutated]);
  }
  return chosen;
}

/**
 * A fixture folder holding a dvc.yaml is one case (with the files beside it); elsewhere each *.yaml file is one
 * case, copied alone as dvc.yaml.
 */
function collectFixtures(dir: string, add: (id: string, copy: (root: string) => void) => void): void {
  const id = (path: string) => `fixtures/${relative(FIXTURES, path)}`;
  if (existsSync(join(dir, 'dvc.yaml'))) {
    add(id(dir), (root) => cpSync(dir, root, { recursive: true }));
    return;
  }
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collectFixtures(path, add);
    else if (/\.ya?ml$/.test(name)) add(id(path), (root) => cpSync(path, join(root, 'dvc.yaml')));
  }
}

/** Real DVC's version and its verdict on each root, from one Python process (see dvc_verdicts.py). */
export function dvcVerdicts(roots: string[]): { version: string; verdicts: Map<string, DvcVerdict> } {
  const python = join(venvBin(), 'python');
  const out = execFileSync(python, [join(__dirname, 'dvc_verdicts.py'), ...roots], {
    encoding: 'utf8',
    env: venvEnv(),
    stdio: ['ignore', 'pipe', 'pipe'], // stderr: DVC's progress noise, or the traceback in the thrown error
    maxBuffer: 64 * 1024 * 1024,
  });
  const { dvc, verdicts } = JSON.parse(out) as { dvc: string; verdicts: (DvcVerdict & { folder: string })[] };
  return { version: dvc, verdicts: new Map(verdicts.map(({ folder, ...verdict }) => [folder, verdict])) };
}

/** `sub/dvc.yaml:train` for a pipeline below the root, plain `train` at the root: DVC's stage addressing. */
export function stageAddress(root: string, file: string, stage: string): string {
  const rel = relative(root, file);
  return rel === 'dvc.yaml' ? stage : `${rel.split('\\').join('/')}:${stage}`;
}
