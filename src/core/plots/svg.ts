// A plot as one self-contained SVG string: what `mlops plots show -o` puts in its HTML page and what
// `mlops report` embeds. It paints the primitives draw.ts lays out — the same the panels paint on canvas.
// Images are referenced as <image> with a data: URI — an SVG image is never inlined, so its scripts never run.
import type { Plot } from './collect';
import type { DrawList, Primitive } from './primitives';
import { drawMessage, drawScene } from './draw';
import type { SceneOptions, SceneProblem } from './scene';
import { buildScene } from './scene';
import { CHART } from './layout';

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
  if (plot.kind === 'empty') return drawListSvg(drawMessage(plot.id, `${plot.id} has no data in any revision`, width));
  if (plot.kind === 'image') return imagesSvg(plot, width, height);
  const built = buildScene(plot, options);
  return drawListSvg(
    built.ok ? drawScene(built.scene, width, height) : drawMessage(built.problem.title, built.problem.message, width),
  );
}

export function problemSvg(problem: SceneProblem, width: number = CHART.width): string {
  return drawListSvg(drawMessage(problem.title, problem.message, width));
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function svgOpen(width: number, height: number, label: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}" font-family="sans-serif" font-size="${CHART.font}">`;
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

export function drawListSvg(list: DrawList): string {
  return `${svgOpen(list.width, list.height, list.title)}${list.items.map(primitiveSvg).join('')}</svg>`;
}

function primitiveSvg(p: Primitive): string {
  switch (p.k) {
    case 'path': {
      let d = '';
      for (let i = 0; i < p.points.length; i += 2)
        d += `${i === 0 ? 'M' : 'L'}${r2(p.points[i]!)} ${r2(p.points[i + 1]!)}`;
      const dash = p.dash.length > 0 && p.dash[1] !== 0 ? ` stroke-dasharray="${p.dash.join(' ')}"` : '';
      const data =
        p.revision === undefined
          ? ''
          : ` data-revision="${escapeXml(p.revision)}" data-source="${escapeXml(p.source ?? '')}"`;
      const opacity = p.opacity === 1 ? '' : ` stroke-opacity="${p.opacity}"`;
      return `<path${data} d="${d}" fill="none" stroke="${p.stroke}" stroke-width="${p.width}"${dash}${opacity}/>`;
    }
    case 'points': {
      const symbol = p.symbol;
      const d =
        symbol.kind === 'polygon'
          ? `${symbol.vertices.map((v, i) => `${i === 0 ? 'M' : i % 2 === 0 ? 'L' : ' '}${r2(v)}`).join('')}Z`
          : '';
      let marks = '';
      for (let i = 0; i < p.points.length; i += 2) {
        const x = r2(p.points[i]!);
        const y = r2(p.points[i + 1]!);
        marks +=
          symbol.kind === 'circle'
            ? `<circle cx="${x}" cy="${y}" r="${r2(symbol.radius)}"/>`
            : `<path transform="translate(${x} ${y})" d="${d}"/>`;
      }
      const paint =
        p.style.kind === 'hollow'
          ? `fill="none" stroke="${p.color}" stroke-width="${p.style.strokeWidth}"`
          : `fill="${p.color}"`;
      const data = p.revision === undefined ? '' : ` data-revision="${escapeXml(p.revision)}"`;
      return `<g ${paint} opacity="${p.opacity}"${data}>${marks}</g>`;
    }
    case 'rect':
      return `<rect${p.cell ? ' class="cell"' : ''} x="${r2(p.x)}" y="${r2(p.y)}" width="${r2(p.w)}" height="${r2(p.h)}" fill="${p.fill}"${p.stroke ? ` stroke="${p.stroke}"` : ''}${p.count === undefined ? '' : ` data-count="${p.count}"`}/>`;
    case 'text': {
      const attrs = [
        p.anchor === 'start' ? '' : ` text-anchor="${p.anchor}"`,
        p.color ? ` fill="${p.color}"` : '',
        p.size ? ` font-size="${p.size}"` : '',
        p.bold ? ' font-weight="bold"' : '',
        p.italic ? ' font-style="italic"' : '',
      ].join('');
      const at = p.rotate
        ? ` transform="translate(${r2(p.x)} ${r2(p.y)}) rotate(${p.rotate})"`
        : ` x="${r2(p.x)}" y="${r2(p.y)}"`;
      return `<text${at}${attrs}>${escapeXml(p.text)}</text>`;
    }
  }
}

function imagesSvg(plot: Extract<Plot, { kind: 'image' }>, width: number, height: number): string {
  const each = plot.images.length === 0 ? width : width / plot.images.length;
  const top = CHART.titleHeight;
  const parts = plot.images.map((img, i) => {
    const ext = img.file.slice(img.file.lastIndexOf('.')).toLowerCase();
    const href = `data:${MIME[ext] ?? 'application/octet-stream'};base64,${img.bytes.toString('base64')}`;
    return `<text x="${i * each + each / 2}" y="${top + 12}" text-anchor="middle">${escapeXml(img.revision)}</text><image x="${i * each + 4}" y="${top + 18}" width="${each - 8}" height="${height - top - 22}" href="${href}" preserveAspectRatio="xMidYMid meet"/>`;
  });
  return `${svgOpen(width, height, plot.id)}<text x="${width / 2}" y="16" text-anchor="middle" font-size="13" font-weight="bold">${escapeXml(plot.id)}</text>${parts.join('')}</svg>`;
}
