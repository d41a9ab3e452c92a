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
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { Workbench } from './workbench';

const ROOT = resolve(__dirname, '../..');
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
/** A quiet, offline profile: nothing fetched, no welcome page, no tips or walkthroughs over the editor. */
const BASE_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'chat.commandCenter.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

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
  const codeServer = execFileSync(process.execPath, [join(ROOT, 'scripts/setup-code-server.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  const vsixDir = mkdtempSync(join(tmpdir(), 'mlops-e2e-vsix-'));
  process.on('exit', () => rmSync(vsixDir, { recursive: true, force: true }));
  const vsix = join(vsixDir, 'mlops-workbench.vsix');
  // Serialised: test files running in parallel would otherwise rebuild dist/ under each other's feet.
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  execFileSync('flock', [join(ROOT, '.cache/package.lock'), process.execPath, join(ROOT, 'scripts/package.mjs'), '--out', vsix], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
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

function writeProfile(userData: string, options: LaunchOptions): void {
  const trust: Record<string, unknown> = options.trusted === false
    ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
    : { 'security.workspace.trust.enabled': false };
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User/settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...trust, ...options.settings }, null, 2),
  );
}

/** Resolves with the server's URL once it logs that it listens (it picks a free port: we pass port 0). */
function listeningUrl(server: ChildProcess, log: string[]): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${log.join('')}`)), 60_000);
    const onData = (chunk: Buffer) => {
      log.push(chunk.toString());
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(log.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening:\n${log.join('')}`));
    });
  });
}

/** Every live process whose ancestry leads to `pid` (read from /proc before anything is killed). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/**
 * Stops code-server and everything it started: its process group (it was spawned detached, so it leads one),
 * then any descendant that left the group (terminal shells get a session of their own).
 */
async function stopServer(server: ChildProcess): Promise<void> {
  const pid = server.pid;
  if (pid === undefined || server.exitCode !== null) return;
  const family = descendants(pid);
  const exited = new Promise<void>((done) => server.once('exit', () => done()));
  signal(-pid, 'SIGTERM');
  for (const child of family) signal(child, 'SIGTERM');
  const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') signal(-pid, 'SIGKILL');
  for (const child of family) signal(child, 'SIGKILL');
}

function copyLogs(userData: string, dir: string, target: string): void {
  const logs = join(userData, 'logs');
  if (existsSync(logs)) cpSync(logs, join(target, 'logs'), { recursive: true });
  const serverLog = join(dir, 'code-server.log');
  if (existsSync(serverLog)) cpSync(serverLog, join(target, 'logs/code-server.log'));
}

export async function launch(options: LaunchOptions): Promise<Workbench> {
  const { codeServer, vsix } = prepare();
  const dir = mkdtempSync(join(tmpdir(), 'mlops-e2e-'));
  const userData = join(dir, 'user-data');
  const profile = ['--user-data-dir', userData, '--extensions-dir', join(dir, 'extensions'), '--config', join(dir, 'config.yaml')];
  // code-server writes its own logs and config under XDG folders: keep them out of the user's home.
  const env = { ...process.env, XDG_DATA_HOME: join(dir, 'xdg-data'), XDG_CONFIG_HOME: join(dir, 'xdg-config') };
  writeFileSync(join(dir, 'config.yaml'), 'auth: none\n');
  const folder = makeWorkspace(dir, options);
  writeProfile(userData, options);
  execFileSync(codeServer, [...profile, '--install-extension', vsix], { env, stdio: ['ignore', 'ignore', 'pipe'] });

  const server = spawn(
    codeServer,
    [
      ...profile,
      '--auth', 'none',
      '--bind-addr', '127.0.0.1:0',
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.trusted === false ? [] : ['--disable-workspace-trust']),
      folder,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  const serverLog: string[] = [];
  const results = join(RESULTS, options.name);
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });

  let browser: Awaited<ReturnType<typeof chromium.launch>> | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await stopServer(server);
    writeFileSync(join(dir, 'code-server.log'), serverLog.join(''));
    copyLogs(userData, dir, results);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const url = await listeningUrl(server, serverLog);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, env });
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${url}?folder=${encodeURIComponent(folder)}`);
    const workbench = new Workbench(page, folder, results, close);
    await workbench.waitForWorkbench();
    return workbench;
  } catch (error) {
    await close();
    throw error;
  }
}
