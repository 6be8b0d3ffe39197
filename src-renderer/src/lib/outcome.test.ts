import { describe, expect, it } from 'vitest';
import { outcomeHeading } from './outcome';

const base = { elapsedMs: 65_000, failedFiles: [], filesSearched: 6, filesTotal: 6 };
const failed = [{ relPath: 'a.txt', reason: 'watchdog', search: 'x' }];

describe('outcomeHeading', () => {
  it('a tick only for a complete run', () => {
    expect(outcomeHeading({ ...base, outcome: 'complete' })).toEqual({ tone: 'ok', text: 'Done in 1:05' });
  });
  it('a partial run is a warning naming how many files failed', () => {
    expect(outcomeHeading({ ...base, outcome: 'partial', failedFiles: failed, filesSearched: 5 })).toEqual({ tone: 'warn', text: 'Partial results in 1:05: 1 file could not be searched' });
  });
  it('a file with a runaway search left out counts as partly searched, apart from the failed ones', () => {
    const partly = { relPath: 'b.txt', reason: '"x" left out', search: 'x', partial: true };
    expect(outcomeHeading({ ...base, outcome: 'partial', failedFiles: [partly] }).text).toBe('Partial results in 1:05: 1 file partly searched');
    expect(outcomeHeading({ ...base, outcome: 'partial', failedFiles: [...failed, partly], filesSearched: 5 }).text).toBe(
      'Partial results in 1:05: 1 file could not be searched; 1 file partly searched',
    );
  });
  it('a run partial because a workbook could not be written says which', () => {
    const without = [
      { family: 'Darwin' as const, reason: 'no search of the set applies to macOS systems (1 system searched)' },
      { family: 'Windows' as const, reason: 'its export failed: disk full', exportFailed: true },
    ];
    expect(outcomeHeading({ ...base, outcome: 'partial', familiesWithoutWorkbook: without }).text).toBe('Partial results in 1:05: the Windows workbook could not be written');
  });
  it('a partial run that does not say why (an older manifest) is still a warning, without a dangling colon', () => {
    expect(outcomeHeading({ ...base, outcome: 'partial' })).toEqual({ tone: 'warn', text: 'Partial results in 1:05' });
  });
  it('a cancelled run says how many files were searched', () => {
    expect(outcomeHeading({ ...base, outcome: 'cancelled', filesSearched: 3, filesTotal: 1200 }).text).toBe('Cancelled: 3 of 1,200 files searched');
  });
  it('a failed run is an error', () => {
    expect(outcomeHeading({ ...base, outcome: 'failed' }).tone).toBe('error');
  });
});
