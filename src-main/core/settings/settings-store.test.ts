import { mkdtemp, readFile, rm, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from './settings-store';
import { defaultSettings } from './settings-schema';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kpat-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SettingsStore', () => {
  it('starts from defaults without a notice when there is no file', async () => {
    const store = await SettingsStore.open(dir, 8);
    expect(store.state()).toEqual({ settings: defaultSettings(8), notice: null, maxWorkers: 8 });
    expect(store.state().settings.workerCount).toBe(4);
    expect(defaultSettings(2).workerCount).toBe(2);
    expect(store.state().settings.perFileTimeoutSec).toBe(120);
  });

  it('persists an update and reads it back in a new store', async () => {
    const store = await SettingsStore.open(dir, 4);
    await store.update({ workerCount: 3, openWorkbookWhenDone: true });
    const again = await SettingsStore.open(dir, 4);
    expect(again.state().settings.workerCount).toBe(3);
    expect(again.state().settings.openWorkbookWhenDone).toBe(true);
    expect(again.state().notice).toBeNull();
    // the write is atomic: no temp files are left behind
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('refuses a bad patch whole and keeps the previous values', async () => {
    const store = await SettingsStore.open(dir, 4);
    await expect(store.update({ workerCount: 2, perFileTimeoutSec: 0 })).rejects.toThrow(/perFileTimeoutSec/);
    await expect(store.update({ workerCount: 5 })).rejects.toThrow(/workerCount must be a whole number from 1 to 4/);
    await expect(store.update({ colour: 'red' })).rejects.toThrow(/unknown setting "colour"/);
    await expect(store.update({ outputDir: 'relative/dir' })).rejects.toThrow(/absolute path/);
    expect(store.state().settings.workerCount).toBe(4);
  });

  it('refuses keys that name Object.prototype members as unknown settings, not as a crash', async () => {
    const store = await SettingsStore.open(dir, 4);
    // JSON.parse makes "__proto__" an own key, as a patch arriving over the wire has it.
    await expect(store.update(JSON.parse('{"__proto__": {"workerCount": 1}}'))).rejects.toThrow(/unknown setting "__proto__"/);
    await expect(store.update(JSON.parse('{"constructor": 1}'))).rejects.toThrow(/unknown setting "constructor"/);
    await expect(store.update(JSON.parse('{"toString": 1}'))).rejects.toThrow(/unknown setting "toString"/);
    expect(store.state().settings).toEqual(defaultSettings(4));
  });

  it('caps every string a patch may carry (paths at 4,096 bytes) and never echoes a long value whole', async () => {
    const store = await SettingsStore.open(dir, 4);
    const long = `/${'a'.repeat(5000)}`;
    const refusal = store.update({ outputDir: long });
    await expect(refusal).rejects.toThrow(/outputDir must be .*4,096 bytes/);
    const message = await refusal.then(() => '', (err: Error) => err.message);
    expect(message.length).toBeLessThan(300);
    await expect(store.update({ recentFolders: [long] })).rejects.toThrow(/4,096 bytes/);
    await expect(store.update({ recentFolders: Array.from({ length: 100 }, (_, i) => `/f${i}`) })).rejects.toThrow(/recentFolders/);
    await expect(store.update({ lastSearchSet: { kind: 'builtin', name: 'x'.repeat(200) } })).rejects.toThrow(/lastSearchSet/);
  });

  it('falls back to defaults with a notice for a file that is not JSON, keeping the original', async () => {
    await writeFile(join(dir, 'settings.json'), '{ workerCount: 3');
    const store = await SettingsStore.open(dir, 4);
    expect(store.state().settings).toEqual(defaultSettings(4));
    expect(store.state().notice).toMatch(/not valid JSON/);
    expect(await readFile(join(dir, 'settings.json.bad'), 'utf8')).toBe('{ workerCount: 3');
  });

  it('resets only the invalid fields and names them in the notice', async () => {
    await writeFile(
      join(dir, 'settings.json'),
      JSON.stringify({ workerCount: 'many', writeJson: true, recentFolders: ['/a', '/a', '/b'], lastSearchSet: { kind: 'file', path: 'x.yaml' }, extra: 1 }),
    );
    const store = await SettingsStore.open(dir, 4);
    const { settings, notice } = store.state();
    expect(settings.workerCount).toBe(4);
    expect(settings.writeJson).toBe(true);
    expect(settings.recentFolders).toEqual(['/a', '/b']);
    expect(settings.lastSearchSet).toBeNull();
    expect(notice).toMatch(/workerCount must be a whole number/);
    expect(notice).toMatch(/lastSearchSet/);
    expect(notice).not.toMatch(/writeJson/);
  });

  it('clamps a worker count written on a machine with more cores', async () => {
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ workerCount: 16 }));
    const store = await SettingsStore.open(dir, 2);
    expect(store.state().settings.workerCount).toBe(2);
    expect(store.state().notice).toBeNull();
  });

  it('keeps recent folders unique, most recent first, at most 8', async () => {
    const store = await SettingsStore.open(dir, 2);
    for (let i = 0; i < 10; i++) await store.addRecentFolder(`/data/f${i}`);
    await store.addRecentFolder('/data/f5');
    const recent = store.state().settings.recentFolders;
    expect(recent).toHaveLength(8);
    expect(recent[0]).toBe('/data/f5');
    expect(recent.filter((f) => f === '/data/f5')).toHaveLength(1);
  });
});
