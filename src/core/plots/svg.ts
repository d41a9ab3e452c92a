// A plot as one self-contained SVG string: what `mlops plots show -o` puts in its HTML page and what
// `mlops report` embeds. Draws the same scene the panels draw on canvas (scene.ts, layout.ts). Images are
// referenced as <image> with a data: URI — an SVG image is never inlined, so its scripts never run.
import type { Plot } from './collect';
import type { BarsScene, ConfusionScene, LinesScene, Scene, SceneOptions, SceneProblem, TableScene } from './scene';
import { buildScene } from './scene';
import type { Box } from './layout';
import { CHART, formatTick, heatColor, heatTextColor, niceTicks, plotArea, scale, thinLine } from './layout';

export interface SvgOptions extends SceneOptions {
  width?: number;
  height?: number;
}

const MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/** One plot (every revision in it) as an SVG document string. */
export function renderPlotSvg(plot: Plot, options: SvgOptions = {}): string {
  const width: number = options.width ?? CHART.width;
  const height: number = options.height ?? CHART.height;
  if (plot.kind === 'empty') return messageSvg(plot.id, `${plot.id} has no data in any revision`, width);
  if (plot.kind === 'image') return imagesSvg(plot, width, height);
  const built = buildScene(plot, options);
  return built.ok ? renderSceneSvg(built.scene, width, height) : problemSvg(built.problem, width);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function svgOpen(width: number, height: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}" font-family="sans-serif" font-size="${CHART.font}">`;
}

function title(text: string, width: number): string {
  return `<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(text)}</text>`;
}

export function problemSvg(problem: SceneProblem, width: number = CHART.width): string {
  return messageSvg(problem.title, problem.message, width);
}

function messageSvg(heading: string, message: string, width: number): string {
  const lines = wrap(message, Math.floor((width - 20) / 6.5));
  const height = 40 + lines.length * 15;
  return `${svgOpen(width, height, heading)}${title(heading, width)}${lines
    .map((l, i) => `<text x="10" y="${40 + i * 15}" fill="#b00020">${escapeXml(l)}</text>`)
    .join('')}</svg>`;
}

function wrap(text: string, columns: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > columns) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out;
}

function imagesSvg(plot: Extract<Plot, { kind: 'image' }>, width: number, height: number): string {
  const each = plot.images.length === 0 ? width : width / plot.images.length;
  const parts = plot.images.map((img, i) => {
    const ext = img.file.slice(img.file.lastIndexOf('.')).toLowerCase();
    const href = `data:${MIME[ext] ?? 'application/octet-stream'};base64,${img.bytes.toString('base64')}`;
    return `<text x="${i * each + each / 2}" y="${CHART.titleHeight + 12}" text-anchor="middle">${escapeXml(img.revision)}</text><image x="${i * each + 4}" y="${CHART.titleHeight + 18}" width="${each - 8}" height="${height - CHART.titleHeight - 22}" href="${href}" preserveAspectRatio="xMidYMid meet"/>`;
  });
  return `${svgOpen(width, height, plot.id)}${title(plot.id, width)}${parts.join('')}</svg>`;
}

/** A scene as SVG. */
export function renderSceneSvg(scene: Scene, width: number, height: number): string {
  const body = scene.body;
  if (body.kind === 'table') return tableSvg(scene, body, width);
  const area = plotArea(scene, width, height);
  const inner =
    body.kind === 'lines'
      ? linesSvg(body, area)
      : body.kind === 'confusion'
        ? confusionSvg(body, area)
        : barsSvg(body, area);
  const legend = body.kind === 'lines' ? linesLegend(body, width) : body.kind === 'bars' ? barsLegend(body, width) : '';
  const xLabel = `<text x="${area.left + area.width / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(scene.xLabel)}</text>`;
  const yLabel = `<text transform="translate(12 ${area.top + area.height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(scene.yLabel)}</text>`;
  return `${svgOpen(width, height, scene.title)}${title(scene.title, width)}${legend}${inner}${xLabel}${yLabel}</svg>`;
}

