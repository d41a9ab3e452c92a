// Bundles every entry point with esbuild: extension host, language server, CLI (Node, CommonJS) and webviews (browser, IIFE).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  // tsx: only core/drift/read-threads.ts names it, for threads started from the TypeScript sources (tests).
  external: ['vscode', 'tsx/cjs'],
  logLevel: 'info',
};

const webviewEntries = existsSync('src/webview')
  ? readdirSync('src/webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(`src/webview/${d.name}/main.ts`))
      .map((d) => ({ in: `src/webview/${d.name}/main.ts`, out: d.name }))
  : [];

const configs = [
  // The language client is a bundle of its own, loaded after activation: it is half the extension's code.
  {
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    external: [...node.external, './language-client.js'],
  },
  { ...node, entryPoints: { 'language-client': 'src/extension/language-client.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  // The `mlops` executable is a small launcher; the CLI itself is loaded only when the status daemon cannot answer.
  {
    ...node,
    entryPoints: { cli: 'src/cli/launcher.ts' },
    outdir: 'dist',
    external: [
      ...node.external,
      './cli-main.js',
      './cli-status.js',
      './cli-diff.js',
      './cli-list.js',
      './cli-plots.js',
    ],
    banner: { js: '#!/usr/bin/env node' },
  },
  { ...node, entryPoints: { 'cli-main': 'src/cli/main.ts' }, outdir: 'dist' },
  // `mlops status` without a daemon: the status command alone, so a warm status loads a third of the code.
  { ...node, entryPoints: { 'cli-status': 'src/cli/status-main.ts' }, outdir: 'dist' },
  // `mlops metrics …` / `mlops params diff`: those verbs alone (diffs in CI and hooks start often).
  { ...node, entryPoints: { 'cli-diff': 'src/cli/diff-main.ts' }, outdir: 'dist' },
  // `mlops exp list`: that verb alone (tables and scripts poll it; 200 experiments were mostly loading code).
  { ...node, entryPoints: { 'cli-list': 'src/cli/list-main.ts' }, outdir: 'dist' },
  // A drift data file read on a thread of its own (core/drift/read-threads.ts starts it, from the CLI and the extension).
  { ...node, entryPoints: { 'drift-reader': 'src/core/drift/read-worker.ts' }, outdir: 'dist' },
  // `mlops plots …`: that verb alone (`plots diff --json` in CI reads megabytes; loading the whole CLI was a tenth).
  { ...node, entryPoints: { 'cli-plots': 'src/cli/plots-main.ts' }, outdir: 'dist' },
];
if (webviewEntries.length > 0) {
  configs.push({
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    entryPoints: webviewEntries,
    outdir: 'dist/webview',
    logLevel: 'info',
  });
}

// Files shipped as they are beside the bundles: the Ray job entrypoint runs on the cluster under Python.
const assets = [['src/core/executors/ray/ray-entrypoint.py', 'dist/ray-entrypoint.py']];
mkdirSync('dist', { recursive: true });
for (const [from, to] of assets) copyFileSync(from, to);

if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
