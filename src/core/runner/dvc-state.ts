// DVC's own knowledge of file hashes: its state database (dvc_data/hashfile/state.py), an SQLite table of
// path → {checksum of (inode, mtime, size), md5}, in `<site cache>/repo/<token>/hashes/local/cache.db`
// (dvc/repo/__init__.py site_cache_dir: $DVC_SITE_CACHE_DIR, else `core.site_cache_dir`, else /var/tmp/dvc; the token an md5 of the repository's root,
// the mtime of `.dvc/tmp/btime`, the user and DVC's major version). After `dvc repro`, `dvc pull` or
// `dvc status` it knows every file DVC hashed; a hash is taken from it only when the file's inode, mtime
// (nanoseconds, as Python's float) and size give exactly the checksum DVC stored, as DVC itself decides.
// Linux only (elsewhere the token involves values Node does not see as Python does); anything unexpected
// means no entry, and the file is read.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pyFloat } from '../pipeline/py-value';
import { readTable } from '../sqlite-read';
import { dvcConfigValue } from './dvc-config';
import type { HashName } from './dos2unix-md5';

/** Python's float value of a stat time, as os.stat computes st_mtime: seconds + nanoseconds * 1e-9. */
function pyStatTime(ns: bigint): number {
  const sec = ns / 1_000_000_000n;
  return Number(sec) + Number(ns - sec * 1_000_000_000n) * 1e-9;
}

/** `repr` of a str Python would print with plain single quotes, or undefined for anything that would need escapes. */
function pyStr(s: string): string | undefined {
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (ch === "'" || ch === '\\' || c < 0x20 || c === 0x7f) return undefined;
  }
  return `'${s}'`;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** dvc_data state `_checksum`: the decimal of fsspec's tokenize([ino, mtime, size]). */
export function stateChecksum(st: fs.BigIntStats): string {
  return BigInt(`0x${md5(`([${st.ino}, ${pyFloat(pyStatTime(st.mtimeNs))}, ${st.size}],)`)}`).toString();
}

/** The state database file DVC uses for the repository at `repoRoot`, if it can be located. */
export function stateDbPath(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (process.platform !== 'linux') return undefined;
  let btime: string;
  try {
    btime = pyFloat(pyStatTime(fs.statSync(path.join(repoRoot, '.dvc', 'tmp', 'btime'), { bigint: true }).mtimeNs));
  } catch {
    return undefined;
  }
  const root = pyStr(repoRoot);
  const user = pyStr(env.LOGNAME || env.USER || env.LNAME || env.USERNAME || os.userInfo().username);
  if (!root || !user) return undefined;
  const base = env.DVC_SITE_CACHE_DIR || dvcConfigValue(repoRoot, 'core', 'site_cache_dir') || '/var/tmp/dvc';
  const token = md5(`(${root}, None, ${btime}, ${user}, 3, 0)`);
  return path.join(base, 'repo', token, 'hashes', 'local', 'cache.db');
}

/** Whether DVC has a state database for the repository at `repoRoot` with anything in it (not what it knows). */
export function hasDvcState(repoRoot: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const file = stateDbPath(repoRoot, env);
  return file !== undefined && (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;
}

interface Entry {
  version?: number;
  checksum: string;
  md5: string;
}

/**
 * The last database read, with the signature (size, mtime, inode) of it and of its write-ahead log: a long-lived
 * host (the editor) asks on every change and DVC rarely writes in between, so an unchanged file is not read again.
 */
let lastRead: { file: string; signature: string; state: DvcState } | undefined;

function dbSignature(file: string): string {
  const sig = (f: string): string => {
    const st = fs.statSync(f, { throwIfNoEntry: false, bigint: true });
    return st ? `${st.size}:${st.mtimeNs}:${st.ino}` : '-';
  };
  return `${sig(file)}/${sig(`${file}-wal`)}`;
}

export class DvcState {
  private constructor(private readonly entries: Map<string, Entry>) {}

  /** DVC's state for the repository at `repoRoot` (empty when there is none or it cannot be read). */
  static load(repoRoot: string, env?: NodeJS.ProcessEnv): DvcState {
    const file = stateDbPath(repoRoot, env);
    if (!file) return new DvcState(new Map());
    const signature = dbSignature(file);
    if (lastRead?.file === file && lastRead.signature === signature) return lastRead.state;
    const state = DvcState.read(file);
    lastRead = { file, signature, state };
    return state;
  }

  private static read(file: string): DvcState {
    const entries = new Map<string, Entry>();
    const rows = readTable(file, 'Cache') ?? [];
    for (const row of rows) {
      // Columns: rowid, key, raw, store_time, expire_time, access_time, access_count, tag, size, mode, filename, value.
      const [, key, raw, , , , , , , , , value] = row;
      if (typeof key !== 'string' || raw !== 1 || typeof value !== 'string') continue;
      const entry = parseEntry(value);
      if (entry) entries.set(key, entry);
    }
    return new DvcState(entries);
  }

  get size(): number {
    return this.entries.size;
  }

  /** The hash DVC recorded for the file as it is now (same inode, mtime and size), computed the way `name` says. */
  md5(absPath: string, name: HashName): string | undefined {
    const e = this.entries.get(absPath);
    // An entry without a version was written by DVC 2: its md5 is DVC 2's hash (state.py `_get`).
    if (!e || (name === 'md5') !== (e.version === 1)) return undefined;
    let st: fs.BigIntStats;
    try {
      st = fs.statSync(absPath, { bigint: true });
    } catch {
      return undefined;
    }
    return st.isFile() && stateChecksum(st) === e.checksum ? e.md5 : undefined;
  }
}

function parseEntry(value: string): Entry | undefined {
  try {
    const v = JSON.parse(value) as { version?: unknown; checksum?: unknown; hash_info?: { md5?: unknown } };
    const hash = v.hash_info?.md5;
    if (typeof v.checksum !== 'string' || typeof hash !== 'string' || hash.endsWith('.dir')) return undefined;
    if (v.version !== undefined && v.version !== 1) return undefined;
    return { checksum: v.checksum, md5: hash, ...(v.version === 1 ? { version: 1 } : {}) };
  } catch {
    return undefined;
  }
}
