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
