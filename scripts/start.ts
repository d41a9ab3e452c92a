// `npm start`: the extension in real VS Code on the example project, one command on a fresh machine.
// Installs code-server (and the Debian packages it needs) if missing, builds and packs the .vsix, installs it into
// a profile under .cache/demo/, and opens a copy of examples/blob-classifier in code-server on 127.0.0.1
// (port 8080, or a free one if it is taken). Stays in the foreground; Ctrl-C stops code-server and all it started.
//
// Why a copy: running the pipeline writes data, models, dvc.lock and runs into the project, and registering a
// model writes git tags, which need a repository of their own; in examples/ they would dirty this repository.
// The copy is kept between starts (your runs stay); `npm start -- --fresh` makes a new one.
// Usage: npm start [-- --fresh] [-- --port N]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ensureCodeServer, makeProfile, packVsix, ROOT, startCodeServer, stopCodeServer } from './code-server';

const DEMO = join(ROOT, '.cache/demo');
const EXAMPLE = join(ROOT, 'examples/blob-classifier');
const PROJECT = join(DEMO, 'blob-classifier');

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
}

function copyExample(fresh: boolean): void {
  if (fresh) rmSync(PROJECT, { recursive: true, force: true });
  if (existsSync(PROJECT)) return;
  cpSync(EXAMPLE, PROJECT, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: PROJECT, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  // The demo must not depend on a git identity being configured on this machine.
  git(
    '-c',
    'user.name=MLOps Workbench demo',
    '-c',
    'user.email=demo@example.invalid',
    'commit',
    '-q',
    '-m',
    'Example project',
  );
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const say = (msg: string) => process.stderr.write(`start: ${msg}\n`);
  const codeServer = ensureCodeServer();
  say('building and packing the extension');
  mkdirSync(DEMO, { recursive: true });
  const vsix = join(DEMO, 'mlops-workbench.vsix');
  packVsix(vsix);
  const profile = { dir: join(DEMO, 'profile'), trusted: true };
  makeProfile(codeServer, profile, vsix);
  copyExample(process.argv.includes('--fresh'));

  const wanted = Number(option('--port') ?? 8080);
  if (!Number.isInteger(wanted) || wanted < 0 || wanted > 65535)
    throw new Error(`--port must be a port number, not '${option('--port')}'`);
  const port = (await portFree(wanted)) ? wanted : 0;
  if (port !== wanted) say(`port ${wanted} is taken: using a free one`);
  const server = await startCodeServer(codeServer, profile, PROJECT, port);

  let stopping = false;
  const stop = () => {
    stopping = true;
    say('stopping code-server');
    void stopCodeServer(server.process).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.process.once('exit', (code) => {
    if (stopping) return;
    say(`code-server exited (${code}):\n${server.output.slice(-20).join('')}`);
    process.exit(1);
  });
  process.stdout.write(
    `\nMLOps Workbench is running in VS Code (code-server) on the example project:\n\n  ${server.url}?folder=${encodeURIComponent(PROJECT)}\n\n` +
      `Project copy: ${PROJECT} (npm start -- --fresh for a new one). Ctrl-C to stop.\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
