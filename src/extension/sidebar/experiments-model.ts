// What the Experiments view shows, as data: the experiments that have runs, and pages of runs under the
// user's filter and sort. No vscode import: tested against a real local store and a real MLflow server.
import type { Experiment, OrderBy, RunFilter, RunSummary, TrackingStore } from '../../core/tracking/types';

export const PAGE_SIZE = 50;

export interface ViewQuery {
  filter: RunFilter;
  filterText: string;
  orderBy: OrderBy[];
  orderText: string;
}

export interface RunPage {
  runs: RunSummary[];
  /** Absent when every run is loaded. */
  next?: string;
}

/** Active experiments, and whether any run exists at all (the "no runs yet" welcome view). */
export async function experimentsWithRuns(
  store: TrackingStore,
): Promise<{ experiments: Experiment[]; hasRuns: boolean }> {
  const [experiments, any] = await Promise.all([store.listExperiments(), store.searchRuns({ pageSize: 1 })]);
  return { experiments: experiments.filter((e) => e.lifecycle === 'active'), hasRuns: any.items.length > 0 };
}

/** The next page of an experiment's runs, appended to what is already loaded. */
export async function loadRunPage(
  store: TrackingStore,
  experimentId: string,
  query: ViewQuery,
  previous?: RunPage,
  pageSize = PAGE_SIZE,
): Promise<RunPage> {
  const page = await store.searchRuns({
    experimentIds: [experimentId],
    filter: query.filter,
    orderBy: query.orderBy.length > 0 ? query.orderBy : undefined,
    pageSize,
    pageToken: previous?.next,
  });
  return { runs: [...(previous?.runs ?? []), ...page.items], next: page.nextPageToken };
}
