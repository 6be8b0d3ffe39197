import { describe, expect, it } from 'vitest';
import type { Cell } from '../types';
import { countsBySystem, diffFamily, diffSearch, type DiffInputFamily, type DiffInputTable } from './run-diff';

const SSH_HEADER = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
const ssh = (system: string, line: number, setting: string, value: string): Cell[] => [system, line, `${setting} ${value}`, setting, value];

function table(search: string, header: string[], rows: Cell[][]): DiffInputTable {
  return { search, sheet: search, header, rows };
}

function family(systems: string[], searches: DiffInputTable[]): DiffInputFamily {
  return { family: 'Linux', systems: systems.map((s) => ({ 'System Name': s })), searches };
}

const both = new Set(['a', 'b']);

describe('diffSearch', () => {
  it('finds nothing when only line numbers and the order of rows and systems differ', () => {
    const older = table('ssh', SSH_HEADER, [ssh('a', 10, 'port', '22'), ssh('a', 11, 'permitrootlogin', 'no'), ssh('b', 5, 'port', '22')]);
    const newer = table('ssh', SSH_HEADER, [ssh('b', 90, 'port', '22'), ssh('a', 14, 'permitrootlogin', 'no'), ssh('a', 13, 'port', '22')]);
    const d = diffSearch(older, newer, both);
    expect([d.added, d.removed, d.changed]).toEqual([[], [], []]);
  });

  it('matches numbers and their text form, whatever the column order', () => {
    const older = table('t', ['System Name', 'Line Number', 'Matched Text', 'uid', 'user'], [['a', 1, 'x', 0, 'root']]);
    const newer = table('t', ['System Name', 'Line Number', 'Matched Text', 'user', 'uid'], [['a', '7', 'x', 'root', '0']]);
    const d = diffSearch(older, newer, both);
    expect(d.added.length + d.removed.length + d.changed.length).toBe(0);
  });

  it('pairs a key whose value changed, and lists real additions and removals', () => {
    const older = table('ssh', SSH_HEADER, [ssh('a', 10, 'port', '22'), ssh('a', 11, 'permitrootlogin', 'no'), ssh('b', 3, 'banner', '/etc/issue')]);
    const newer = table('ssh', SSH_HEADER, [ssh('a', 12, 'port', '22'), ssh('a', 13, 'permitrootlogin', 'yes'), ssh('b', 4, 'x11forwarding', 'no')]);
    const d = diffSearch(older, newer, both);
    expect(d.keyField).toBe('setting');
    expect(d.changed).toEqual([{ before: ssh('a', 11, 'permitrootlogin', 'no'), after: ssh('a', 13, 'permitrootlogin', 'yes') }]);
    expect(d.added).toEqual([ssh('b', 4, 'x11forwarding', 'no')]);
    expect(d.removed).toEqual([ssh('b', 3, 'banner', '/etc/issue')]);
  });

  it('keeps duplicates as a multiset: one of two equal rows removed is one removal', () => {
    const row = (line: number): Cell[] => ['a', line, 'same text'];
    const header = ['System Name', 'Line Number', 'Matched Text'];
    const d = diffSearch(table('t', header, [row(1), row(2)]), table('t', header, [row(5)]), both);
    expect(d.removed).toEqual([row(2)]);
    expect(d.added).toEqual([]);
  });

  it('a single-field search pairs per system only when each side has one row', () => {
    const header = ['System Name', 'Line Number', 'Matched Text', 'permitRootLogin'];
    const older = table('root', header, [['a', 1, 'permitrootlogin no', 'no'], ['b', 1, 'pkg x', 'x'], ['b', 2, 'pkg y', 'y']]);
    const newer = table('root', header, [['a', 3, 'permitrootlogin yes', 'yes'], ['b', 1, 'pkg x', 'x'], ['b', 2, 'pkg z', 'z'], ['b', 3, 'pkg w', 'w']]);
    const d = diffSearch(older, newer, both);
    expect(d.changed).toEqual([{ before: ['a', 1, 'permitrootlogin no', 'no'], after: ['a', 3, 'permitrootlogin yes', 'yes'] }]);
    expect(d.added.map((r) => r[3])).toEqual(['z', 'w']);
    expect(d.removed.map((r) => r[3])).toEqual(['y']);
  });

  it('rows without fields are only added or removed', () => {
    const header = ['System Name', 'Line Number', 'Matched Text'];
    const d = diffSearch(table('t', header, [['a', 1, 'old line']]), table('t', header, [['a', 1, 'new line']]), both);
    expect(d.changed).toEqual([]);
    expect(d.added).toEqual([['a', 1, 'new line']]);
    expect(d.removed).toEqual([['a', 1, 'old line']]);
  });

  it('writes every row in one header: the newer one, then columns only the older had', () => {
    const older = table('t', ['System Name', 'Line Number', 'Matched Text', 'user', 'gecos'], [['a', 1, 'bob', 'bob', 'Bob']]);
    const newer = table('t', ['System Name', 'Line Number', 'Matched Text', 'user', 'shell'], [['a', 1, 'bob', 'bob', '/bin/sh']]);
    const d = diffSearch(older, newer, both);
    expect(d.header).toEqual(['System Name', 'Line Number', 'Matched Text', 'user', 'shell', 'gecos']);
    expect(d.changed).toEqual([{ before: ['a', 1, 'bob', 'bob', '', 'Bob'], after: ['a', 1, 'bob', 'bob', '/bin/sh', ''] }]);
  });

  it('a search in only one run adds or removes all of its rows', () => {
    const t = table('new', SSH_HEADER, [ssh('a', 1, 'port', '22')]);
    expect(diffSearch(undefined, t, both).added).toHaveLength(1);
    expect(diffSearch(t, undefined, both).removed).toHaveLength(1);
  });
});

