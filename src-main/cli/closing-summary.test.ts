// The CLI's closing summary: counts in singular or plural as they are, each failed file named
// once with its reason, and a family whose workbook could not be written counted in the head line.
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../contract/ipc';
import { closingSummary } from './run-cli';

function summary(over: Partial<RunSummary>): RunSummary {
  return {
    runId: 'r',
    outcome: 'complete',
    error: null,
    root: '/in',
    outputDir: '/out',
    searchSetTitle: 'all',
    startedAt: '2026-12-03T08:00:00.000Z',
    elapsedMs: 1234,
    systems: 1,
    filesTotal: 1,
    filesSearched: 1,
    skipped: [],
    failedFiles: [],
    families: [{ family: 'Linux', systems: 1, searches: 2, rows: 1, workbookPath: '/out/Linux_search_results-20261203-080000.xlsx', jsonPath: null }],
    familiesWithoutWorkbook: [],
    manifestPath: null,
    ...over,
  };
}

describe('closingSummary', () => {
  it('says "1 system" and "1 row", "2 systems" and "2 rows"', () => {
    expect(closingSummary(summary({})).lines).toEqual([
      'Complete: searched 1 system in 1.23 s',
      '  Linux: 1 system, 1 row → Linux_search_results-20261203-080000.xlsx',
      'Output folder: /out',
    ]);
    const two = closingSummary(summary({ systems: 2, families: [{ family: 'Linux', systems: 2, searches: 2, rows: 2, workbookPath: '/out/L.xlsx', jsonPath: '/out/L.json' }] }));
    expect(two.lines.slice(0, 2)).toEqual(['Complete: searched 2 systems in 1.23 s', '  Linux: 2 systems, 2 rows → L.xlsx, L.json']);
  });

  it('a partial run: each failed file once with its reason; a workbook that could not be written is counted', () => {
    const { errors, lines } = closingSummary(
      summary({
        outcome: 'partial',
        filesTotal: 3,
        filesSearched: 2,
        failedFiles: [
          { relPath: 'a.txt', reason: 'its worker died (SIGKILL); tried twice', search: null },
          { relPath: 'b.txt', reason: `search "x" left out: it ran past the 5 s watchdog (a runaway regex?); the other searches' rows are kept`, search: 'x', partial: true },
        ],
        familiesWithoutWorkbook: [{ family: 'Windows', reason: 'its export failed: disk full', exportFailed: true }],
      }),
    );
    expect(errors).toEqual([
      'a.txt was not searched: its worker died (SIGKILL); tried twice',
      `b.txt is partial: search "x" left out: it ran past the 5 s watchdog (a runaway regex?); the other searches' rows are kept`,
    ]);
    expect(lines[0]).toBe('Partial: searched 2 of 3 files, 1 failed, 1 with a search left out, 1 workbook not written (named above) in 1.23 s');
    expect(lines).toContain('  Windows: no workbook (its export failed: disk full)');
  });

  it('a cancelled run of one file', () => {
    expect(closingSummary(summary({ outcome: 'cancelled', filesSearched: 0, families: [] })).lines[0]).toBe('Cancelled: 0 of 1 file searched in 1.23 s');
  });
});
