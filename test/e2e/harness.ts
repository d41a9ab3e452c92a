/**
 * Real VS Code for the e2e suite: code-server 4.100.3 driven through Debian Chromium with playwright-core
 * (docs: ../shared/docs/recipes.md, "Real VS Code in a real browser").
 *
 *   const vs = await launch({ name: 'diagnostics' });   // throwaway profile, our .vsix installed, a git copy of the example
 *   await vs.openFile('dvc.yaml');
 *   assert.ok((await vs.problems()).some((p) => p.code === 'unknown-key'));
 *   await vs.shot('problems');                          // test-results/e2e/diagnostics/problems.png
 *   await vs.close();                                   // in a finally/after hook: kills every process it started
 *
 * launch(options) — options: `project` (folder copied as the workspace; default examples/blob-classifier),
 *   `files` (relative path → text written over the copy before VS Code opens it), `trusted` (default true;
 *   false = workspace trust on and the folder not trusted, i.e. Restricted Mode), `settings` (extra user settings).
 *   The copy is a git repository with one commit (the registry and run tracking need git).
 * The returned Workbench (./workbench.ts) has the UI helpers: waitForActivation, runCommand, openFile,
 *   problems, waitForProblems, goToLine, deleteLine, typeText, save, outputText, showActivity, treeRows,
 *   notifications, statusBarText, webviewFrame, shot; and `page` (playwright) and `folder` (workspace path)
 *   for anything else. Add new helpers there, each a small method that waits for the UI state it needs.
 * On close the server's logs (exthost, our output channel, language server) are copied next to the screenshots.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { ensureCodeServer, makeProfile, packVsix, profileEnv, ROOT, startCodeServer, stopCodeServer, type Server } from '../../scripts/code-server';
import { Workbench } from './workbench';

export const EXAMPLE = join(ROOT, 'examples/blob-classifier');
export const RESULTS = join(ROOT, 'test-results/e2e');
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
  for (const [path, text] of Object.entries(options.files ?? {})) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...args], { cwd: folder, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'example project');
  return folder;
}

export async function launch(options: LaunchOptions): Promise<Workbench> {
  const { codeServer, vsix } = prepare();
  const dir = mkdtempSync(join(tmpdir(), 'mlops-e2e-'));
  const profile = { dir: join(dir, 'profile'), trusted: options.trusted !== false };
  const folder = makeWorkspace(dir, options);
  makeProfile(codeServer, profile, vsix, options.settings);
  const results = join(RESULTS, options.name);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });

  let server: Server | undefined;
  let browser: Browser | undefined;
  const close = async () => {
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
    server = await startCodeServer(codeServer, profile, folder, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env: profileEnv(profile) });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${server.url}?folder=${encodeURIComponent(folder)}`);
    const workbench = new Workbench(page, folder, results, close);
    await workbench.waitForWorkbench();
    return workbench;
  } catch (error) {
    await close();
    throw error;
  }
}
