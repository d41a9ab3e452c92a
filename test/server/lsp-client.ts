// A small LSP client for the protocol tests: bundles src/server/main.ts once per test process, spawns it
// with `--stdio` and speaks JSON-RPC to it. Records every publishDiagnostics so tests can wait for one.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
export { cursor } from '../support/cursor';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, Position, PublishDiagnosticsParams, Range } from 'vscode-languageserver-protocol';

let bundle: Promise<string> | undefined;

/** The server bundled from the current source, exactly as scripts/build.mjs bundles dist/server.js. */
export function serverBundle(): Promise<string> {
  bundle ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'mlops-lsp-')), 'server.js');
    await esbuild.build({
      entryPoints: [join(__dirname, '../../src/server/main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'error',
    });
    return outfile;
  })();
  return bundle;
}

export const uri = (path: string): string => pathToFileURL(path).href;

/** A temporary workspace folder with the given files (relative path → content). */
export function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlops-ws-'));
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly versions = new Map<string, number>();
  /** Answers to workspace/configuration, by section (`mlops` for ours). */
  configuration: Record<string, unknown> = {};

  private constructor(readonly process: ChildProcess) {
    if (!process.stdout || !process.stdin) throw new Error('server process has no stdio');
    this.connection = createProtocolConnection(
      new StreamMessageReader(process.stdout),
      new StreamMessageWriter(process.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of this.waiters) w();
    });
    this.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((item) => (item.section !== undefined ? (this.configuration[item.section] ?? null) : null)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  /**
   * Our server, bundled from source, with `settings` as the `mlops` configuration section, in a trusted workspace
   * unless `trusted` is false (the server's own default is untrusted).
   */
  static async start(roots: string[], settings: Record<string, unknown> = {}, trusted = true): Promise<LspClient> {
    return LspClient.spawn([await serverBundle(), '--stdio'], roots, { mlops: settings }, { trusted });
  }

  /** Any language server started as `node ...args` speaking over stdio. */
  static async spawn(
    args: string[],
    roots: string[],
    configuration: Record<string, unknown>,
    initializationOptions?: unknown,
  ): Promise<LspClient> {
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
    const client = new LspClient(child);
    client.configuration = configuration;
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: roots[0] ? uri(roots[0]) : null,
      initializationOptions,
      workspaceFolders: roots.map((r) => ({ uri: uri(r), name: r })),
      capabilities: {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceFolders: true,
        },
        textDocument: {
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          completion: { completionItem: { documentationFormat: ['markdown', 'plaintext'], snippetSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  get alive(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  open(path: string, text: string, languageId = 'yaml'): Promise<void> {
    this.versions.set(path, 1);
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uri(path), languageId, version: 1, text },
    });
  }

  /** Replaces the whole text; returns the new version. */
  async change(path: string, text: string): Promise<number> {
    const version = (this.versions.get(path) ?? 0) + 1;
    this.versions.set(path, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(path), version },
      contentChanges: [{ text }],
    });
    return version;
  }

  /** Replaces `range` with `text`, as editors send keystrokes; returns the new version. */
  async edit(path: string, range: Range, text: string): Promise<number> {
    const version = (this.versions.get(path) ?? 0) + 1;
    this.versions.set(path, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: uri(path), version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  /** type: 1 created, 2 changed, 3 deleted. */
  filesChanged(changes: { path: string; type: 1 | 2 | 3 }[]): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: changes.map((c) => ({ uri: uri(c.path), type: c.type })),
    });
  }

  request<R>(method: string, path: string, position: Position, extra: Record<string, unknown> = {}): Promise<R> {
    return this.connection.sendRequest(method, { textDocument: { uri: uri(path) }, position, ...extra });
  }

  /** The first diagnostics published for `path` (from the `from`-th publication on) that satisfy `accept`. */
  diagnostics(
    path: string,
    accept: (d: Diagnostic[], version?: number) => boolean = () => true,
    from = 0,
  ): Promise<Diagnostic[]> {
    const target = uri(path);
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.published.slice(from).find((p) => p.uri === target && accept(p.diagnostics, p.version));
        if (!hit) return false;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve(hit.diagnostics);
        return true;
      };
      // A guard against a hung test, not a timing assertion.
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `no matching diagnostics for ${path}; got ${JSON.stringify(this.published.filter((p) => p.uri === target).at(-1))}`,
          ),
        );
      }, 120_000);
      this.waiters.add(check);
      check();
    });
  }

  /** How many publications have been seen; pass it as `from` to wait only for newer ones. */
  get mark(): number {
    return this.published.length;
  }

  async stop(): Promise<void> {
    if (this.alive) {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    }
    this.connection.dispose();
    this.process.kill();
  }
}