function axes(area: Box, xTicks: { at: number; label: string }[], yTicks: { at: number; label: string }[]): string {
  const bottom = area.top + area.height;
  const grid = yTicks
    .map((t) => `<line x1="${area.left}" x2="${area.left + area.width}" y1="${t.at}" y2="${t.at}" stroke="#8884" />`)
    .join('');
  const xs = xTicks
    .map((t) => `<text x="${t.at}" y="${bottom + 14}" text-anchor="middle">${escapeXml(t.label)}</text>`)
    .join('');
  const ys = yTicks
    .map((t) => `<text x="${area.left - 4}" y="${t.at + 4}" text-anchor="end">${escapeXml(t.label)}</text>`)
    .join('');
  return `${grid}<rect x="${area.left}" y="${area.top}" width="${area.width}" height="${area.height}" fill="none" stroke="#888"/>${xs}${ys}`;
}

function linesSvg(body: LinesScene, area: Box): string {
  const sx = scale(body.xDomain, area.left, area.left + area.width);
  const sy = scale(body.yDomain, area.top + area.height, area.top);
  const ticks = axes(
    area,
    niceTicks(...body.xDomain).map((v) => ({ at: sx(v), label: formatTick(v) })),
    niceTicks(...body.yDomain).map((v) => ({ at: sy(v), label: formatTick(v) })),
  );
  const marks = body.series.map((s) => {
    const dash = s.dash.length > 0 ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    const label = ` data-revision="${escapeXml(s.revision)}" data-source="${escapeXml(s.source)}"`;
    if (body.mark === 'points') {
      const circles: string[] = [];
      const keep = thinLine(s.xs, s.ys, sx, area.width);
      for (const i of keep) circles.push(`<circle cx="${r2(sx(s.xs[i]!))}" cy="${r2(sy(s.ys[i]!))}" r="2.5"/>`);
      return `<g fill="${s.color}"${label}>${circles.join('')}</g>`;
    }
    const raw = pathOf(s.xs, s.ys, sx, sy, area.width);
    if (s.smoothed) {
      const trend = pathOf(s.xs, s.smoothed, sx, sy, area.width);
      return `<g${label}><path d="${raw}" fill="none" stroke="${s.color}" stroke-opacity="0.2"${dash}/><path d="${trend}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/></g>`;
    }
    return `<path${label} d="${raw}" fill="none" stroke="${s.color}" stroke-width="1.5"${dash}/>`;
  });
  return `${ticks}${marks.join('')}`;
}

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

function pathOf(
  xs: Float64Array,
  ys: Float64Array,
  sx: (v: number) => number,
  sy: (v: number) => number,
  pixels: number,
): string {
  const keep = thinLine(xs, ys, sx, pixels);
  let d = '';
  for (let k = 0; k < keep.length; k++) {
    const i = keep[k]!;
    d += `${k === 0 ? 'M' : 'L'}${r2(sx(xs[i]!))} ${r2(sy(ys[i]!))}`;
  }
  return d;
}

function linesLegend(body: LinesScene, width: number): string {
  const seen = new Set<string>();
  const items: string[] = [];
  let x = 10;
  for (const s of body.series) {
    const name = s.source === '' ? s.revision : `${s.revision} ${s.source}`;
    if (seen.has(name)) continue;
    seen.add(name);
    const dash = s.dash.length > 0 ? ` stroke-dasharray="${s.dash.join(' ')}"` : '';
    items.push(
      `<line x1="${x}" x2="${x + 16}" y1="${CHART.titleHeight + 8}" y2="${CHART.titleHeight + 8}" stroke="${s.color}" stroke-width="2"${dash}/><text x="${x + 20}" y="${CHART.titleHeight + 12}">${escapeXml(name)}</text>`,
    );
    x += 28 + name.length * 6.5;
    if (x > width - 40) break;
  }
  return items.join('');
}

function barsLegend(body: BarsScene, width: number): string {
  let x = 10;
  return body.groups
    .map((g) => {
      const item = `<rect x="${x}" y="${CHART.titleHeight + 3}" width="10" height="10" fill="${g.color}"/><text x="${x + 14}" y="${CHART.titleHeight + 12}">${escapeXml(g.revision)}</text>`;
      x = Math.min(width - 40, x + 24 + g.revision.length * 6.5);
      return item;
    })
    .join('');
}

