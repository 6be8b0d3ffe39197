import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FamilyResults } from '../engine/types';
import { writeResultsJson } from './results-json';
import { indexResultsJson, readResultsChecks, readResultsJson, readResultsJsonSearch, type ResultsJsonSearch } from './results-json-read';
import { referenceResults } from './test-support';

const scratch = mkdtempSync(join(tmpdir(), 'kpat-json-read-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function readAll(path: string): Promise<{ family: string; searches: ResultsJsonSearch[] }> {
  const searches: ResultsJsonSearch[] = [];
  const { family } = await readResultsJson(path, (s) => void searches.push(s));
  return { family, searches };
}

const expectedSearches = (results: FamilyResults) =>
  results.searches.map((s) => ({ index: s.index, search: s.search, sheet: s.sheet, header: s.header, rows: s.rows }));

describe('readResultsJson', () => {
  it.each(['Linux', 'Windows', 'Darwin'] as const)('reads back every search and row the writer wrote (%s reference results)', async (family) => {
    const results = referenceResults(family);
    const path = await writeResultsJson(results, join(scratch, family), new Date(2026, 0, 2, 3, 4, 5));
    const back = await readAll(path);
    expect(back.family).toBe(family);
    expect(back.searches).toEqual(expectedSearches(results));
  });

  it('reads cells with brackets, commas, quotes and line breaks, and searches without rows', async () => {
    const base = referenceResults('Linux');
    const first = base.searches[0];
    if (!first) throw new Error('reference results have no searches');
    const results: FamilyResults = {
      ...base,
      searches: [
        { ...first, index: 7, header: ['System Name', 'Line Number', 'Matched Text'], rows: [['a', 1, 'x]],"index":9'], ['b', 2, 'line\nbreak ],'], ['c', 3, '[]']] },
        { ...first, index: 8, header: [], rows: [] },
      ],
    };
    const path = await writeResultsJson(results, join(scratch, 'odd'), new Date(2026, 0, 2, 3, 4, 6));
    expect((await readAll(path)).searches).toEqual(expectedSearches(results));
  });

  it('reads the same JSON re-indented by another tool', async () => {
    const results = referenceResults('Darwin');
    const path = await writeResultsJson(results, join(scratch, 'pretty'), new Date(2026, 0, 2, 3, 4, 7));
    writeFileSync(path, JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 2));
    expect((await readAll(path)).searches).toEqual(expectedSearches(results));
  });

  it('names the file when it ends early', async () => {
    const results = referenceResults('Windows');
    const path = await writeResultsJson(results, join(scratch, 'cut'), new Date(2026, 0, 2, 3, 4, 8));
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text.slice(0, Math.floor(text.length / 2)).replace(/\n[^\n]*$/, '\n'));
    await expect(readAll(path)).rejects.toThrow(`${path} ends early`);
  });

  it('reads the checks back (a reopened run shows them), in the writer layout and re-indented; none from a file without them', async () => {
    const base = referenceResults('Linux');
    const checks: FamilyResults['checks'] = [
      { search: 's1', index: 0, check: 'A ]} check', severity: 'high', requirement: 'PCI DSS v4.0 8.3.9', comment: null, results: [{ system: 'x', outcome: 'fail', reason: 'r', evidence: [{ line: 3, text: '"checks":[', fields: null }], evidenceTotal: 1 }] },
      { search: 's2', index: 1, check: 'B', severity: 'low', requirement: null, comment: 'c', results: [] },
    ];
    const path = await writeResultsJson({ ...base, checks }, join(scratch, 'checks'), new Date(2026, 0, 2, 3, 4, 5));
    expect(await readResultsChecks(path)).toEqual(checks);
    const pretty = join(scratch, 'checks', 'pretty.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(readFileSync(path, 'utf8')), null, 2));
    expect(await readResultsChecks(pretty)).toEqual(checks);
    const old = join(scratch, 'checks', 'old.json');
    writeFileSync(old, JSON.stringify({ family: 'Linux', systems: [], searches: [] }));
    expect(await readResultsChecks(old)).toEqual([]);
  });
});

