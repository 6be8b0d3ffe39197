import { describe, expect, it } from 'vitest';
import type { OsFamily, SearchSpec, SystemInfo } from '../../../src-worker/engine/types';
import { planWorkbooks, runLabel } from './workbook-plan';

const sys = (relPath: string, osFamily: OsFamily) => ({ relPath, osFamily }) as SystemInfo;
const spec = (name: string, family?: OsFamily) =>
  ({ name, index: 0, sysFilter: family ? [{ attr: 'os_family', comp: 'eq', value: family }] : [] }) as unknown as SearchSpec;

describe('planWorkbooks', () => {
  it('a Linux-only set over mixed systems: one Linux workbook, the others say why they get none', () => {
    const plan = planWorkbooks([sys('l.txt', 'Linux'), sys('w.txt', 'Windows'), sys('m.txt', 'Darwin')], [], new Map(), [spec('a', 'Linux')]);
    expect(plan.workbooks).toEqual(['Linux']);
    expect(plan.without).toEqual([
      { family: 'Windows', reason: 'no search of the set applies to Windows systems (1 system searched)' },
      { family: 'Darwin', reason: 'no search of the set applies to macOS systems (1 system searched)' },
    ]);
  });

  it('a family all of whose files failed gets no workbook and is named, not dropped', () => {
    const failed = [
      { relPath: 'l1.txt', reason: 'watchdog', search: 'x' },
      { relPath: 'l2.txt', reason: 'watchdog', search: 'x' },
    ];
    const families = new Map<string, OsFamily | null>([['l1.txt', 'Linux'], ['l2.txt', 'Linux']]);
    const plan = planWorkbooks([sys('w.txt', 'Windows')], failed, families, [spec('any')]);
    expect(plan.workbooks).toEqual(['Windows']);
    expect(plan.without).toEqual([{ family: 'Linux', reason: 'none of its 2 files could be searched (see the failed files)' }]);
  });

  it('labels the run for the Summary sheet', () => {
    expect(runLabel({ cancelled: false, filesSearched: 6, filesTotal: 6, filesFailed: 0 })).toBe('complete');
    expect(runLabel({ cancelled: false, filesSearched: 5, filesTotal: 6, filesFailed: 1 })).toBe('partial: 1 of 6 files could not be searched');
    expect(runLabel({ cancelled: true, filesSearched: 3, filesTotal: 6, filesFailed: 0 })).toBe('cancelled: 3 of 6 files searched');
    // A file with a runaway search left out is searched, but partly.
    expect(runLabel({ cancelled: false, filesSearched: 6, filesTotal: 6, filesFailed: 0, filesPartial: 1 })).toBe('partial: a search was left out of 1 of 6 files');
    expect(runLabel({ cancelled: false, filesSearched: 5, filesTotal: 6, filesFailed: 1, filesPartial: 2 })).toBe(
      'partial: 1 of 6 files could not be searched; a search was left out of 2 of 6 files',
    );
  });
});
