import { describe, expect, it } from 'vitest';
import { compareGrid } from '../../../src-worker/engine/compare/compare-grid';
import { compareCsv } from './compare-csv';

describe('compareCsv', () => {
  it('writes a row per system with its status, quotes values and names the deviating columns', () => {
    const header = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
    const rows = [
      ['a', 1, 'PermitRootLogin no', 'PermitRootLogin', 'no'],
      ['b', 1, 'PermitRootLogin no', 'PermitRootLogin', 'no'],
      ['c', 2, 'PermitRootLogin yes', 'PermitRootLogin', 'yes, "really"'],
    ];
    const systems = [
      { name: 'a', state: 'searched' as const },
      { name: 'b', state: 'searched' as const },
      { name: 'c', state: 'searched' as const },
      { name: 'd', state: 'searched' as const },
      { name: 'e', state: 'not-applicable' as const },
    ];
    const grid = compareGrid({ header, rows, systems, layout: { kind: 'key-value', keyField: 'setting', valueField: 'value' }, baseline: null });
    expect(compareCsv(grid).split('\r\n')).toEqual([
      'System,Status,PermitRootLogin,Deviates from',
      'a,found,no,',
      'b,found,no,',
      'c,found,"yes, ""really""",majority: PermitRootLogin',
      'd,"searched, nothing found",(nothing),majority: PermitRootLogin',
      'e,search does not apply,,',
      '',
    ]);
  });
});
