import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeResultsJson } from '../../export/results-json';
import { referenceResults } from '../../export/test-support';
import type { FamilyResults } from '../types';
import { diffFamilyFiles, diffRunFiles, openFamilyResults, openResultsInput, openResultsJson, parseResults } from './results-input';
import { diffFamily } from './run-diff';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpat-results-in-'));
  dirs.push(dir);
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), typeof data === 'string' ? data : JSON.stringify(data));
  return dir;
}
const results = (family: string, search = 's') => ({ family, systems: [{ 'System Name': 'a' }], searches: [{ search, sheet: search, header: ['System Name'], rows: [['a']] }] });

describe('openResultsInput', () => {
  it("takes each family's newest results JSON of a folder and ignores other files", async () => {
    const dir = folder({
      'Linux_search_results-20250101-000000.json': results('Linux', 'old'),
      'Linux_search_results-20260101-000000.json': results('Linux', 'new'),
      'Windows_search_results-20250101-000000.json': results('Windows'),
      'Linux_search_results-20260101-000000.xlsx': 'not json',
      'notes.json': 'not json',
    });
    const runs = await openResultsInput(dir);
    expect(runs.map((r) => [r.family, r.searchNames[0]])).toEqual([['Linux', 'new'], ['Windows', 's']]);
    expect(await openFamilyResults(dir, 'Darwin')).toBeNull();
    expect(await openFamilyResults(join(dir, 'Windows_search_results-20250101-000000.json'), 'Linux')).toBeNull();
  });

  it('reads every family the app writes, and the counter a second run in the same second gets', async () => {
    const dir = folder({
      'Linux_search_results-20260101-000000.json': results('Linux', 'first'),
      'Linux_search_results-20260101-000000-2.json': results('Linux', 'second'),
      'ActiveDirectory_search_results-20260101-000000.json': results('ActiveDirectory'),
    });
    const runs = await openResultsInput(dir);
    expect(runs.map((r) => [r.family, r.searchNames[0]])).toEqual([['Linux', 'second'], ['ActiveDirectory', 's']]);
  });

  it('names the file and what is wrong with it', async () => {
    const dir = folder({ 'x.json': '{oops', 'Darwin_search_results-20250101-000000.json': { family: 'Darwin', systems: [{}], searches: [] } });
    await expect(openResultsInput(join(dir, 'x.json'))).rejects.toThrow(/x\.json is not a results JSON of this app: /);
    await expect(openResultsInput(dir)).rejects.toThrow(/Darwin_search_results-20250101-000000\.json is not a results JSON of this app: system 1 has no "System Name"/);
    await expect(openResultsInput(folder({}))).rejects.toThrow(/is not a results folder of this app/);
    await expect(openResultsInput(join(dir, 'missing'))).rejects.toThrow(/missing does not exist/);
    expect(() => parseResults({ family: 'BeOS', systems: [], searches: [] }, 'f.json')).toThrow(/f\.json .*"family" must be one of Linux, Windows, Darwin/);
  });
});

