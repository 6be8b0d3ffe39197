// The run history: the run manifests this app wrote or opened (kept, newest first, in
// run-history.json in the user-data folder), plus those found in the output folders of recent
// input folders (a run made by another copy of the app, or before the history file existed).

import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { RunHistoryEntry } from '../../contract/ipc';
import { historyEntry, readManifest, type RunManifest } from '../run/run-manifest';
import { manifestsIn } from '../run/reopen-run';
import { writeFileAtomic } from '../settings/settings-store';

export const HISTORY_FILE = 'run-history.json';
export const MAX_KNOWN_RUNS = 50;

export class RunHistory {
  private known: string[] = [];
  /** Parsed manifests by path, valid while the file's modification time is unchanged. */
  private readonly cache = new Map<string, { mtimeMs: number; manifest: RunManifest }>();
  private writing: Promise<void> = Promise.resolve();

  private constructor(readonly file: string) {}

  static async open(userDataDir: string, log: (message: string) => void = () => undefined): Promise<RunHistory> {
    const history = new RunHistory(join(userDataDir, HISTORY_FILE));
    try {
      const raw = JSON.parse(await readFile(history.file, 'utf8')) as { manifests?: unknown };
      if (Array.isArray(raw.manifests)) history.known = raw.manifests.filter((p): p is string => typeof p === 'string').slice(0, MAX_KNOWN_RUNS);
    } catch (err) {
      // No history yet is normal; an unreadable one only costs the list (manifests stay on disk).
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log(`run history ${history.file} ignored: ${(err as Error).message}`);
    }
    return history;
  }

  /** Puts a manifest first in the history and saves it. */
  remember(manifestPath: string): Promise<void> {
    const path = resolve(manifestPath);
    this.known = [path, ...this.known.filter((p) => p !== path)].slice(0, MAX_KNOWN_RUNS);
    const text = `${JSON.stringify({ manifests: this.known }, null, 1)}\n`;
    const next = this.writing.then(() => writeFileAtomic(this.file, text));
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Known runs and those in `folders`, newest first; manifests that are gone or unreadable are left out. */
  async list(folders: readonly string[]): Promise<RunHistoryEntry[]> {
    const paths = new Set(this.known);
    for (const folder of folders) for (const path of await manifestsIn(folder)) paths.add(resolve(path));
    const entries = await this.entriesOf([...paths]);
    return entries.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  }

  /** The entries of the manifests directly in one folder, newest first. */
  async inFolder(folder: string): Promise<RunHistoryEntry[]> {
    return this.entriesOf(await manifestsIn(folder));
  }

  private async entriesOf(paths: readonly string[]): Promise<RunHistoryEntry[]> {
    const entries: RunHistoryEntry[] = [];
    for (const path of paths) {
      const manifest = await this.read(path);
      if (manifest) entries.push(historyEntry(path, manifest, (name) => existsSync(join(dirname(path), name))));
    }
    return entries;
  }

  private async read(path: string): Promise<RunManifest | null> {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      return null;
    }
    const cached = this.cache.get(path);
    if (cached?.mtimeMs === mtimeMs) return cached.manifest;
    const manifest = await readManifest(path).catch(() => null);
    if (manifest) this.cache.set(path, { mtimeMs, manifest });
    return manifest;
  }
}
