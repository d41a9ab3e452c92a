// Runs the packed extension in real VS Code (code-server), for `npm start` and the e2e harness: install
// code-server (cached), pack the .vsix, make a profile, start the server, stop it and everything it started.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '..');

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
  // Newer VS Code opens a Chat view in the secondary side bar by default: keep the window as users of the minimum see it.
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
};

/**
 * Installs code-server and its Debian needs if missing (scripts/setup-code-server.mjs); returns its path: 4.100.3 (the
 * engines minimum), or the newest one with MLOPS_CODE_SERVER=latest (`npm run test:e2e:latest`).
 */
export function ensureCodeServer(): string {
  return execFileSync(process.execPath, [join(ROOT, 'scripts/setup-code-server.mjs')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

/**
 * Builds for production and packs the .vsix to `out` (serialised: two packers would rebuild dist/ at once).
 * Quiet unless it fails; then the error carries the build's and vsce's messages.
 */
export function packVsix(out: string): void {
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  try {
    execFileSync(
      'flock',
      [join(ROOT, '.cache/package.lock'), process.execPath, join(ROOT, 'scripts/package.mjs'), '--out', out],
      {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`packing the extension failed (node scripts/package.mjs):\n${stderr}`);
  }
}

export interface Profile {
  /** Folder holding the profile: user data, extensions, code-server's config and XDG folders. */
  dir: string;
  /** false: workspace trust on and folders not trusted (Restricted Mode); true: trust off, everything allowed. */
  trusted: boolean;
}

function profileArgs(profile: Profile): string[] {
  return [
    '--user-data-dir',
    join(profile.dir, 'user-data'),
    '--extensions-dir',
    join(profile.dir, 'extensions'),
    '--config',
    join(profile.dir, 'config.yaml'),
  ];
}

/** code-server writes its own logs and config under XDG folders: keep them inside the profile, not in $HOME. */
export function profileEnv(profile: Profile): Record<string, string | undefined> {
  return {
    ...process.env,
    XDG_DATA_HOME: join(profile.dir, 'xdg-data'),
    XDG_CONFIG_HOME: join(profile.dir, 'xdg-config'),
  };
}

/** Writes the profile's settings (docs/recipes step 4) and installs the .vsix into it (step 5). */
export function makeProfile(
  codeServer: string,
  profile: Profile,
  vsix: string,
  settings: Record<string, unknown> = {},
): void {
  const trust: Record<string, unknown> = profile.trusted
    ? { 'security.workspace.trust.enabled': false }
    : { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' };
  mkdirSync(join(profile.dir, 'user-data/User'), { recursive: true });
  writeFileSync(
    join(profile.dir, 'user-data/User/settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...trust, ...settings }, null, 2),
  );
  writeFileSync(join(profile.dir, 'config.yaml'), 'auth: none\n');
  execFileSync(codeServer, [...profileArgs(profile), '--force', '--install-extension', vsix], {
    env: profileEnv(profile),
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export interface Server {
  process: ChildProcess;
  /** The server's base URL, e.g. http://127.0.0.1:8080/ */
  url: string;
  /** What the server printed (its last 500 chunks). */
  output: string[];
}

/**
 * Starts code-server on 127.0.0.1:`port` (0: any free port) opening `folder` (recipes step 6), detached so that it
 * leads a process group of its own; resolves once it listens.
 */
export function startCodeServer(codeServer: string, profile: Profile, folder: string, port: number): Promise<Server> {
  const child = spawn(
    codeServer,
    [
      ...profileArgs(profile),
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...(profile.trusted ? ['--disable-workspace-trust'] : []),
      folder,
    ],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: profileEnv(profile) },
  );
  const output: string[] = [];
  return new Promise((done, reject) => {
    const timer = setTimeout(() => {
      void stopCodeServer(child);
      reject(new Error(`code-server did not start within 60 s:\n${output.join('')}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 500) output.splice(0, output.length - 500); // a long `npm start` session stays small
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        done({ process: child, url: match[1], output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? sig}) before listening:\n${output.join('')}`));
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
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
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
 * Stops code-server and everything it started: its process group, then any descendant that left the group
 * (terminal shells get a session of their own). SIGKILL after 5 s for whatever ignored SIGTERM.
 */
export async function stopCodeServer(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  if (child.exitCode !== null || child.signalCode !== null) {
    signal(-pid, 'SIGKILL'); // the leader is gone; whatever is left of its group goes too
    return;
  }
  const family = descendants(pid);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  signal(-pid, 'SIGTERM');
  for (const p of family) signal(p, 'SIGTERM');
  const timeout = new Promise<'timeout'>((done) => setTimeout(() => done('timeout'), 5_000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') signal(-pid, 'SIGKILL');
  for (const p of family) signal(p, 'SIGKILL');
}
