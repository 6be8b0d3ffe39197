// A V8 code cache for the app's own bundles (out/main), kept per user across runs.
//
// Why: every CLI run and every worker starts a fresh process that parses and compiles the same
// bundles again: the CLI, the search code and the 1 MB exporter (exceljs inside). The cache holds
// V8's bytecode for them. It is written when a process ends, so it also holds the functions that
// were compiled lazily while it worked, not only the top level; on the 9-file reference run this
// took ~0.4 s of CPU and ~0.2 s of wall time off a ~2 s run. Node 22's module.enableCompileCache
// caches at compile time only (and Node 20, which the CLI runs on, does not have it).
//
// Safety: an entry is keyed by the file's path and a hash of its content, V8's version, the CPU
// architecture and the process's V8 options, so it is never applied to other code; V8 itself
// verifies it and rejects a damaged or mismatched one, which is then rewritten. The folder is the
// user's own (0700), and is not used when someone else owns it or may write to it: its files are
// executable code in all but name. A cache that cannot be read or written only costs speed.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

/** The user's cache folder for code; null when disabled (KPAT_CODE_CACHE_DIR set to ''). */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string | null {
  const set = env.KPAT_CODE_CACHE_DIR;
  if (set !== undefined) return set === '' ? null : set;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'kpat-desktop', 'Cache', 'code');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'kpat-desktop', 'code');
  return join(env.XDG_CACHE_HOME || join(home, '.cache'), 'kpat-desktop', 'code');
}

export interface CodeCacheStats {
  /** Files compiled from their cache entry. */
  accepted: number;
  /** Files whose entry V8 refused (damaged, or made by another V8); rewritten on save. */
  rejected: number;
  /** Files with no entry yet; written on save. */
  missing: number;
  /** Entries written by save(). */
  written: number;
}

export interface CodeCache {
  /** Writes the entries that were missing or refused (also done when the process exits). */
  save(): void;
  stats(): CodeCacheStats;
  /** Restores Node's own compilation (tests). */
  uninstall(): void;
}

type ModuleWrapper = (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => unknown;

/** The parts of Node's CommonJS loader the hook replaces (not in @types/node). */
interface LoaderModule {
  exports: unknown;
}
interface LoaderInternals {
  prototype: { _compile(this: LoaderModule, content: string, filename: string): unknown };
  wrap(content: string): string;
}

interface Compiled {
  script: Script;
  cacheFile: string;
  /** No valid entry on disk: write one on save. */
  stale: boolean;
}

/** The folder is usable only if it is ours and nobody else can write to it. */
function safeFolder(dir: string): boolean {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return true;
  const st = statSync(dir);
  return st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o022) === 0;
}

/**
 * Compiles every `.js` file under `root` through the cache in `dir`. Returns null (and changes
 * nothing) when `dir` is null or cannot be used safely.
 */
export function installCodeCache(opts: { root: string; dir: string | null }): CodeCache | null {
  const { dir } = opts;
  if (!dir) return null;
  try {
    if (!safeFolder(dir)) return null;
  } catch {
    return null;
  }
  const loader = Module as unknown as LoaderInternals;
  const original = loader.prototype._compile;
  const prefix = opts.root.endsWith(sep) ? opts.root : opts.root + sep;
  // Part of every key: the same file compiled by another V8 or with other V8 options is other code.
  const runtime = [process.versions.v8, process.arch, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''].join('\n');
  const compiled: Compiled[] = [];
  const stats: CodeCacheStats = { accepted: 0, rejected: 0, missing: 0, written: 0 };

  loader.prototype._compile = function compileWithCache(this: LoaderModule, content: string, filename: string): unknown {
    if (!filename.startsWith(prefix) || !filename.endsWith('.js') || content.startsWith('#!')) return original.call(this, content, filename);
    const key = createHash('sha256').update(runtime).update('\n').update(filename).update('\n').update(content).digest('hex');
    const cacheFile = join(dir, `${key.slice(0, 40)}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new Script(loader.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    // cachedDataRejected is false only when V8 took the entry.
    const stale = script.cachedDataRejected !== false;
    if (cachedData === undefined) stats.missing++;
    else if (stale) stats.rejected++;
    else stats.accepted++;
    compiled.push({ script, cacheFile, stale });
    const wrapper = script.runInThisContext({ displayErrors: true }) as ModuleWrapper;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };

  const save = (): void => {
    for (const entry of compiled) {
      if (!entry.stale) continue;
      entry.stale = false;
      try {
        const data = entry.script.createCachedData();
        // Whole or not at all: another process may be reading or writing the same entry.
        const temp = `${entry.cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, data, { mode: 0o600 });
        renameSync(temp, entry.cacheFile);
        stats.written++;
      } catch {
        // Full disk, read-only home: the next run compiles as if there were no cache.
      }
    }
  };
  process.once('exit', save);
  return {
    save,
    stats: () => ({ ...stats }),
    uninstall() {
      process.removeListener('exit', save);
      loader.prototype._compile = original;
    },
  };
}

/** Loads `main` (a built entry beside the caller) with the user's code cache in place. */
export function bootWithCodeCache(main: string): void {
  installCodeCache({ root: dirname(main), dir: codeCacheDir() });
  createRequire(main)(main);
}
