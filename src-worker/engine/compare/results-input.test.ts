import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadFamilyResults, loadResultsInput, parseResults } from './results-input';

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

describe('loadResultsInput', () => {
  it("takes each family's newest results JSON of a folder and ignores other files", async () => {
    const dir = folder({
      'Linux_search_results-20250101-000000.json': results('Linux', 'old'),
      'Linux_search_results-20260101-000000.json': results('Linux', 'new'),
      'Windows_search_results-20250101-000000.json': results('Windows'),
      'Linux_search_results-20260101-000000.xlsx': 'not json',
      'notes.json': 'not json',
    });
    const runs = await loadResultsInput(dir);
    expect(runs.map((r) => [r.family, r.searches[0]?.search])).toEqual([['Linux', 'new'], ['Windows', 's']]);
    expect(await loadFamilyResults(dir, 'Darwin')).toBeNull();
    expect((await loadFamilyResults(join(dir, 'Windows_search_results-20250101-000000.json'), 'Linux'))).toBeNull();
  });

  it('reads every family the app writes, and the counter a second run in the same second gets', async () => {
    const dir = folder({
      'Linux_search_results-20260101-000000.json': results('Linux', 'first'),
      'Linux_search_results-20260101-000000-2.json': results('Linux', 'second'),
      'ActiveDirectory_search_results-20260101-000000.json': results('ActiveDirectory'),
    });
    const runs = await loadResultsInput(dir);
    expect(runs.map((r) => [r.family, r.searches[0]?.search])).toEqual([['Linux', 'second'], ['ActiveDirectory', 's']]);
  });

  it('names the file and what is wrong with it', async () => {
    const dir = folder({ 'x.json': '{oops', 'Darwin_search_results-20250101-000000.json': { family: 'Darwin', systems: [{}], searches: [] } });
    await expect(loadResultsInput(join(dir, 'x.json'))).rejects.toThrow(/x\.json is not a results JSON of this app: /);
    await expect(loadResultsInput(dir)).rejects.toThrow(/Darwin_search_results-20250101-000000\.json is not a results JSON of this app: system 1 has no "System Name"/);
    await expect(loadResultsInput(folder({}))).rejects.toThrow(/is not a results folder of this app/);
    await expect(loadResultsInput(join(dir, 'missing'))).rejects.toThrow(/missing does not exist/);
    expect(() => parseResults({ family: 'BeOS', systems: [], searches: [] }, 'f.json')).toThrow(/f\.json .*"family" must be one of Linux, Windows, Darwin/);
  });
});
