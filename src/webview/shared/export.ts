// Exports a table to CSV and a chart to SVG, as text. Pure: unit-testable without a browser.

/** RFC 4180 quoting. Text cells that a spreadsheet would run as a formula get a leading quote. */
export function toCsv(rows: readonly (readonly (string | number | undefined)[])[]): string {
  const cell = (value: string | number | undefined): string => {
    if (value === undefined) return '';
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : String(value);
    const safe = /^[=+\-@\t\r]/.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface SvgSeries {
  label: string;
  color: string;
  ys: readonly (number | null)[];
}

/** A standalone SVG line chart of aligned series (x shared), with a title and a legend. */
export function chartToSvg(
  title: string,
  xs: readonly number[],
  series: readonly SvgSeries[],
  width = 640,
  height = 320,
): string {
  const pad = { left: 56, right: 16, top: 28, bottom: 28 + 16 * series.length };
  const finite = series.flatMap((s) => s.ys.filter((y): y is number => y !== null && Number.isFinite(y)));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  const sx = (x: number) => pad.left + ((x - x0) / (x1 - x0 || 1)) * (width - pad.left - pad.right);
  const sy = (y: number) => height - pad.bottom - ((y - y0) / (y1 - y0 || 1)) * (height - pad.top - pad.bottom);
  const paths = series.map((s) => {
    let d = '';
    let pen = false;
    s.ys.forEach((y, i) => {
      if (y === null || !Number.isFinite(y)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${sx(xs[i] as number).toFixed(1)},${sy(y).toFixed(1)}`;
      pen = true;
    });
    return `<path d="${d}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="1.5"/>`;
  });
  const legend = series.map(
    (s, i) =>
      `<text x="${pad.left}" y="${height - 8 - 16 * (series.length - 1 - i)}" fill="${escapeXml(s.color)}" font-size="12">${escapeXml(s.label)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<text x="${pad.left}" y="18" font-size="14">${escapeXml(title)}</text>`,
    `<text x="4" y="${pad.top + 10}" font-size="10">${y1.toPrecision(4)}</text>`,
    `<text x="4" y="${height - pad.bottom}" font-size="10">${y0.toPrecision(4)}</text>`,
    `<rect x="${pad.left}" y="${pad.top}" width="${width - pad.left - pad.right}" height="${height - pad.top - pad.bottom}" fill="none" stroke="#888" stroke-width="0.5"/>`,
    ...paths,
    ...legend,
    '</svg>',
  ].join('\n');
}