describe('diffFamily', () => {
  it('lists a system added and one removed once, without their rows under the searches', () => {
    const older = family(['a', 'gone'], [table('ssh', SSH_HEADER, [ssh('a', 1, 'port', '22'), ssh('gone', 1, 'port', '22')])]);
    const newer = family(['a', 'fresh'], [table('ssh', SSH_HEADER, [ssh('fresh', 1, 'port', '2222'), ssh('a', 4, 'port', '22')])]);
    const d = diffFamily(older, newer);
    expect(d.systems).toEqual({ added: ['fresh'], removed: ['gone'] });
    expect(d.searches).toEqual([]);
  });

  it('keeps only searches that changed, matching same-named searches in order', () => {
    const header = ['System Name', 'Line Number', 'Matched Text'];
    const older = family(['a'], [table('dup', header, [['a', 1, 'one']]), table('dup', header, [['a', 1, 'two']]), table('same', header, [['a', 1, 's']])]);
    const newer = family(['a'], [table('dup', header, [['a', 1, 'one']]), table('dup', header, [['a', 1, 'three']]), table('same', header, [['a', 2, 's']])]);
    const d = diffFamily(older, newer);
    expect(d.searches).toHaveLength(1);
    expect(d.searches[0]).toMatchObject({ search: 'dup', added: [['a', 1, 'three']], removed: [['a', 1, 'two']] });
  });

  it('refuses two different families', () => {
    expect(() => diffFamily(family([], []), { ...family([], []), family: 'Windows' })).toThrow(/Linux results with Windows/);
  });

  it('counts per system', () => {
    const older = family(['a', 'b'], [table('ssh', SSH_HEADER, [ssh('a', 1, 'port', '22'), ssh('b', 1, 'port', '22')])]);
    const newer = family(['a', 'b'], [table('ssh', SSH_HEADER, [ssh('a', 1, 'port', '2222'), ssh('b', 1, 'port', '22'), ssh('b', 2, 'banner', 'x')])]);
    expect(Object.fromEntries(countsBySystem(diffFamily(older, newer)))).toEqual({
      a: { added: 0, removed: 0, changed: 1 },
      b: { added: 1, removed: 0, changed: 0 },
    });
  });
});
