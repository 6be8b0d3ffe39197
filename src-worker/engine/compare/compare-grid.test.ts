import { describe, expect, it } from 'vitest';
import type { Cell } from '../types';
import { compareGrid, gridCellValues, suggestLayout, type GridSystem } from './compare-grid';

const SSH = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
const ssh = (system: string, setting: string, value: string, line = 1): Cell[] => [system, line, `${setting} ${value}`, setting, value];
const searched = (...names: string[]): GridSystem[] => names.map((name) => ({ name, state: 'searched' }));

const rows = [
  ssh('a', 'permitrootlogin', 'no'),
  ssh('a', 'port', '22'),
  ssh('b', 'permitrootlogin', 'no', 7),
  ssh('b', 'port', '22'),
  ssh('c', 'permitrootlogin', 'yes'),
  ssh('c', 'port', '22'),
];

describe('suggestLayout', () => {
  it('takes key → value when each system lists each key once', () => {
    expect(suggestLayout(SSH, rows)).toEqual({ kind: 'key-value', keyField: 'setting', valueField: 'value' });
  });
  it('keeps key → value when a system lists a key twice (sshd listenaddress for IPv4 and IPv6): the cell has both values', () => {
    const twice = [...rows, ssh('a', 'port', '2222')];
    const layout = suggestLayout(SSH, twice);
    expect(layout).toEqual({ kind: 'key-value', keyField: 'setting', valueField: 'value' });
    const g = compareGrid({ header: SSH, rows: twice, systems: searched('a', 'b', 'c'), layout, baseline: null });
    expect(g.rows[0]?.cells[1]?.values).toEqual(['22', '2222']);
    expect(g.rows[0]?.cells[1]?.deviates).toBe(true);
  });
  it('takes the fields when there are too many keys to be columns, or there are no two fields', () => {
    expect(suggestLayout(SSH, rows, 1)).toEqual({ kind: 'fields', columns: ['setting', 'value'] });
    expect(suggestLayout(['System Name', 'Line Number', 'Matched Text', 'user'], [['a', 1, 'x', 'bob']])).toEqual({ kind: 'fields', columns: ['user'] });
    expect(suggestLayout(['System Name', 'Line Number', 'Matched Text'], [['a', 1, 'x']])).toEqual({ kind: 'fields', columns: ['Matched Text'] });
  });
});

