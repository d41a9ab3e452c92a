// UI helpers over one code-server window (see harness.ts for how to get one). Each waits for the state it needs,
// so a test reads as the steps a person takes. Selectors are VS Code 1.100's DOM; keep them in this file only.
import { basename, join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

/** One row of the Problems panel, as shown (line and column are 1-based, like the panel's "[Ln 3, Col 5]"). */
export interface Problem {
  file: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  source: string;
  code: string;
  line: number;
  column: number;
  /** The diagnostic's related locations, shown as child rows ("file[Ln 12, Col 3]: message"). */
  related: { file: string; line: number; column: number; message: string }[];
}

/** A quick pick or input box as shown: `rows` are the accessible labels of the visible rows. */
export interface QuickInput {
  title: string;
  rows: string[];
  value: string;
  message: string;
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;

/** Polls `probe` until it returns something other than undefined; fails with `what` after `timeout` ms. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeout = 30_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export class Workbench {
  constructor(
    readonly page: Page,
    /** The workspace folder on disk (a throwaway git copy of the project). */
    readonly folder: string,
    private readonly results: string,
    private readonly closer: () => Promise<void>,
    /** The second workspace folder of a multi-root window (launch's `alsoFolder`), if any. */
    readonly secondFolder?: string,
  ) {}

  /** Closes the browser, kills code-server and all it started, keeps the logs next to the screenshots. */
  close(): Promise<void> {
    return this.closer();
  }

  async waitForWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  /** Saves a screenshot of the whole window as test-results/e2e/<launch name>/<step>.png and returns its path. */
  async shot(step: string): Promise<string> {
    const path = join(this.results, `${step}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Waits until our extension has logged its activation line, and returns the log's text. */
  async waitForActivation(): Promise<string> {
    await this.runCommand('MLOps: Show Log');
    return eventually('"MLOps Workbench activated" in the log', async () => {
      const text = await this.outputText();
      return /MLOps Workbench activated/.test(text) ? text : undefined;
    });
  }

  /** Runs a command from the palette by its exact title as listed ("Category: Title"). */
  async runCommand(title: string): Promise<void> {
    await this.pick('>', title, (label) => label === title || label.startsWith(`${title},`));
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  }

  /** Runs a palette command that then asks something: returns once its own quick pick or input box is up. */
  async startCommand(title: string): Promise<QuickInput> {
    await this.pick('>', title, (label) => label === title || label.startsWith(`${title},`));
    return eventually(`the quick input of "${title}"`, async () => {
      const input = await this.quickInput();
      return input?.title ? input : undefined;
    });
  }

  /** The quick pick or input box on screen (its title, rows, value, validation message), if any. */
  async quickInput(): Promise<QuickInput | undefined> {
    const widget = this.page.locator(QUICK_INPUT);
    if (!(await widget.isVisible())) return undefined;
    return {
      title: (await widget.locator('.quick-input-title').textContent())?.trim() ?? '',
      rows: await this.page
        .locator(QUICK_ROWS)
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? '')),
      value: await widget.locator('.quick-input-box input').inputValue(),
      message: (await widget.locator('.quick-input-message').textContent())?.trim() ?? '',
    };
  }

  /**
   * Answers the open quick pick titled `title` as a person would with the keyboard: types `query` to filter and
   * presses Enter once the first row is the one `matches` accepts (clicking rows races with hover tooltips).
   * Returns what the next question is, if the command asks one.
   */
  async choose(title: string, query: string, matches: (label: string) => boolean): Promise<QuickInput | undefined> {
    await this.waitForQuestion(title);
    await this.page.locator(`${QUICK_INPUT} .quick-input-box input`).fill(query);
    await eventually(`a row matching "${query}" first in "${title}"`, async () => {
      const first = (await this.quickInput())?.rows[0];
      return first !== undefined && matches(first) ? true : undefined;
    });
    return this.submit(title);
  }

  /** Answers the open input box titled `title` with `text` (replacing its proposed value) and presses Enter. */
  async answer(title: string, text: string): Promise<QuickInput | undefined> {
    await this.waitForQuestion(title);
    await this.page.locator(`${QUICK_INPUT} .quick-input-box input`).fill(text);
    return this.submit(title);
  }

  private async waitForQuestion(title: string): Promise<void> {
    await eventually(`the question "${title}"`, async () =>
      (await this.quickInput())?.title === title ? true : undefined,
    );
  }

  /** Enter, then waits until the question is gone or replaced by the next one. */
  private async submit(title: string): Promise<QuickInput | undefined> {
    await this.page.keyboard.press('Enter');
    const next = await eventually(`"${title}" to be answered`, async () => {
      const input = await this.quickInput();
      return input?.title === title ? undefined : { input };
    });
    return next.input;
  }

  /** The titles of the CodeLenses in the row just above `line` (1-based) of the active editor, once it is on screen. */
  async codeLenses(line: number): Promise<string[]> {
    return (await this.codeLensRow(line)).map((l) => l.text);
  }

  /**
   * Clicks a CodeLens of the active editor: the one reading `title` in the row of lenses just above `line`
   * (1-based), as a person would. Waits for that lens to appear (lenses come after the document is analysed).
   */
  async clickCodeLens(line: number, title: string): Promise<void> {
    await this.goToLine(line);
    const lens = await eventually(
      `the CodeLens "${title}" above line ${line}`,
      async () => (await this.codeLensRow(line)).find((l) => l.text === title)?.link,
    );
    await lens.click();
  }

  /** The lens links (text and locator) whose row ends where `line` starts; empty while the line is off screen. */
  private async codeLensRow(line: number): Promise<{ text: string; link: Locator }[]> {
    const editor = this.page.locator('.editor-instance .monaco-editor.focused');
    const number = editor.locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^${line}$`) });
    const lineBox = (await number.count()) === 1 ? await number.boundingBox() : null;
    if (!lineBox) return [];
    const links = editor.locator('.codelens-decoration a');
    const boxes = await links.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { text: (el.textContent ?? '').trim(), bottom: r.bottom, visible: r.height > 0 };
      }),
    );
    // A lens row ends where its line starts (give or take a pixel of rounding).
    return boxes.flatMap((b, i) =>
      b.visible && Math.abs(b.bottom - lineBox.y) < 4 ? [{ text: b.text, link: links.nth(i) }] : [],
    );
  }

  /** The lines on screen in the active terminal (its DOM renderer: the harness turns GPU rendering off). */
  async terminalText(): Promise<string> {
    const rows = this.page.locator('.terminal-wrapper.active .xterm-rows > div');
    await rows.first().waitFor();
    const lines = await rows.allTextContents();
    return lines.map((l) => l.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  }

  /**
   * Opens a workspace file through Quick Open and waits until its editor is active and focused; in a multi-root
   * window, `inFolder` (a folder's name) tells which folder's file.
   */
  async openFile(relativePath: string, inFolder?: string): Promise<void> {
    const name = basename(relativePath);
    await this.pick(
      '',
      relativePath,
      // A multi-root window labels a file "name folder", without the comma.
      (label) => label.startsWith(inFolder === undefined ? `${name},` : `${name} ${inFolder}`),
    );
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${name}"]`).waitFor();
    await this.page.locator('.editor-instance .monaco-editor.focused').waitFor();
  }

  /** Moves the cursor of the active editor to the start of a 1-based line. */
  async goToLine(line: number): Promise<void> {
    await this.openQuickInput(':');
    await this.page.keyboard.type(String(line));
    await this.page.keyboard.press('Enter');
    await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden' });
  }

  /** Deletes a 1-based line of the active editor, as a person would (Ctrl+Shift+K). */
  async deleteLine(line: number): Promise<void> {
    await this.goToLine(line);
    await this.page.keyboard.press('Control+Shift+K');
  }

  /** Types into the focused editor or input, key by key (the editor's auto-indent and auto-close apply). */
  async typeText(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  /** Saves the active editor and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** Shows the Problems panel and reads every marker row. */
  async problems(): Promise<Problem[]> {
    if (
      (await this.page.locator('.markers-panel').count()) === 0 ||
      !(await this.page.locator('.markers-panel').isVisible())
    ) {
      await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      await this.page.locator('.markers-panel').waitFor();
    }
    // Read raw cells in the page, parse here: functions passed to the page must not declare inner functions
    // (tsx wraps them in a helper the page does not have).
    const rows = await this.page
      .locator('.markers-panel .monaco-list-row')
      .evaluateAll((els) =>
        els.map((row) =>
          [
            '.resource-label-container .label-name',
            '.related-info-resource',
            '.marker-icon',
            '.marker-message',
            '.marker-source',
            '.marker-code',
            '.marker-line',
            '.marker-description',
          ].map((selector) =>
            selector === '.marker-icon'
              ? row.querySelector(selector)?.className
              : row.querySelector(selector)?.textContent?.trim(),
          ),
        ),
      );
    const found: Problem[] = [];
    let file = '';
    for (const [label, relatedFile, icon, message, source, code, position, description] of rows) {
      const at = /Ln (\d+), Col (\d+)/.exec(position ?? '');
      const [line, column] = [Number(at?.[1] ?? 0), Number(at?.[2] ?? 0)];
      if (label !== undefined) {
        file = label;
      } else if (relatedFile !== undefined) {
        found.at(-1)?.related.push({ file: relatedFile, line, column, message: description ?? '' });
      } else {
        const severity = /\berror\b/.test(icon ?? '') ? 'error' : /\bwarning\b/.test(icon ?? '') ? 'warning' : 'info';
        found.push({
          file,
          severity,
          message: message ?? '',
          source: source ?? '',
          code: code ?? '',
          line,
          column,
          related: [],
        });
      }
    }
    return found;
  }

  /** Re-reads the Problems panel until `accept` holds for its rows; returns them. */
  async waitForProblems(what: string, accept: (problems: Problem[]) => boolean, timeout = 30_000): Promise<Problem[]> {
    return eventually(
      what,
      async () => {
        const problems = await this.problems();
        return accept(problems) ? problems : undefined;
      },
      timeout,
    );
  }

  /** The text of the Output panel's visible channel (open it first, e.g. with 'MLOps: Show Log'). */
  async outputText(): Promise<string> {
    const lines = this.page.locator('.panel .output-view .view-lines .view-line');
    await lines.first().waitFor();
    const texts = await lines.evaluateAll((els) =>
      els
        .map((el) => ({ top: parseFloat((el as HTMLElement).style.top || '0'), text: el.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.text),
    );
    return texts.join('\n').replace(/\u00a0/g, ' ');
  }

  /** Shows a view container of the activity bar by the start of its title (e.g. 'MLOps', 'Explorer'). */
  async showActivity(title: string): Promise<void> {
    const item = `.activitybar li.action-item:has(> a.action-label[aria-label^="${title}"])`;
    // Clicking the container that is already shown would hide the side bar.
    if ((await this.page.locator(`${item}.checked`).count()) === 0) await this.page.locator(item).first().click();
    await this.page.locator(`${item}.checked`).first().waitFor();
  }

  /** The rows (their accessible labels) of a view in the side bar, by the start of the view's title. */
  async treeRows(viewTitle: string): Promise<string[]> {
    const pane = this.pane(viewTitle);
    await pane.waitFor();
    return pane
      .locator('.pane-body .monaco-list-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? row.textContent ?? ''));
  }

  /** Re-reads a view's rows until one starts with `labelStart` and `accept` holds for it; returns that row's label. */
  async waitForTreeRow(
    viewTitle: string,
    labelStart: string,
    accept: (label: string) => boolean = () => true,
    timeout = 30_000,
  ): Promise<string> {
    return eventually(
      `a row "${labelStart}…" in the ${viewTitle} view`,
      async () => (await this.treeRows(viewTitle)).find((l) => l.startsWith(labelStart) && accept(l)),
      timeout,
    );
  }

  /** A row of a side-bar view, by the start of its accessible label. */
  treeRow(viewTitle: string, labelStart: string): Locator {
    return this.pane(viewTitle).locator(`.pane-body .monaco-list-row[aria-label^="${labelStart}"]`).first();
  }

  /** Clicks an inline action of a tree row (the icons shown on hover), by the action's title. */
  async clickRowAction(viewTitle: string, labelStart: string, action: string): Promise<void> {
    const row = this.treeRow(viewTitle, labelStart);
    await row.hover();
    await row.locator(`.actions .action-label[aria-label="${action}"]`).click();
  }

  /** Opens or folds a side-bar view by its header (folding the others gives one view the side bar's height). */
  async setViewOpen(viewTitle: string, open: boolean): Promise<void> {
    const header = this.pane(viewTitle).locator('.pane-header').first();
    await header.waitFor();
    // On the twistie: the header's middle may hold the view's title actions.
    if ((await header.getAttribute('aria-expanded')) !== String(open))
      await header.click({ position: { x: 8, y: 10 } });
    await eventually(`the ${viewTitle} view ${open ? 'open' : 'folded'}`, async () =>
      (await header.getAttribute('aria-expanded')) === String(open) ? true : undefined,
    );
  }

  private pane(viewTitle: string): Locator {
    return this.page
      .locator('.part.sidebar .pane')
      .filter({ has: this.page.locator(`.pane-header[aria-label^="${viewTitle}" i]`) })
      .first();
  }

  /** The messages of the notification toasts on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
  }

  /** The accessible labels of the status bar entries, left to right. */
  async statusBarText(): Promise<string[]> {
    return this.page
      .locator('.part.statusbar .statusbar-item')
      .evaluateAll((items) => items.map((item) => item.getAttribute('aria-label') ?? item.textContent ?? ''));
  }

  /** The frame of a webview whose document holds `selector` (webviews are nested iframes). */
  async webviewFrame(selector: string, timeout = 30_000): Promise<Frame> {
    return eventually(
      `a webview holding ${selector}`,
      async () => {
        for (const frame of this.page.frames()) {
          if (frame === this.page.mainFrame()) continue;
          if (
            (await frame
              .locator(selector)
              .count()
              .catch(() => 0)) > 0
          )
            return frame;
        }
        return undefined;
      },
      timeout,
    );
  }

  private async openQuickInput(prefix: '>' | ':' | ''): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator(`${QUICK_INPUT} .quick-input-box input`);
    await input.waitFor();
    await input.fill(prefix);
  }

  /**
   * Types `query` into the quick input and clicks the first row whose label `matches` (callers wait for what follows). The list is built when
   * the input opens, so an entry that is not there yet (the extension host still starting) needs a fresh open.
   */
  private async pick(
    prefix: '>' | '',
    query: string,
    matches: (label: string) => boolean,
    timeout = 30_000,
  ): Promise<void> {
    const deadline = Date.now() + timeout;
    for (;;) {
      await this.openQuickInput(prefix);
      await this.page.keyboard.type(query);
      const index = await eventually(
        `"${query}" in the quick input`,
        async () => {
          const labels = await this.page
            .locator(QUICK_ROWS)
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
          const i = labels.findIndex(matches);
          return i >= 0 ? i : undefined;
        },
        3_000,
      ).catch((error: unknown) => {
        if (Date.now() > deadline) throw error;
        return undefined;
      });
      if (index !== undefined) {
        await this.page.locator(QUICK_ROWS).nth(index).click();
        return;
      }
      await this.page.keyboard.press('Escape');
    }
  }
}
