// A stable colour per run: the same run gets the same colour in every chart, panel and session.
const palette = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#1f77b4',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#17becf',
];

/** FNV-1a over the run id picks a palette entry. */
export function runColor(runId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i++) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return palette[(hash >>> 0) % palette.length] as string;
}

/** Colours of the revisions a run panel overlays on the run's own plots (DVC's palette, skipping its first entry). */
const OTHER_REVISIONS = ['#13adc7', '#f46837', '#48bb78', '#4299e1', '#ed8936', '#f56565'];

/** The colour of the n-th compared revision (n ≥ 1) in the run panel. */
export function comparedRevisionColor(n: number): string {
  return OTHER_REVISIONS[(n - 1) % OTHER_REVISIONS.length] as string;
}
