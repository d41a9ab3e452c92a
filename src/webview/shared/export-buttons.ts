// "Export PNG" / "Export SVG" of the first chart in view; the host shows the save dialog.
import type { MetricCharts } from './metric-charts';
import { chartToSvg } from './export';
import { button } from './toolbar';
import { el } from './dom';
import { post } from './vscode-api';

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'chart';
}

export function exportButtons(charts: () => MetricCharts | undefined, baseName: string): HTMLElement {
  const first = () => charts()?.exportable()[0];
  return el('span', { className: 'export' }, [
    button('Export PNG', () => {
      const c = first();
      if (c)
        post({
          type: 'export',
          format: 'png',
          fileName: `${safeName(baseName)}-${safeName(c.key)}.png`,
          data: c.png().replace(/^data:image\/png;base64,/, ''),
        });
    }),
    button('Export SVG', () => {
      const c = first();
      if (c)
        post({
          type: 'export',
          format: 'svg',
          fileName: `${safeName(baseName)}-${safeName(c.key)}.svg`,
          data: chartToSvg(c.key, c.xs, c.series),
        });
    }),
  ]);
}
