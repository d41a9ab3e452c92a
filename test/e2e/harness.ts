/**
 * Real VS Code for the e2e suite: code-server 4.100.3 (the engines minimum; the newest one with MLOPS_CODE_SERVER=latest,
 * `npm run test:e2e:latest`) driven through Debian Chromium with playwright-core
 * (the browser side; the process side — install, pack, profile, start, stop — is scripts/code-server.ts).
 *
 *   const vs = await launch({ name: 'diagnostics' });   // fresh profile, our .vsix installed, a git copy of the example
 *   await vs.openFile('dvc.yaml');
 *   const problems = await vs.waitForProblems('our diagnostic', (list) => list.some((p) => p.code === 'unknown-key'));
 *   await vs.shot('problems');                          // test-results/e2e/diagnostics/problems.png — look at it
 *   await vs.close();                                   // in an after hook: kills every process it started
 *
 * launch(options):
 *   name      the folder under test-results/e2e/ for screenshots and, after close, a last screenshot (last.png,
 *             handy when a test failed) and the server's logs (extension host, our "MLOps Workbench" channel)
 *   project   folder copied as the workspace (default examples/blob-classifier); the copy is a git repository
 *             with one commit, since run tracking and the model registry need git
 *   files     relative path → text, written over the copy before VS Code opens it (e.g. a broken dvc.yaml)
 *   trusted   default true (trust off, everything allowed); false = trust on and the folder not trusted
 *             (Restricted Mode, no startup prompt)
 *   settings  extra user settings, e.g. { 'mlops.diagnostics.severity': { 'unknown-key': 'off' } }
 *   alsoFolder { name, files }: a second workspace folder (a git repository of those files); the window then opens
 *             a .code-workspace of both folders (multi-root), and the Workbench's `secondFolder` is its path
 * The first launch in a test process installs code-server if needed (cached in .cache/code-server[-latest]) and packs
 * the extension from the current sources, exactly as `npm run package` does.
 *
 * Workbench (./workbench.ts) helpers, each waiting for the UI state it needs:
 *   waitForActivation()            our output channel says "activated"; returns its text
 *   runCommand(title)              runs "Category: Title" from the command palette
 *   startCommand(title)            the same for a command that asks something; returns its quick input
 *   quickInput() / choose(title, query, matches) / answer(title, text)   read and answer its questions by keyboard
 *   codeLenses(line) / clickCodeLens(line, title)   the CodeLens row above a line of the active editor; click one
 *   terminalText()                 the lines on screen in the active terminal
 *   openFile(path)                 Quick Open, then waits for the focused editor
 *   goToLine(n) / deleteLine(n) / typeText(s) / save()   edit the active editor as a person would
 *   problems() / waitForProblems(what, accept)          Problems panel rows {file, severity, message, source, code, line, column}
 *   outputText()                   the Output panel's visible channel
 *   showActivity(title)            a view container of the activity bar, e.g. 'MLOps'
 *   treeRows(viewTitle)            accessible labels of a side-bar view's rows
 *   waitForTreeRow / treeRow / clickRowAction   wait for, locate, or click an inline action of one row
 *   notifications() / statusBarText()
 *   webviewFrame(selector)         the frame of the webview holding `selector`
 *   shot(step)                     a screenshot into test-results/e2e/<name>/<step>.png
 *   page, folder                   playwright's Page and the workspace path, for anything else
 * window-steps.ts: openFirstRunPanel(vs) (the Experiments view's first run in its panel), reloadWindow(vs).
 * eventually(what, probe) polls any condition. Add helpers to Workbench as features land; keep selectors there.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  ensureCodeServer,
  makeProfile,
  packVsix,
  profileEnv,
  ROOT,
  startCodeServer,
  stopCodeServer,
  type Server,
} from '../../scripts/code-server';
import { Workbench } from './workbench';

export const EXAMPLE = join(ROOT, 'examples/blob-classifier');
/** Screenshots and logs; the newest code-server's run keeps its own, to compare with the minimum's. */
export const RESULTS = join(
  ROOT,
  process.env.MLOPS_CODE_SERVER === 'latest' ? 'test-results/e2e-latest' : 'test-results/e2e',
);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface LaunchOptions {
  /** Names the screenshot/log folder under test-results/e2e/. */
  name: string;
  project?: string;
  files?: Record<string, string>;
  trusted?: boolean;
  settings?: Record<string, unknown>;
  alsoFolder?: { name: string; files: Record<string, string> };
}

