// Table rows drawn only where they are seen: the rows in the scroller's view (and `overscan` either side) are
// in the DOM, with one spacer row above and one below standing in for the rest, redrawn once per frame while
// scrolling. The panels' tables (compare, experiments) use it so 10,000 rows paint and scroll like 20.

/** Heights go through CSSOM: the panels' CSP refuses style attributes. */
function spacer(height: number): HTMLElement {
  const tr = document.createElement('tr');
  tr.setAttribute('aria-hidden', 'true');
  tr.style.height = `${height}px`;
  return tr;
}

export function virtualRows(
  scroller: HTMLElement,
  body: HTMLElement,
  count: number,
  rowHeight: number,
  row: (index: number) => HTMLElement,
  overscan = 10,
): void {
  let first = -1;
  let last = -1;
  const draw = (): void => {
    const top = scroller.scrollTop;
    const height = scroller.clientHeight || 600;
    const from = Math.max(0, Math.floor(top / rowHeight) - overscan);
    const to = Math.min(count, Math.ceil((top + height) / rowHeight) + overscan);
    if (from === first && to === last) return;
    [first, last] = [from, to];
    body.replaceChildren(spacer(from * rowHeight));
    for (let i = from; i < to; i++) {
      const tr = row(i);
      tr.style.height = `${rowHeight}px`;
      body.append(tr);
    }
    body.append(spacer((count - to) * rowHeight));
  };
  let pending = 0;
  scroller.addEventListener('scroll', () => {
    if (!pending) pending = requestAnimationFrame(() => ((pending = 0), draw()));
  });
  draw();
  // Once attached, the scroller knows its real height.
  requestAnimationFrame(draw);
}