function confusionSvg(body: ConfusionScene, area: Box): string {
  const gap = 16;
  const each = (area.width - gap * (body.panels.length - 1)) / Math.max(1, body.panels.length);
  return body.panels
    .map((p, k) => {
      const left = area.left + k * (each + gap);
      const cw = each / Math.max(1, p.xLabels.length);
      const ch = area.height / Math.max(1, p.yLabels.length);
      const cells: string[] = [];
      for (let row = 0; row < p.yLabels.length; row++)
        for (let col = 0; col < p.xLabels.length; col++) {
          const i = row * p.xLabels.length + col;
          const share = p.shares[i]!;
          const x = left + col * cw;
          const y = area.top + row * ch;
          const text = body.normalized ? share.toFixed(2) : String(p.counts[i]);
          cells.push(
            `<rect class="cell" x="${r2(x)}" y="${r2(y)}" width="${r2(cw)}" height="${r2(ch)}" fill="${heatColor(share)}" stroke="#fff" data-count="${p.counts[i]}"/>` +
              (cw > 14 && ch > 10
                ? `<text x="${r2(x + cw / 2)}" y="${r2(y + ch / 2 + 4)}" text-anchor="middle" fill="${heatTextColor(share)}">${text}</text>`
                : ''),
          );
        }
      const xTicks = p.xLabels
        .map(
          (l, c) =>
            `<text x="${r2(left + c * cw + cw / 2)}" y="${area.top + area.height + 14}" text-anchor="middle">${escapeXml(l)}</text>`,
        )
        .join('');
      const yTicks =
        k === 0
          ? p.yLabels
              .map(
                (l, r) =>
                  `<text x="${left - 4}" y="${r2(area.top + r * ch + ch / 2 + 4)}" text-anchor="end">${escapeXml(l)}</text>`,
              )
              .join('')
          : '';
      const head =
        body.panels.length > 1
          ? `<text x="${left + each / 2}" y="${area.top - 4}" text-anchor="middle">${escapeXml(p.revision)}</text>`
          : '';
      return `<g data-revision="${escapeXml(p.revision)}">${head}${cells.join('')}${xTicks}${yTicks}</g>`;
    })
    .join('');
}

function barsSvg(body: BarsScene, area: Box): string {
  const sx = scale([body.min, body.max], area.left, area.left + area.width);
  const band = area.height / Math.max(1, body.categories.length);
  const bar = (band * 0.8) / Math.max(1, body.groups.length);
  const ticks = axes(
    area,
    niceTicks(body.min, body.max).map((v) => ({ at: sx(v), label: formatTick(v) })),
    body.categories.map((c, i) => ({ at: area.top + i * band + band / 2, label: c })),
  );
  const bars: string[] = [];
  body.groups.forEach((g, k) =>
    g.values.forEach((v, i) => {
      if (Number.isNaN(v)) return;
      const x0 = sx(Math.min(0, v));
      const x1 = sx(Math.max(0, v));
      bars.push(
        `<rect x="${r2(x0)}" y="${r2(area.top + i * band + band * 0.1 + k * bar)}" width="${r2(Math.max(1, x1 - x0))}" height="${r2(bar)}" fill="${g.color}"/>`,
      );
    }),
  );
  return `${ticks}${bars.join('')}`;
}

function tableSvg(scene: Scene, body: TableScene, width: number): string {
  const rowH = 16;
  const colW = (width - 20) / Math.max(1, body.columns.length);
  const noteLines = wrap(body.note, Math.floor((width - 20) / 6.5));
  const top = CHART.titleHeight + 10 + noteLines.length * 14;
  const height = top + (body.rows.length + 2) * rowH + 10;
  const note = noteLines
    .map((l, i) => `<text x="10" y="${CHART.titleHeight + 14 + i * 14}" font-style="italic">${escapeXml(l)}</text>`)
    .join('');
  const cell = (text: string, col: number, row: number, bold = false): string =>
    `<text x="${10 + col * colW}" y="${top + (row + 1) * rowH}"${bold ? ' font-weight="bold"' : ''}>${escapeXml(text.length > 24 ? `${text.slice(0, 23)}…` : text)}</text>`;
  const header = body.columns.map((c, i) => cell(c, i, 0, true)).join('');
  const rows = body.rows.map((r, ri) => r.map((v, ci) => cell(v, ci, ri + 1)).join('')).join('');
  const more = body.more > 0 ? `<text x="10" y="${height - 6}">… ${body.more} more rows</text>` : '';
  return `${svgOpen(width, height, scene.title)}${title(scene.title, width)}${note}${header}${rows}${more}</svg>`;
}
