// `mlops report`: the candidate against its baseline as Markdown (pull request comments) or HTML.
export { buildReport, type ReportRequest } from './build';
export type { ReportModel } from './model';
export { renderHtml } from './render-html';
export { renderMarkdown } from './render-md';
