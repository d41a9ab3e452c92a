// Pieces of the graph's SVG that know nothing of stages: element creation, label shortening measured in the
// document, arrowheads.
import { dagNodeMetrics } from '../contract';

const NS = 'http://www.w3.org/2000/svg';

export function svgEl<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
  children: (Node | string)[] = [],
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  for (const child of children) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export function roomIn(group: SVGGElement): number {
  return (
    Number((group.querySelector('rect.box') as SVGRectElement).getAttribute('width')) -
    dagNodeMetrics.padLeft -
    dagNodeMetrics.padRight
  );
}

/**
 * Shortens each text wider than its room to its longest prefix that fits, plus an ellipsis. Every width is read
 * before anything is written (prefix widths from getSubStringLength), so a thousand labels cost one layout.
 */
export function shortenAll(items: readonly { text: SVGTextElement; room: number }[]): void {
  const ellipsis = new Map<string, number>();
  for (const { text } of items) {
    const cls = text.getAttribute('class') ?? '';
    if (ellipsis.has(cls) || !text.parentNode) continue;
    const probe = svgEl('text', { class: cls }, ['…']);
    text.parentNode.append(probe);
    ellipsis.set(cls, probe.getComputedTextLength());
    probe.remove();
  }
  const cuts = items.map(({ text, room }) => {
    const n = text.getNumberOfChars();
    if (n === 0 || text.getComputedTextLength() <= room) return undefined;
    const fits = room - (ellipsis.get(text.getAttribute('class') ?? '') ?? 0);
    let [lo, hi] = [0, n - 1];
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (text.getSubStringLength(0, mid) <= fits) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  });
  items.forEach(({ text }, i) => {
    let cut = cuts[i];
    if (cut === undefined) return;
    const full = text.textContent ?? '';
    // Never split a surrogate pair.
    if (cut > 0 && /[\ud800-\udbff]/.test(full.charAt(cut - 1))) cut--;
    text.textContent = `${full.slice(0, cut)}…`;
  });
}

/** Arrowheads, one per edge kind (a marker cannot take its colour from the path that uses it everywhere yet). */
export function markerDefs(): SVGDefsElement {
  const marker = (id: string) =>
    svgEl(
      'marker',
      {
        id,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
        markerUnits: 'userSpaceOnUse',
      },
      [svgEl('path', { class: 'arrowhead', d: 'M0,0 L10,5 L0,10 Z' })],
    );
  return svgEl('defs', {}, [marker('dag-arrow'), marker('dag-arrow-cycle')]);
}
