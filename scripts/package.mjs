// Builds the extension for production and packs it into a .vsix with @vscode/vsce. Everything the extension
// needs at run time is bundled by esbuild, so no node_modules go in (--no-dependencies); .vscodeignore keeps
// sources, tests and source maps out. vsce matches every file under its folder against .vscodeignore, which
// takes ~15 s with .cache/ (code-server, venv) present, so it packs a copy of the tree without the big
// git-ignored folders instead. Prints the .vsix path on stdout; progress goes to stderr.
// Usage: node scripts/package.mjs [--out PATH]   (default: <name>-<version>.vsix at the repository root)
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const outFlag = process.argv.indexOf('--out');
const out =
  outFlag > 0 && process.argv[outFlag + 1]
    ? resolve(process.argv[outFlag + 1])
    : resolve(root, `${manifest.name}-${manifest.version}.vsix`);

const NOT_STAGED = new Set(['.cache', '.git', 'node_modules', 'test-results']);

function run(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) {
    process.stderr.write(`package: '${cmd} ${args.join(' ')}' failed (exit ${r.status ?? r.signal})\n`);
    process.exit(1);
  }
}

run(process.execPath, ['scripts/build.mjs', '--production']);
// A stage per process, so that two packagers at once (npm start, the e2e suite) do not share one.
mkdirSync(resolve(root, '.cache'), { recursive: true });
const stage = mkdtempSync(resolve(root, '.cache/package-'));
for (const entry of readdirSync(root)) {
  if (!NOT_STAGED.has(entry) && !entry.endsWith('.vsix'))
    cpSync(resolve(root, entry), resolve(stage, entry), { recursive: true });
}
run(
  process.execPath,
  [
    resolve(root, 'node_modules/@vscode/vsce/vsce'),
    'package',
    '--no-dependencies',
    // The project has no public repository URL yet; vsce would otherwise refuse to pack.
    '--allow-missing-repository',
    '--no-rewrite-relative-links',
    '--out',
    out,
  ],
  stage,
);
rmSync(stage, { recursive: true, force: true });
process.stdout.write(out + '\n');
