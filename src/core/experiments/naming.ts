// Choosing an experiment's name against the refs that exist: a given name must be a valid ref name and
// free for its baseline (DVC refuses a duplicate unless forced); no name gets a generated one that is free.
import { git } from '../git';
import { newExpName } from './names';
import { checkExpName, expRefName, type ExpRef } from './refs';

export type NameChoice = { ok: true; ref: ExpRef } | { ok: false; message: string };

/** `reserved`: names taken by queued experiments that have no ref yet. */
export async function chooseName(
  gitRoot: string,
  baseline: string,
  requested: string | undefined,
  reserved: ReadonlySet<string> = new Set(),
): Promise<NameChoice> {
  const prefix = expRefName({ baseline, name: '' });
  const taken = new Set(
    (await git(gitRoot, ['for-each-ref', '--format=%(refname)', prefix]))
      .split('\n')
      .filter(Boolean)
      .map((r) => r.slice(prefix.length)),
  );
  for (const r of reserved) taken.add(r);
  if (requested === undefined) return { ok: true, ref: { baseline, name: newExpName((n) => taken.has(n)) } };
  const problem = checkExpName(requested);
  if (problem) return { ok: false, message: `${problem}; see git check-ref-format` };
  if (taken.has(requested))
    return {
      ok: false,
      message: `experiment '${requested}' already exists for baseline ${baseline.slice(0, 7)}; choose another name with -n, or remove it first (mlops exp remove ${requested})`,
    };
  return { ok: true, ref: { baseline, name: requested } };
}
