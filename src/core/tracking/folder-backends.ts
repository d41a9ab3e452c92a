// Which tracking store (or model registry) each folder of a multi-root window records in, and which store holds
// a run. Each folder resolves its own backend, as the CLI run in that folder does (core/backend.ts): its own
// `.mlops/` store and its git repository's GTO tags, or one MLflow server for every folder. Backends are told apart
// by their `location` (the store folder, the server's URL, the repository), so a backend several folders share
// is listed once with all of them: the sidebar shows a folder's own backend under that folder's row and a shared
// one beside the folders' rows, never the same runs or models twice. Pure over the backends given.
import type { TrackingStore } from './types';

/** A backend and the folders recording in it, in the window's order. */
export interface Served<T> {
  backend: T;
  folders: string[];
}

/** The folders' backends, each once (the first folder's instance kept), in the order their first folder comes. */
export function byLocation<T extends { readonly location: string }>(
  perFolder: readonly { folder: string; backend: T }[],
): Served<T>[] {
  const out = new Map<string, Served<T>>();
  for (const { folder, backend } of perFolder) {
    const seen = out.get(backend.location);
    if (seen) seen.folders.push(folder);
    else out.set(backend.location, { backend, folders: [folder] });
  }
  return [...out.values()];
}

/** Where a view lists each backend: under the one folder it serves, or beside the folders when it serves several. */
export interface Sections<T> {
  own: ReadonlyMap<string, T>;
  shared: Served<T>[];
}

export function sections<T>(served: readonly Served<T>[]): Sections<T> {
  const own = new Map<string, T>();
  const shared: Served<T>[] = [];
  for (const s of served) {
    const [only, ...more] = s.folders;
    if (only !== undefined && more.length === 0) own.set(only, s.backend);
    else shared.push(s);
  }
  return { own, shared };
}

/**
 * The first of `stores` that holds run `runId` (a run id is unique across stores: a UUID), asked one after the other
 * in the given order; undefined when none has it. A store that cannot be read counts as not holding it, unless
 * none answers at all: then its error is thrown (an unreachable server is not "run not found").
 */
export async function storeHolding(
  stores: readonly TrackingStore[],
  runId: string,
): Promise<TrackingStore | undefined> {
  let failure: unknown;
  let answered = false;
  for (const store of stores) {
    try {
      const run = await store.getRun(runId);
      answered = true;
      if (run) return store;
    } catch (err) {
      failure ??= err;
    }
  }
  if (!answered && failure !== undefined) throw failure;
  return undefined;
}
