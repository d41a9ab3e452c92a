// Loads one of the CLI's bundles (dist/cli-main.js, about 1.5 MB; dist/cli-status.js) with V8's code cache, as Node 22's
// module.enableCompileCache does and Node 20 (our engine) cannot: the first run keeps the functions V8 compiled
// in `~/.cache/mlops-workbench/` (or $XDG_CACHE_HOME), later runs skip parsing and compiling them — a large
// share of a short command such as `mlops exp list` or `mlops check`. The cache is keyed by Node's version and
// the bundle's path, size and mtime, so a rebuilt bundle or another Node never meets a stale entry, and V8 itself
// refuses data that does not match the source. A cache folder that is not ours (another owner, writable by
// others) is not used. Anything going wrong falls back to a plain `require`.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { nameHash } from './name-hash';

export function requireWithCodeCache(file: string): unknown {
  let loaded: { exports: unknown; save(): void } | undefined;
  try {
    loaded = compileWithCache(file);
  } catch {
    loaded = undefined;
  }
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of dist/, not a module of the sources
    return require(file);
  }
  // At exit the functions the command ran are compiled too: the cache then holds them, not only the top level.
  process.once('exit', loaded.save);
  return loaded.exports;
}

function compileWithCache(file: string): { exports: unknown; save(): void } | undefined {
  const dir = cacheFolder();
  if (!dir) return undefined;
  const stat = fs.statSync(file);
  const key = nameHash(`${process.version}\0${process.arch}\0${file}\0${stat.size}\0${stat.mtimeMs}`);
  // One entry per bundle, named after it: each holds the functions its own commands ran.
  const prefix = `${path.basename(file, '.js')}-`;
  const cacheFile = path.join(dir, `${prefix}${key}.v8`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(file, 'utf8');
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
  const script = new vm.Script(wrapper, { filename: file, cachedData });
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown, filename: file, id: file, loaded: false };
  fn.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  const fresh = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    save() {
      if (fresh) return;
      try {
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
        // Entries of earlier builds are never read again.
        for (const old of fs.readdirSync(dir))
          if (old.startsWith(prefix) && old.endsWith('.v8') && path.join(dir, old) !== cacheFile)
            fs.rmSync(path.join(dir, old), { force: true });
      } catch {
        // A cache that cannot be written only costs the next run its compile time.
      }
    },
  };
}

/** `$XDG_CACHE_HOME/mlops-workbench` or `~/.cache/mlops-workbench`, created 0700; undefined if it is not ours alone. */
function cacheFolder(): string | undefined {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(base, 'mlops-workbench');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  const uid = process.getuid?.();
  if (!st.isDirectory() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
  return dir;
}