describe('indexResultsJson + readResultsJsonSearch (a comparison reads searches in pairs, in any order)', () => {
  const run = { outcome: 'complete', failedFiles: [], skipped: [], familiesWithoutWorkbook: [] };

  it.each(['Linux', 'Windows', 'Darwin'] as const)('finds every search and reads each one alone, last first, as readResultsJson does (%s)', async (family) => {
    const results = referenceResults(family);
    const path = await writeResultsJson(results, join(scratch, `index-${family}`), new Date(2026, 0, 2, 3, 4, 5), run);
    const index = await indexResultsJson(path);
    if (!index) throw new Error('writer layout not recognised');
    expect(index.family).toBe(family);
    expect(index.systems).toEqual(results.systems);
    expect(index.searches.map((s) => [s.search, s.sheet])).toEqual(results.searches.map((s) => [s.search, s.sheet]));
    const back = [];
    for (const at of [...index.searches].reverse()) back.unshift(await readResultsJsonSearch(path, at));
    expect(back).toEqual(expectedSearches(results));
  });

  it('cells that look like the layout, searches without rows or header, and no systems', async () => {
    const base = referenceResults('Linux');
    const first = base.searches[0];
    if (!first) throw new Error('reference results have no searches');
    const results: FamilyResults = {
      ...base,
      systems: [],
      searches: [
        { ...first, index: 7, search: 'a', header: ['System Name', 'Line Number', 'Matched Text'], rows: [['a', 1, 'x]],\n{"search":"b"'], ['b', 2, '"checks":['], ['c', 3, '[]']] },
        { ...first, index: 8, search: 'b', header: [], rows: [] },
      ],
    };
    const path = await writeResultsJson(results, join(scratch, 'index-odd'), new Date(2026, 0, 2, 3, 4, 6));
    const index = await indexResultsJson(path);
    expect(index?.systems).toEqual([]);
    expect(index?.searches.map((s) => s.search)).toEqual(['a', 'b']);
    const [a, b] = index?.searches ?? [];
    if (!a || !b) throw new Error('two searches expected');
    expect(await readResultsJsonSearch(path, b)).toEqual(expectedSearches(results)[1]);
    expect(await readResultsJsonSearch(path, a)).toEqual(expectedSearches(results)[0]);
  });

  it('a file in another layout has no index; a cut file and a broken row name the file (and line)', async () => {
    const results = referenceResults('Darwin');
    const path = await writeResultsJson(results, join(scratch, 'index-bad'), new Date(2026, 0, 2, 3, 4, 7));
    const text = readFileSync(path, 'utf8');
    const pretty = join(scratch, 'index-bad', 'pretty.json');
    writeFileSync(pretty, JSON.stringify(JSON.parse(text), null, 2));
    expect(await indexResultsJson(pretty)).toBeNull();

    const cut = join(scratch, 'index-bad', 'cut.json');
    writeFileSync(cut, text.slice(0, text.indexOf('"checks":[') - 40).replace(/\n[^\n]*$/, '\n'));
    await expect(indexResultsJson(cut)).rejects.toThrow(`${cut} ends early`);

    const lines = text.split('\n');
    const rowAt = lines.findIndex((l) => l.startsWith('['));
    lines[rowAt] = '["broken",';
    const broken = join(scratch, 'index-bad', 'broken.json');
    writeFileSync(broken, lines.join('\n'));
    const index = await indexResultsJson(broken);
    const owner = [...(index?.searches ?? [])].reverse().find((s) => s.line < rowAt + 1);
    if (!owner) throw new Error('no search before the broken row');
    await expect(readResultsJsonSearch(broken, owner)).rejects.toThrow(`${broken}:${rowAt + 1}: `);
  });
});
