// Compatibility with the tool we replace: the shared test files and audit-all.yaml must give exactly the
// rows of ../shared/reference/expected/*.json, compared by the rules of its README.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from './config/load';
import { runEngineInProcess, type InProcessRun } from './run-in-process';
import { compareFamily, formatDiffs, type ExpectedFamily } from './testing/compare-expected';
import { REFERENCE_DIR, REFERENCE_FAMILIES, TESTDATA_DIR } from './testing/reference';
import { SYSTEM_COLUMNS } from './types';

const EXPECTED_ROWS = { Linux: 6485, Windows: 6608, Darwin: 2007 } as const;

function expected(family: string): ExpectedFamily {
  return JSON.parse(readFileSync(join(REFERENCE_DIR, 'expected', `${family}.json`), 'utf8')) as ExpectedFamily;
}

describe('compatibility with the reference results (audit-all.yaml on the shared test files)', () => {
  let run: InProcessRun;
  beforeAll(async () => {
    const searchSet = await loadSearchSet(join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'));
    run = await runEngineInProcess({ startDir: TESTDATA_DIR, filespec: '*.txt', searchSet });
  });

  it('recognises every shared file and finds all three families', () => {
    expect(run.skipped).toEqual([]);
    expect(run.systems.map((s) => s.relPath)).toEqual([
      'linux/rhel86-kp0.6.16-1.txt',
      'linux/ubuntu-22.04-0.6.22.txt',
      'macos/macos-13.4.1-kp0.1.0.txt',
      'windows/windows10pro-cb19044-kp0.4.7.txt',
      'windows/windows11-0.4.8.txt',
      'windows/windows2022-cb20348-kp0.4.7.txt',
    ]);
    expect(run.families.map((f) => f.family)).toEqual([...REFERENCE_FAMILIES]);
  });

  it.each(REFERENCE_FAMILIES)('%s: every row of every search equal', (family) => {
    const ours = run.families.find((f) => f.family === family);
    if (!ours) throw new Error(`no ${family} results`);
    const comparison = compareFamily(expected(family), ours);
    if (comparison.diffs.length > 0) console.log(formatDiffs(comparison));
    expect(comparison.expectedRows).toBe(EXPECTED_ROWS[family]);
    expect(comparison.diffs.map((d) => d.search)).toEqual([]);
    expect(comparison.equalRows).toBe(EXPECTED_ROWS[family]);
  });

  it.each(REFERENCE_FAMILIES)('%s: same searches, sheet titles, comments, headers (column order too) and sheet order', (family) => {
    const exp = expected(family);
    const ours = run.families.find((f) => f.family === family);
    expect(ours?.searches.map((s) => [s.search, s.sheet, s.comment, s.header])).toEqual(exp.searches.map((s) => [s.search, s.sheet, s.comment, s.header]));
  });

  it.each(REFERENCE_FAMILIES)('%s: systems summary as the reference (OS Version now populated, Q8)', (family) => {
    const exp = expected(family);
    const ours = run.families.find((f) => f.family === family);
    const legacyColumns = SYSTEM_COLUMNS.filter((c) => c !== 'OS Version' && c !== 'Host Name' && c !== 'SHA-384');
    const pick = (row: Record<string, string>): Record<string, string> => Object.fromEntries(legacyColumns.map((c) => [c, row[c] ?? '']));
    // The reference lists systems in directory order; ours are sorted by path.
    const byName = (a: Record<string, string>, b: Record<string, string>): number => ((a['System Name'] ?? '') < (b['System Name'] ?? '') ? -1 : 1);
    expect(ours?.systems.map(pick).sort(byName)).toEqual(exp.systems.map(pick).sort(byName));
  });
});