describe('compareGrid', () => {
  const layout = { kind: 'key-value', keyField: 'setting', valueField: 'value' } as const;

  it('highlights the cells that differ from the majority, with the distinct values counted', () => {
    const g = compareGrid({ header: SSH, rows, systems: searched('a', 'b', 'c'), layout, baseline: null });
    expect(g.columns.map((c) => c.name)).toEqual(['permitrootlogin', 'port']);
    expect(g.columns[0]?.distinct.map((d) => [d.values, d.count])).toEqual([[['no'], 2], [['yes'], 1]]);
    expect(g.rows.map((r) => [r.system, r.deviates, r.cells.map((c) => c.deviates)])).toEqual([
      ['a', false, [false, false]],
      ['b', false, [false, false]],
      ['c', true, [true, false]],
    ]);
    expect(g.deviatingSystems).toBe(1);
  });

  it('compares with a baseline system instead when one is picked', () => {
    const g = compareGrid({ header: SSH, rows, systems: searched('a', 'b', 'c'), layout, baseline: 'c' });
    expect(g.reference).toEqual({ kind: 'baseline', system: 'c' });
    expect(g.rows.map((r) => r.deviates)).toEqual([true, true, false]);
    expect(g.columns[0]?.deviating).toBe(2);
  });

  it('tells searched-nothing-found from not applicable and from a failed file', () => {
    const systems: GridSystem[] = [...searched('a', 'b', 'c', 'empty'), { name: 'win', state: 'not-applicable' }, { name: 'broken', state: 'failed' }];
    const g = compareGrid({ header: SSH, rows, systems, layout, baseline: null });
    expect(g.rows.map((r) => [r.system, r.state])).toEqual([
      ['a', 'found'],
      ['b', 'found'],
      ['c', 'found'],
      ['empty', 'none'],
      ['win', 'not-applicable'],
      ['broken', 'failed'],
    ]);
    // "nothing" is a value that deviates; the two others are not compared at all.
    expect(g.rows.map((r) => r.deviates)).toEqual([false, false, true, true, false, false]);
    expect(g.columns[1]?.distinct.map((d) => [d.values, d.count])).toEqual([[['22'], 3], [[], 1]]);
  });

  it("treats show_missing's NO RESULTS FOUND row as nothing found", () => {
    const header = ['System Name', 'Line Number', 'Matched Text', 'permitRootLogin'];
    const g = compareGrid({
      header,
      rows: [['a', 1, 'NO RESULTS FOUND', ''], ['b', 3, 'permitrootlogin no', 'no']],
      systems: searched('a', 'b'),
      layout: { kind: 'fields', columns: ['permitRootLogin'] },
      baseline: 'b',
    });
    expect(g.rows.map((r) => [r.state, r.cells[0]?.values, r.deviates])).toEqual([
      ['none', [], true],
      ['found', ['no'], false],
    ]);
  });

  it('a cell holds the set of values of all rows of its system, so order and line numbers do not matter', () => {
    const header = ['System Name', 'Line Number', 'Matched Text', 'user'];
    const u = (s: string, user: string, line: number): Cell[] => [s, line, user, user];
    const g = compareGrid({
      header,
      rows: [u('a', 'root', 1), u('a', 'bob', 2), u('b', 'bob', 9), u('b', 'root', 10), u('b', 'bob', 11)],
      systems: searched('a', 'b'),
      layout: { kind: 'fields', columns: ['user'] },
      baseline: null,
    });
    expect(g.rows.map((r) => r.cells[0]?.values)).toEqual([['bob', 'root'], ['bob', 'root']]);
    expect(g.deviatingSystems).toBe(0);
  });

  it('a baseline that is not applicable leaves nothing to compare with', () => {
    const g = compareGrid({ header: SSH, rows, systems: [...searched('a', 'c'), { name: 'x', state: 'not-applicable' }], layout, baseline: 'x' });
    expect(g.columns.every((c) => c.reference === null && c.deviating === 0)).toBe(true);
    expect(() => compareGrid({ header: SSH, rows, systems: searched('a'), layout, baseline: 'zz' })).toThrow(/baseline system "zz"/);
  });
});

describe('gridCellValues', () => {
  it('gives the values a cell of the suggested layout shows: sorted, without repeats, [] for nothing, null for a column the grid has not', () => {
    const values = gridCellValues(SSH, [...rows, ssh('d', 'port', '22')], [
      { system: 'c', column: 'permitrootlogin' },
      { system: 'd', column: 'permitrootlogin' },
      { system: 'zz', column: 'port' },
      { system: 'c', column: 'x11forwarding' },
    ]);
    expect([...values]).toEqual([
      ['c\u0000permitrootlogin', ['yes']],
      ['d\u0000permitrootlogin', []],
      ['zz\u0000port', []],
      ['c\u0000x11forwarding', null],
    ]);
    // A key a system lists twice has both values in its cell; a field name is no column of a key → value grid.
    const repeated = [...rows, ssh('a', 'port', '2222')];
    expect(gridCellValues(SSH, repeated, [{ system: 'a', column: 'port' }]).get('a\u0000port')).toEqual(['22', '2222']);
    expect(gridCellValues(SSH, repeated, [{ system: 'a', column: 'value' }]).get('a\u0000value')).toBeNull();
    const header = ['System Name', 'Line Number', 'Matched Text', 'user'];
    const u = (s: string, user: string): Cell[] => [s, 1, user, user];
    expect(gridCellValues(header, [u('a', 'root'), u('a', 'bob'), u('a', 'root')], [{ system: 'a', column: 'user' }]).get('a\u0000user')).toEqual(['bob', 'root']);
    const g = compareGrid({ header, rows: [u('a', 'root'), u('a', 'bob')], systems: searched('a'), layout: suggestLayout(header, [u('a', 'root'), u('a', 'bob')]), baseline: null });
    expect(g.rows[0]?.cells[0]?.values).toEqual(['bob', 'root']);
  });
});
