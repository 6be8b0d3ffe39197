import { describe, expect, it } from 'vitest';
import { decideOutcome, type OutcomeFacts } from './outcome';

const clean: OutcomeFacts = { cancelled: false, error: null, filesTotal: 4, filesSearched: 4, filesSkipped: 0, filesFailed: 0, familiesExported: 2, familiesFailed: 0 };

describe('decideOutcome', () => {
  it('complete when every file was searched and every export written', () => {
    expect(decideOutcome(clean)).toEqual({ outcome: 'complete', error: null });
  });

  it('complete when files were only skipped (not audit results) and the rest searched', () => {
    expect(decideOutcome({ ...clean, filesSearched: 3, filesSkipped: 1 }).outcome).toBe('complete');
  });

  it('partial when one file failed, or one family export failed', () => {
    expect(decideOutcome({ ...clean, filesSearched: 3, filesFailed: 1 })).toEqual({ outcome: 'partial', error: null });
    expect(decideOutcome({ ...clean, familiesExported: 1, familiesFailed: 1 }).outcome).toBe('partial');
  });

  it('failed when no file could be searched, saying how many failed and were skipped', () => {
    expect(decideOutcome({ ...clean, filesSearched: 0, filesFailed: 3, filesSkipped: 1, familiesExported: 0 })).toEqual({
      outcome: 'failed',
      error: 'No file could be searched (4 files: 3 failed, 1 skipped)',
    });
  });

  it('failed when every family export failed', () => {
    expect(decideOutcome({ ...clean, familiesExported: 0, familiesFailed: 2 })).toEqual({ outcome: 'failed', error: 'No workbook could be written (2 family exports failed)' });
  });

  it('failed with the run-wide error; cancelled wins over everything', () => {
    expect(decideOutcome({ ...clean, error: 'Output folder /x is not writable' })).toEqual({ outcome: 'failed', error: 'Output folder /x is not writable' });
    expect(decideOutcome({ ...clean, cancelled: true, error: 'aborted', filesFailed: 2 })).toEqual({ outcome: 'cancelled', error: null });
  });

  it('failed for a run over no file at all', () => {
    expect(decideOutcome({ ...clean, filesTotal: 0, filesSearched: 0, familiesExported: 0 })).toEqual({ outcome: 'failed', error: 'No file matching the file pattern was found' });
  });
});
