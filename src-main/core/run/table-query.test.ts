import { describe, expect, it } from 'vitest';
import { MAX_PICKER_VALUES, pageRows } from './table-query';

const table = {
  header: ['System Name', 'Line Number', 'Matched Text', 'user'],
  rows: [
    ['web1', 10, 'a', 'root'],
    ['db2', 9, 'b', 'admin'],
    ['web1', 100, 'c', 'admin'],
    ['app3', 2, 'd', ''],
    ['db2', 1, 'e', 'root'],
  ],
};
const names = (q: Parameters<typeof pageRows>[1]) => pageRows(table, q).rows.map((r) => `${r[0]}:${r[1]}`);

describe('pageRows: the grid query', () => {
  it('sorts by several columns, the first one first, each its own direction', () => {
    expect(names({ offset: 0, limit: 10, sorts: [{ column: 0, direction: 'asc' }, { column: 1, direction: 'desc' }] })).toEqual(['app3:2', 'db2:9', 'db2:1', 'web1:100', 'web1:10']);
    // `sorts` replaces the single `sort`.
    expect(names({ offset: 0, limit: 10, sort: { column: 1, direction: 'asc' }, sorts: [{ column: 3, direction: 'asc' }] })).toEqual(['app3:2', 'db2:9', 'web1:100', 'web1:10', 'db2:1']);
  });

  it('keeps rows whose cell is one of the chosen values; value filters and the text filter combine', () => {
    expect(names({ offset: 0, limit: 10, values: [{ column: 3, values: ['root'] }] })).toEqual(['web1:10', 'db2:1']);
    expect(names({ offset: 0, limit: 10, values: [{ column: 3, values: ['root', ''] }, { column: 0, values: ['db2', 'app3'] }] })).toEqual(['app3:2', 'db2:1']);
    expect(names({ offset: 0, limit: 10, values: [{ column: 3, values: ['admin'] }], filter: 'WEB' })).toEqual(['web1:100']);
    expect(pageRows(table, { offset: 0, limit: 10, values: [{ column: 3, values: [] }] }).total).toBe(0);
  });

  it("lists a column's distinct values with counts over the rows the other filters keep (not its own filter)", () => {
    const page = pageRows(table, { offset: 0, limit: 1, values: [{ column: 3, values: ['root'] }, { column: 0, values: ['db2', 'web1'] }], valueCounts: 3 });
    expect(page.values).toEqual({ column: 3, values: [{ value: 'admin', count: 2 }, { value: 'root', count: 2 }], more: 0 });
    expect(page.total).toBe(2);
    expect(pageRows(table, { offset: 0, limit: 1 }).values).toBeUndefined();
  });

  it(`lists at most ${MAX_PICKER_VALUES} values, the most frequent, and says how many more there are`, () => {
    const rows = Array.from({ length: MAX_PICKER_VALUES + 20 }, (_, i) => [`h${i}`, i, 'x', i < 10 ? 'common' : `u${i}`]);
    const page = pageRows({ header: table.header, rows }, { offset: 0, limit: 1, valueCounts: 3 });
    expect(page.values?.values[0]).toEqual({ value: 'common', count: 10 });
    expect(page.values?.values).toHaveLength(MAX_PICKER_VALUES);
    expect(page.values?.more).toBe(11);
  });
});
