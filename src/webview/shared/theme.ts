// VS Code signals a theme change by swapping the body's `vscode-light|vscode-dark|vscode-high-contrast`
// class (and its CSS variables); canvas charts read colours when drawn, so they are redrawn then.
export function onThemeChange(redraw: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    redraw();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