interface Prepared {
  codeServer: string;
  vsix: string;
}
let prepared: Prepared | undefined;

/** Once per test process: code-server installed (cached), the extension built and packed as users get it. */
function prepare(): Prepared {
  if (prepared) return prepared;
  const codeServer = ensureCodeServer();
  const vsixDir = mkdtempSync(join(tmpdir(), 'mlops-e2e-vsix-'));
  process.on('exit', () => rmSync(vsixDir, { recursive: true, force: true }));
  const vsix = join(vsixDir, 'mlops-workbench.vsix');
  packVsix(vsix);
  prepared = { codeServer, vsix };
  return prepared;
}

function makeWorkspace(dir: string, options: LaunchOptions): string {
  const folder = join(dir, basename(options.project ?? EXAMPLE));
  cpSync(options.project ?? EXAMPLE, folder, { recursive: true });
  writeFiles(folder, options.files ?? {});
  commitAll(folder);
  return folder;
}

function writeFiles(folder: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
}

function commitAll(folder: string): void {
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...args], {
      cwd: folder,
      stdio: 'ignore',
    });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'example project');
}

/** The second folder of a multi-root window, and the .code-workspace listing both (what the window opens). */
function makeMultiRoot(dir: string, first: string, also: { name: string; files: Record<string, string> }) {
  const second = join(dir, 'second', also.name);
  mkdirSync(second, { recursive: true });
  writeFiles(second, also.files);
  commitAll(second);
  const workspace = join(dir, 'two-folders.code-workspace');
  writeFileSync(workspace, JSON.stringify({ folders: [{ path: first }, { path: second }] }, null, 2));
  return { second, workspace };
}

export async function launch(options: LaunchOptions): Promise<Workbench> {
  const { codeServer, vsix } = prepare();
  const dir = mkdtempSync(join(tmpdir(), 'mlops-e2e-'));
  const profile = { dir: join(dir, 'profile'), trusted: options.trusted !== false };
  const folder = makeWorkspace(dir, options);
  const multi = options.alsoFolder && makeMultiRoot(dir, folder, options.alsoFolder);
  // The terminal's DOM renderer (not WebGL) keeps its text in the page, where terminalText() reads it.
  makeProfile(codeServer, profile, vsix, { 'terminal.integrated.gpuAcceleration': 'off', ...options.settings });
  const results = join(RESULTS, options.name);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });

  let server: Server | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const close = async () => {
    await page?.screenshot({ path: join(results, 'last.png') }).catch(() => undefined);
    await browser?.close().catch(() => undefined);
    if (server) {
      await stopCodeServer(server.process);
      mkdirSync(join(results, 'logs'), { recursive: true });
      writeFileSync(join(results, 'logs/code-server.log'), server.output.join(''));
    }
    const logs = join(profile.dir, 'user-data/logs');
    if (existsSync(logs)) cpSync(logs, join(results, 'logs'), { recursive: true });
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    server = await startCodeServer(codeServer, profile, multi?.workspace ?? folder, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: profileEnv(profile) });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(
      multi
        ? `${server.url}?workspace=${encodeURIComponent(multi.workspace)}`
        : `${server.url}?folder=${encodeURIComponent(folder)}`,
    );
    const workbench = new Workbench(page, folder, results, close, multi?.second);
    await workbench.waitForWorkbench();
    return workbench;
  } catch (error) {
    await close();
    throw error;
  }
}
