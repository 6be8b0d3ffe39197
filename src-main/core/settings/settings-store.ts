// Settings persisted as JSON under the user-data folder. Loading never fails: a missing file
// means defaults; an unreadable or invalid one means defaults (field by field) plus a notice,
// and the original is kept beside it so that nothing the user wrote is lost.

import { copyFile, mkdir, readFile, rename, writeFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppSettings, SettingsState } from '../../contract/ipc';
import { defaultSettings, readStoredSettings, validateSettingsPatch, MAX_RECENT_FOLDERS } from './settings-schema';

export const SETTINGS_FILE = 'settings.json';

export class SettingsStore {
  private settings: AppSettings;
  private notice: string | null = null;
  /** Writes are chained so that two quick saves land in order. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    readonly cores: number,
  ) {
    this.settings = defaultSettings(cores);
  }

  static async open(userDataDir: string, cores: number): Promise<SettingsStore> {
    const store = new SettingsStore(join(userDataDir, SETTINGS_FILE), cores);
    await store.load();
    return store;
  }

  state(): SettingsState {
    return { settings: structuredClone(this.settings), notice: this.notice, maxWorkers: Math.max(1, this.cores) };
  }

  get current(): Readonly<AppSettings> {
    return this.settings;
  }

  /** Applies a patch from the UI (validated; a bad patch throws and changes nothing) and saves. */
  async update(rawPatch: unknown): Promise<SettingsState> {
    const patch = validateSettingsPatch(rawPatch, this.cores);
    this.settings = { ...this.settings, ...patch };
    await this.save();
    return this.state();
  }

  /** Puts a folder first in the recent list. */
  async addRecentFolder(folder: string): Promise<void> {
    const recent = [folder, ...this.settings.recentFolders.filter((f) => f !== folder)].slice(0, MAX_RECENT_FOLDERS);
    await this.update({ recentFolders: recent });
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.notice = `Could not read the settings file ${this.file} (${(err as Error).message}); using defaults.`;
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      await this.keepOriginal();
      this.notice = `The settings file ${this.file} is not valid JSON (${(err as Error).message}); using defaults. The old file was kept as ${this.file}.bad.`;
      return;
    }
    const { settings, problems } = readStoredSettings(raw, this.cores);
    this.settings = settings;
    if (problems.length > 0) {
      await this.keepOriginal();
      const list = problems.map((p) => `${p.field} ${p.message}`).join('; ');
      this.notice = `Some settings in ${this.file} were invalid and reset to their defaults: ${list}. The old file was kept as ${this.file}.bad.`;
    }
  }

  private async keepOriginal(): Promise<void> {
    await copyFile(this.file, `${this.file}.bad`).catch(() => undefined);
  }

  private save(): Promise<void> {
    const text = `${JSON.stringify(this.settings, null, 2)}\n`;
    const next = this.writing.then(() => writeFileAtomic(this.file, text));
    // A failed write must not block the ones after it; the caller of this one still sees the error.
    this.writing = next.catch(() => undefined);
    return next;
  }
}

/** Write to a temp file in the same folder, then rename over the target: readers never see half a file. */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const dir = join(file, '..');
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flush: true });
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
