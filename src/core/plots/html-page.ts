// The self-contained page `mlops plots show|diff` writes for sharing: every chart as inline SVG (no script,
// no network), errors listed beside the plots they concern, images referenced as files copied next to the
// page (never inlined, as DVC's own page does).
import type { PlotsResult } from './collect';
import { imageCopyName } from './dvc-json';
import { escapeXml, renderPlotSvg } from './svg';

export interface PageFile {
  /** Name inside the output folder. */
  name: string;
  data: string | Buffer;
}

/** index.html and the image copies it refers to. */
export function plotsPage(result: PlotsResult, heading: string): PageFile[] {
  const files: PageFile[] = [];
  const sections = result.plots.map((plot) => {
    const issues = result.errors
      .filter((e) => e.plotId === plot.id)
      .map(
        (e) =>
          `<p class="issue">${escapeXml(`${e.revision}: ${e.source ? `${e.source}${e.line ? `:${e.line}` : ''}: ` : ''}${e.message}`)}</p>`,
      )
      .join('');
    let body: string;
    if (plot.kind === 'image') {
      body = plot.images
        .map((img) => {
          const name = imageCopyName(img.revision, img.file);
          files.push({ name, data: img.bytes });
          return `<figure><img src="${escapeXml(encodeURI(name))}" alt="${escapeXml(`${plot.id} at ${img.revision}`)}"><figcaption>${escapeXml(img.revision)}</figcaption></figure>`;
        })
        .join('');
    } else body = renderPlotSvg(plot);
    return `<section><h2>${escapeXml(plot.id)}</h2>${body}${issues}</section>`;
  });
  const general = result.errors
    .filter((e) => e.plotId === undefined)
    .map((e) => `<p class="issue">${escapeXml(`${e.revision}: ${e.message}`)}</p>`)
    .join('');
  const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'">
<title>${escapeXml(heading)}</title>
<style>body{font-family:sans-serif;margin:16px;background:#fff;color:#1b1b1b}main{display:flex;flex-wrap:wrap;gap:16px}section{border:1px solid #ddd;padding:8px;max-width:520px}h2{font-size:13px;margin:0 0 6px}img{max-width:480px}.issue{color:#b00020;font-size:12px}</style>
</head><body><h1>${escapeXml(heading)}</h1>${general}<main>${sections.join('\n')}</main></body></html>
`;
  files.push({ name: 'index.html', data: html });
  return files;
}
