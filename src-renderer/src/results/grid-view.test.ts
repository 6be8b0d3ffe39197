import { describe, expect, it } from 'vitest';
import { contentWidths, EMPTY_PREFS, gridTemplate, systemColumnWidth, loadPrefs, moveColumn, nextSorts, savePrefs, setHidden, setWidth, toCsv, toTsv, visibleColumns, withValueFilter } from './grid-view';

const header = ['System Name', 'Line Number', 'Matched Text', 'user', 'shell'];

describe('grid arrangement', () => {
  it('keeps System Name first and shown; hides and reorders the others', () => {
    let p = setHidden(EMPTY_PREFS, 'Line Number', true);
    p = setHidden(p, 'System Name', true);
    expect(visibleColumns(header, p)).toEqual([0, 2, 3, 4]);
    p = moveColumn(header, p, 4, -1);
    expect(visibleColumns(header, p)).toEqual([0, 2, 4, 3]);
    expect(visibleColumns(header, setHidden(p, 'Line Number', false))).toEqual([0, 1, 2, 4, 3]);
    expect(moveColumn(header, p, 1, -1)).toBe(p);
  });

  it('uses a resized width in px, within limits, and counts it in the minimum width', () => {
    const p = setWidth(setWidth(EMPTY_PREFS, 'user', 5), 'Matched Text', 480.4);
    expect(p.widths).toEqual({ user: 60, 'Matched Text': 480 });
    expect(gridTemplate(header, [0, 2, 3], p)).toEqual({ template: 'minmax(160px, 220px) 480px 60px', minWidth: 700 });
  });

  it('fits columns to their content within limits; a width the user set wins', () => {
    const rows = [
      ['web-01', 10, 'x'.repeat(20), 'root', ''],
      ['web-02', 11, 'y'.repeat(500), 'a-rather-long-user-name', '/bin/bash\nsecond line that is much longer than the first'],
    ];
    const fitted = contentWidths(header, rows, (t) => t.length * 7);
    // Matched Text: its longest first line, capped; fields: their longest first line or header; System Name: at least 140.
    const head = (n: string) => Math.round(n.length * 7 * 1.08 + 64);
    expect(fitted).toEqual({ 'System Name': head('System Name'), 'Line Number': head('Line Number'), 'Matched Text': 900, user: 23 * 7 + 24, shell: head('shell') });
    const { template, minWidth } = gridTemplate(header, [0, 1, 2, 3, 4], setWidth(EMPTY_PREFS, 'user', 300), fitted);
    expect(template).toBe('147px 147px minmax(480px, 900fr) 300px minmax(102px, 102fr)');
    expect(minWidth).toBe(147 + 147 + 480 + 300 + 102);
    expect(systemColumnWidth(header, EMPTY_PREFS, fitted)).toBe(147);
    expect(systemColumnWidth(header, setWidth(EMPTY_PREFS, 'System Name', 400), fitted)).toBe(400);
  });

  it('sorts by one column on click and adds keys on shift-click', () => {
    expect(nextSorts([], 2, false)).toEqual([{ column: 2, direction: 'asc' }]);
    expect(nextSorts([{ column: 2, direction: 'asc' }], 2, false)).toEqual([{ column: 2, direction: 'desc' }]);
    expect(nextSorts([{ column: 2, direction: 'desc' }], 2, false)).toEqual([]);
    const two = nextSorts([{ column: 2, direction: 'asc' }], 0, true);
    expect(two).toEqual([{ column: 2, direction: 'asc' }, { column: 0, direction: 'asc' }]);
    expect(nextSorts(two, 0, true)).toEqual([{ column: 2, direction: 'asc' }, { column: 0, direction: 'desc' }]);
    expect(nextSorts([{ column: 2, direction: 'asc' }, { column: 0, direction: 'desc' }], 0, true)).toEqual([{ column: 2, direction: 'asc' }]);
    expect(nextSorts(two, 0, false)).toEqual([{ column: 0, direction: 'asc' }]);
  });

  it('replaces or removes one column value filter', () => {
    const f = withValueFilter(withValueFilter([], 3, ['root']), 4, ['/bin/sh']);
    expect(withValueFilter(f, 3, ['admin'])).toEqual([{ column: 4, values: ['/bin/sh'] }, { column: 3, values: ['admin'] }]);
    expect(withValueFilter(f, 4, null)).toEqual([{ column: 3, values: ['root'] }]);
  });

  it('remembers the arrangement per search and survives a damaged entry', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const p = setWidth(setHidden(EMPTY_PREFS, 'shell', true), 'user', 200);
    savePrefs(storage, 'users', p);
    expect(loadPrefs(storage, 'users')).toEqual(p);
    expect(loadPrefs(storage, 'other')).toEqual(EMPTY_PREFS);
    store.set('kpat.grid.users', '{"widths":{"user":"wide"},"hidden":[1,"x"]');
    expect(loadPrefs(storage, 'users')).toEqual(EMPTY_PREFS);
    store.set('kpat.grid.users', '{"widths":{"user":"wide","shell":99999},"hidden":[1,"x"]}');
    expect(loadPrefs(storage, 'users')).toEqual({ order: [], hidden: ['x'], widths: { shell: 900 } });
  });
});

describe('the view as text', () => {
  const rows = [
    ['web1', 10, 'a,b', 'say "hi"'],
    ['db2', 9, 'line1\nline2', 'tab\there'],
  ];
  it('writes CSV (RFC 4180) of the columns shown', () => {
    expect(toCsv(header, rows, [0, 2, 3])).toBe('System Name,Matched Text,user\r\nweb1,"a,b","say ""hi"""\r\ndb2,"line1\nline2",tab\there\r\n');
  });
  it('writes TSV that pastes into Excel', () => {
    expect(toTsv(header, rows, [0, 1, 3])).toBe('System Name\tLine Number\tuser\r\nweb1\t10\t"say ""hi"""\r\ndb2\t9\t"tab\there"');
  });
  it('never hands Excel a formula: text starting with = + - @ is marked as text; numbers stay numbers', () => {
    const hostile = [
      ['web1', -3, '=HYPERLINK("http://x","y")', '+1'],
      ['db2', 4, '@SUM(A1)', '-rw-r--r--'],
    ];
    expect(toCsv(header, hostile, [0, 1, 2, 3])).toBe(
      `System Name,Line Number,Matched Text,user\r\nweb1,-3,"'=HYPERLINK(""http://x"",""y"")",'+1\r\ndb2,4,'@SUM(A1),'-rw-r--r--\r\n`,
    );
    expect(toTsv(header, hostile, [2, 3])).toBe(`Matched Text\tuser\r\n"'=HYPERLINK(""http://x"",""y"")"\t'+1\r\n'@SUM(A1)\t'-rw-r--r--`);
  });
});
