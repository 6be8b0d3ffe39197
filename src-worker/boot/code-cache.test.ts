import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheDir, installCodeCache, type CodeCache } from './code-cache';

let base: string;
let root: string;
let dir: string;
let active: CodeCache | null = null;

// V8 keeps compiled scripts in memory too, and a script it finds there never looks at its cached
// data: without this, a second load in this process would pass whatever is on disk.
beforeAll(() => setFlagsFromString('--no-compilation-cache'));
afterAll(() => setFlagsFromString('--compilation-cache'));

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'kpat-code-cache-'));
  root = join(base, 'out');
  dir = join(base, 'cache');
  mkdirSync(root);
});
afterEach(() => {
  active?.uninstall();
  active = null;
  rmSync(base, { recursive: true, force: true });
});

/** Loads `file` afresh (as a new process would), with a fresh cache hook in place. */
function loadFresh(file: string): { exports: unknown; cache: CodeCache } {
  active?.uninstall();
  const cache = installCodeCache({ root, dir });
  if (!cache) throw new Error('cache not installed');
  active = cache;
  const req = createRequire(file);
  for (const key of Object.keys(req.cache)) if (key.startsWith(base)) delete req.cache[key];
  return { exports: req(file), cache };
}

const MODULE = `
const helper = require('./helper.js');
let calls = 0;
function lazilyCompiled(x) { calls += 1; return helper.twice(x) + calls; }
module.exports = { run: lazilyCompiled, where: [__filename, __dirname], self: this === exports };
`;

function writeModule(text = MODULE): string {
  writeFileSync(join(root, 'helper.js'), 'exports.twice = (x) => x * 2;\n');
  const file = join(root, 'main.js');
  writeFileSync(file, text);
  return file;
}

describe('codeCacheDir', () => {
  it('follows the platform, XDG_CACHE_HOME and the KPAT_CODE_CACHE_DIR override', () => {
    expect(codeCacheDir({}, 'linux', '/home/u')).toBe('/home/u/.cache/kpat-desktop/code');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/kpat-desktop/code');
    expect(codeCacheDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/kpat-desktop/code');
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32', 'C:\\U')).toBe(join('C:\\L', 'kpat-desktop', 'Cache', 'code'));
    expect(codeCacheDir({ KPAT_CODE_CACHE_DIR: '/elsewhere' }, 'linux', '/home/u')).toBe('/elsewhere');
    expect(codeCacheDir({ KPAT_CODE_CACHE_DIR: '' }, 'linux', '/home/u')).toBeNull();
  });
});

describe('installCodeCache', () => {
  it('writes an entry on save and compiles from it next time, with the same module behaviour', () => {
    const file = writeModule();
    const first = loadFresh(file);
    const api = first.exports as { run(x: number): number; where: string[]; self: boolean };
    expect(api.run(5)).toBe(11);
    expect(api.where).toEqual([file, root]);
    expect(api.self).toBe(true);
    expect(first.cache.stats()).toMatchObject({ accepted: 0, missing: 2, rejected: 0 });
    first.cache.save();
    expect(first.cache.stats().written).toBe(2);
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(2);
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const e of entries) expect(statSync(join(dir, e)).mode & 0o777).toBe(0o600);
    }

    const second = loadFresh(file);
    expect(second.cache.stats()).toMatchObject({ accepted: 2, missing: 0, rejected: 0 });
    expect((second.exports as { run(x: number): number }).run(5)).toBe(11);
    second.cache.save();
    expect(second.cache.stats().written).toBe(0);
  });

  it('never applies an entry to changed code', () => {
    const file = writeModule();
    loadFresh(file).cache.save();
    writeModule(MODULE.replace('calls += 1', 'calls += 100'));
    const changed = loadFresh(file);
    expect(changed.cache.stats()).toMatchObject({ accepted: 1, missing: 1 });
    expect((changed.exports as { run(x: number): number }).run(5)).toBe(110);
  });

  it('replaces an entry V8 refuses', () => {
    const file = writeModule();
    loadFresh(file).cache.save();
    for (const e of readdirSync(dir)) writeFileSync(join(dir, e), 'not a code cache');
    const damaged = loadFresh(file);
    expect(damaged.cache.stats()).toMatchObject({ accepted: 0, rejected: 2 });
    expect((damaged.exports as { run(x: number): number }).run(1)).toBe(3);
    damaged.cache.save();
    expect(loadFresh(file).cache.stats()).toMatchObject({ accepted: 2, rejected: 0 });
  });

  it('leaves files outside its root to Node', () => {
    const outside = join(base, 'elsewhere.js');
    writeFileSync(outside, 'module.exports = 42;\n');
    const { exports, cache } = loadFresh(outside);
    expect(exports).toBe(42);
    expect(cache.stats()).toMatchObject({ accepted: 0, missing: 0, rejected: 0 });
  });

  it('is not used in a folder other users can write to, or when disabled', () => {
    expect(installCodeCache({ root, dir: null })).toBeNull();
    if (process.platform === 'win32') return;
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    expect(installCodeCache({ root, dir })).toBeNull();
  });
});
