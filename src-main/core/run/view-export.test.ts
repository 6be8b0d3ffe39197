import { describe, expect, it } from 'vitest';
import type { SearchOverview } from '../../contract/ipc';
import { viewColumns, viewFacts, viewFileName } from './view-export';

const search: SearchOverview = { family: 'Linux', index: 3, search: '07_users_05_etc_group', sheet: 'Groups', title: 'Groups', area: null, comment: null, header: [], totalRows: 1234, systemsWithHits: 2, };
const header = ['System Name', 'Line Number', 'Matched Text', 'groupname', 'members'];

describe('the grid view as a workbook', () => {
  it('names the file after the family and search key, safe for any file system', () => {
    const at = new Date(2026, 11, 3, 14, 5, 9);
    expect(viewFileName('Linux', '07_users_05_etc_group', at)).toBe('Linux_07_users_05_etc_group-view-20261203-140509.xlsx');
    expect(viewFileName('Windows', 'a/b\\c:*?"<>|d', at)).toBe('Windows_a_b_c_d-view-20261203-140509.xlsx');
  });

  it('takes the columns shown, each once, and refuses one the search does not have', () => {
    expect(viewColumns(header, [0, 3, 2, 3], 's')).toEqual([0, 3, 2]);
    expect(() => viewColumns(header, [0, 5], '07_users')).toThrow('Column 6 is not a column of search 07_users (it has 5)');
  });

  it('says what the view is: rows of all, filters, sort, hidden columns, the run', () => {
    const facts = viewFacts(
      search,
      header,
      { family: 'Linux', index: 3, filter: ' sudo ', sorts: [{ column: 0, direction: 'desc' }, { column: 1, direction: 'asc' }], values: [{ column: 3, values: ['sudo', ''] }], columns: [0, 2, 3] },
      12,
      { root: '/audits/acme', startedAt: '2026-12-03T08:00:00.000Z', searchSetTitle: 'audit-all.yaml' },
      new Date('2026-12-03T14:00:00.000Z'),
    );
    expect(Object.fromEntries(facts)).toEqual({
      'Results grid view:': '',
      'Search:': '07_users_05_etc_group',
      'Rows:': '12 of 1,234',
      'Text filter:': 'sudo',
      'Value filters:': 'groupname = sudo, (empty)',
      'Sorted by:': 'System Name descending, Line Number ascending',
      'Hidden columns:': 'Line Number, members',
      'Input folder:': '/audits/acme',
      'Run started:': '2026-12-03T08:00:00.000Z',
      'Search set:': 'audit-all.yaml',
      'Exported:': '2026-12-03T14:00:00.000Z',
    });
    const plain = Object.fromEntries(viewFacts(search, header, { family: 'Linux', index: 3, columns: [0, 1, 2, 3, 4] }, 1234, { root: '/a', startedAt: 'x', searchSetTitle: 'y' }, new Date(0)));
    expect(plain).toMatchObject({ 'Text filter:': '(none)', 'Value filters:': '(none)', 'Sorted by:': 'as found (system, then line)', 'Hidden columns:': '(none)' });
  });
});