describe('openResultsJson on a file the app wrote (read search by search)', () => {
  async function written(results: FamilyResults, name: string): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), `kpat-results-in-${name}-`));
    dirs.push(dir);
    return writeResultsJson(results, dir, new Date(2026, 0, 2, 3, 4, 5));
  }

  it('has the systems and search names at once and each search when asked, as written', async () => {
    const linux = referenceResults('Linux');
    const file = await written(linux, 'ok');
    const opened = await openResultsJson(file);
    expect(opened.family).toBe('Linux');
    expect(opened.systems.map((s) => s['System Name'])).toEqual(linux.systems.map((s) => s['System Name']));
    expect(opened.searchNames).toEqual(linux.searches.map((s) => s.search));
    const last = linux.searches.length - 1;
    expect(await opened.search(last)).toEqual({ search: linux.searches[last]?.search, sheet: linux.searches[last]?.sheet, header: linux.searches[last]?.header, rows: linux.searches[last]?.rows });
  });

  it('a row of the wrong width is refused when its search is read, naming the file, search and row', async () => {
    const linux = referenceResults('Linux');
    const file = await written(linux, 'width');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('['));
    lines[at] = `["only one cell"]${lines[at]?.endsWith(',') ? ',' : ''}`;
    writeFileSync(file, lines.join('\n'));
    const opened = await openResultsJson(file);
    await expect(opened.search(0)).rejects.toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not a results JSON of this app: search 1 \\("[^"]+"\\), row 1: not \\d+ text or number cells`));
  });

  it('a file cut short is refused when opened, naming the file', async () => {
    const file = await written(referenceResults('Darwin'), 'cut');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, Math.floor(text.length / 2)).replace(/\n[^\n]*$/, '\n'));
    await expect(openResultsJson(file)).rejects.toThrow(`${file} ends early`);
  });

  it('diffFamilyFiles finds what diffFamily finds in memory, with the newer file in another search order', async () => {
    const base = referenceResults('Linux');
    const older: FamilyResults = { ...base, searches: base.searches.slice(0, -1) };
    const [first, second] = base.searches;
    if (!first || !second) throw new Error('reference results have too few searches');
    const dropSystem = base.systems[0]?.['System Name'];
    const newer: FamilyResults = {
      ...base,
      searches: [...base.searches.slice(2).reverse(), { ...second, rows: second.rows.slice(1) }, { ...first, rows: first.rows.map((r) => r.map((c, i) => (i === 2 ? `${String(c)} (edited)` : c))) }],
      systems: base.systems.filter((s) => s['System Name'] !== dropSystem),
    };
    const inMemory = diffFamily(older, newer);
    const fromFiles = await diffFamilyFiles(await openResultsJson(await written(older, 'old')), await openResultsJson(await written(newer, 'new')));
    expect(fromFiles).toEqual(inMemory);
    expect(fromFiles.searches.length).toBeGreaterThan(0);
    const run = await diffRunFiles([await openResultsJson(await written(older, 'old2'))], [await openResultsJson(await written(newer, 'new2'))]);
    expect(run).toEqual({ families: [inMemory], onlyOlder: [], onlyNewer: [] });
  });

  it("a newer file whose rows of a system are apart (not as the app writes them) is compared as well, read whole", async () => {
    const base = referenceResults('Linux');
    const systemsOf = (t: FamilyResults['searches'][number]): number => new Set(t.rows.map((r) => r[t.header.indexOf('System Name')])).size;
    const big = base.searches.filter((t) => systemsOf(t) > 1).reduce((a, t) => (t.rows.length > a.rows.length ? t : a));
    // Interleave the systems' rows: a, b, a, b, …
    const sys = big.header.indexOf('System Name');
    const bySystem = new Map<string, typeof big.rows>();
    for (const r of big.rows) bySystem.set(String(r[sys]), [...(bySystem.get(String(r[sys])) ?? []), r]);
    const lists = [...bySystem.values()];
    const interleaved = [];
    for (let k = 0; lists.some((l) => k < l.length); k++) for (const l of lists) if (l[k]) interleaved.push(l[k] as (typeof big.rows)[number]);
    expect(new Set(interleaved.slice(0, 2).map((r) => r[sys])).size).toBe(2);
    const edited = interleaved.map((r, n) => (n === 1 ? r.map((c, i) => (i === 2 ? `${String(c)} (edited)` : c)) : r));
    const older: FamilyResults = { ...base, searches: [big] };
    const newer: FamilyResults = { ...base, searches: [{ ...big, rows: edited }] };
    const fromFiles = await diffFamilyFiles(await openResultsJson(await written(older, 'apart-old')), await openResultsJson(await written(newer, 'apart-new')));
    expect(fromFiles).toEqual(diffFamily(older, newer));
    const only = fromFiles.searches[0];
    expect((only?.added.length ?? 0) + (only?.changed.length ?? 0)).toBe(1);
  });

  it('a broken row of the newer file, streamed, names the file, search and row', async () => {
    const linux = referenceResults('Linux');
    const newerFile = await written(linux, 'stream-bad');
    const lines = readFileSync(newerFile, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('['));
    lines[at] = `[1]${lines[at]?.endsWith(',') ? ',' : ''}`;
    writeFileSync(newerFile, lines.join('\n'));
    const olderFile = await openResultsJson(await written(linux, 'stream-old'));
    await expect(diffFamilyFiles(olderFile, await openResultsJson(newerFile))).rejects.toThrow(/is not a results JSON of this app: search 1 \("[^"]+"\), row 1: not \d+ text or number cells/);
  });
});
