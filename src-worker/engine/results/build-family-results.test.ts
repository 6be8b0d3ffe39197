import { describe, expect, it } from 'vitest';
import { compileSearchSet } from '../search/compile';
import { searchSystem } from '../search/search-system';
import { linesOf, makeSpec, makeSystem } from '../testing/spec';
import type { SearchSpec, SystemInfo } from '../types';
import { buildFamilyResults, systemRow } from './build-family-results';

const linuxA = makeSystem({ systemName: 'b-linux', relPath: 'linux/b-linux.txt' });
const linuxB = makeSystem({ systemName: 'a-linux', relPath: 'z/a-linux.txt', distroFamily: 'rpm' });
const win = makeSystem({ systemName: 'win', relPath: 'windows/win.txt', osFamily: 'Windows', producer: 'KPWINAUDIT', distroFamily: null, osPrettyName: null, productName: 'Windows 10 Pro', releaseId: '2009', currentBuild: '19044', ubr: '1', osVersion: '19044.1' });
const contents = new Map<SystemInfo, string[]>([
  [linuxA, linesOf('k: 1 v=x', 'k: 2')],
  [linuxB, linesOf('nothing')],
  [win, linesOf('k: 9 w=y')],
]);

function build(family: 'Linux' | 'Windows' | 'Darwin', searches: SearchSpec[]) {
  const set = compileSearchSet(searches);
  const systems = [...contents.keys()];
  const results = systems.map((s) => searchSystem(contents.get(s) as string[], s, set));
  return buildFamilyResults(family, systems, searches, results);
}

const onLinux = [{ attr: 'os_family' as const, comp: 'eq' as const, value: 'Linux' }];

describe('buildFamilyResults', () => {
  it('keeps only the family systems, sorted by path, and their rows', () => {
    const all = makeSpec({ name: 'all', sheetName: 'All', jsRegex: 'k: (?<k>\\d)', onlyMatching: true, fieldList: ['k'] });
    const linux = build('Linux', [all]);
    expect(linux.systems.map((s) => s['System Name'])).toEqual(['b-linux', 'a-linux']);
    expect(linux.searches[0]?.rows).toEqual([
      ['b-linux', 1, 'k: 1', '1'],
      ['b-linux', 2, 'k: 2', '2'],
    ]);
    expect(build('Windows', [all]).searches[0]?.rows).toEqual([['win', 1, 'k: 9', '9']]);
    expect(build('Darwin', [all]).systems).toEqual([]);
  });

  it('header: field_list names used by some row in order, then other keys sorted; [] without rows', () => {
    const spec = makeSpec({
      name: 'merged',
      jsRegex: 'k: (?<k>\\d)(?: v=(?<v>\\w))?(?: w=(?<w>\\w))?',
      onlyMatching: true,
      fieldList: ['v', 'k', 'w'],
      mergeFields: [{ sourceColumns: ['v', 'w'], destColumn: 'vw' }],
    });
    const none = makeSpec({ name: 'none', jsRegex: 'absent', sysFilter: onLinux });
    const linux = build('Linux', [spec, none]);
    expect(linux.searches.map((s) => [s.search, s.header])).toEqual([
      ['merged', ['System Name', 'Line Number', 'Matched Text', 'k', 'vw']],
      ['none', []],
    ]);
    expect(linux.searches[0]?.rows).toEqual([
      ['b-linux', 1, 'k: 1 v=x', '1', 'x'],
      ['b-linux', 2, 'k: 2', '2', ''],
    ]);
    expect(linux.searches[1]?.rows).toEqual([]);
  });

  it('show_missing adds NO RESULTS FOUND rows for applicable systems and sorts by system name', () => {
    const spec = makeSpec({ name: 'sm', jsRegex: 'k: (?<k>\\d)', onlyMatching: true, fieldList: ['k'], showMissing: true, sysFilter: onLinux, maxResults: 1 });
    const linux = build('Linux', [spec]);
    expect(linux.searches[0]?.rows).toEqual([
      ['a-linux', 1, 'NO RESULTS FOUND', ''],
      ['b-linux', 1, 'k: 1', '1'],
    ]);
    expect(build('Windows', [spec]).searches).toEqual([]);
  });

  it('routes by os_family (none = every family), orders sheets by raw name, titles unique', () => {
    const specs = [
      makeSpec({ name: 's1', sheetName: 'beta', jsRegex: 'x' }),
      makeSpec({ name: 's2', sheetName: 'Zeta', jsRegex: 'x', sysFilter: onLinux }),
      makeSpec({ name: 's3', sheetName: 'Beta', jsRegex: 'x', sysFilter: [{ attr: 'os_family', comp: 'in', value: ['windows', 'LINUX'] }] }),
      makeSpec({ name: 's4', sheetName: 'Summary', jsRegex: 'x', sysFilter: [{ attr: 'os_family', comp: 'eq', value: 'Darwin' }] }),
    ];
    expect(build('Linux', specs).searches.map((s) => [s.search, s.sheet])).toEqual([
      ['s3', 'Beta'],
      ['s2', 'Zeta'],
      ['s1', 'beta_2'],
    ]);
    expect(build('Windows', specs).searches.map((s) => s.search)).toEqual(['s3', 's1']);
    expect(build('Darwin', specs).searches.map((s) => s.sheet)).toEqual(['Summary_2', 'beta']);
  });

  it('system rows use N/A for missing values and the relative path', () => {
    expect(systemRow(win)).toMatchObject({ 'Linux Family': 'N/A', 'OS Pretty Name': 'N/A', 'Product Name': 'Windows 10 Pro', 'Release ID': '2009', 'Current Build': '19044', 'OS Version': '19044.1', 'File Path': 'windows/win.txt', 'Producer Version': '0.6.22' });
    expect(systemRow(linuxB)['Linux Family']).toBe('rpm');
  });
});
