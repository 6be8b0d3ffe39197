import { describe, expect, it } from 'vitest';
import type { SearchOverview } from '../../../src-main/contract/ipc';
import { groupSearches, listKeyTarget, searchMatches, typeAheadTarget } from './search-list';

function search(index: number, title: string, area: string | null, totalRows: number, comment: string | null = null): SearchOverview {
  return { family: 'Linux', index, search: `linux_${title.toLowerCase().replace(/ /g, '_')}`, sheet: title.replace(/ /g, '_'), title, area, comment, header: [], totalRows, systemsWithHits: 0 };
}

// As the workbook orders them (by sheet name), not as the library lists them.
const SEARCHES = [
  search(4, 'Root Login', 'SSH', 2),
  search(0, 'OS Release', 'System basics', 6),
  search(3, 'Effective Settings', 'SSH', 40, 'sshd -T output (PCI DSS\n    Req 8.2.8 idle timeout)'),
  search(1, 'Kernel', 'System basics', 0),
  search(2, 'Installed Packages', 'Software', 3000),
];

describe('groupSearches', () => {
  it('groups by area, areas in the order of their first search, searches in configuration order', () => {
    const groups = groupSearches(SEARCHES, '', 'all');
    expect(groups.map((g) => [g.area, g.searches.map((s) => s.index)])).toEqual([
      ['System basics', [0, 1]],
      ['Software', [2]],
      ['SSH', [3, 4]],
    ]);
  });

  it('"with results" and "no results" keep only those; empty groups disappear', () => {
    expect(groupSearches(SEARCHES, '', 'empty').map((g) => [g.area, g.searches.map((s) => s.title)])).toEqual([['System basics', ['Kernel']]]);
    expect(groupSearches(SEARCHES, '', 'hits').flatMap((g) => g.searches.map((s) => s.index))).toEqual([0, 2, 3, 4]);
  });

  it('the text filter matches titles, keys, areas and comments (across a comment\'s line breaks)', () => {
    expect(groupSearches(SEARCHES, 'pci dss req 8.2.8', 'all').flatMap((g) => g.searches.map((s) => s.title))).toEqual(['Effective Settings']);
    expect(groupSearches(SEARCHES, 'ssh', 'all').flatMap((g) => g.searches.map((s) => s.index))).toEqual([3, 4]);
    expect(searchMatches(SEARCHES[1] as SearchOverview, 'linux_os_rel')).toBe(true);
    expect(searchMatches(SEARCHES[1] as SearchOverview, 'KERNEL')).toBe(false);
  });

  it('searches without an area form one group', () => {
    expect(groupSearches([search(1, 'B', null, 1), search(0, 'A', null, 0)], '', 'all')).toEqual([{ area: null, searches: [expect.objectContaining({ title: 'A' }), expect.objectContaining({ title: 'B' })] }]);
  });
});

describe('listKeyTarget', () => {
  it('arrows move by one and stop at the ends; Home and End jump', () => {
    expect(listKeyTarget('ArrowDown', 0, 3)).toBe(1);
    expect(listKeyTarget('ArrowDown', 2, 3)).toBe(2);
    expect(listKeyTarget('ArrowUp', 0, 3)).toBe(0);
    expect(listKeyTarget('End', 0, 3)).toBe(2);
    expect(listKeyTarget('Home', 2, 3)).toBe(0);
    expect(listKeyTarget('a', 0, 3)).toBeNull();
    expect(listKeyTarget('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('typeAheadTarget', () => {
  const labels = [['OS Release', 'linux_os_release'], ['Kernel', 'linux_kernel'], ['Open Ports', 'linux_ports'], ['SSH Root Login', 'linux_ssh_root'], ['SSH Ciphers', 'linux_ssh_ciphers']];
  it('a letter goes to the next item starting with it, wrapping around', () => {
    expect(typeAheadTarget(labels, 0, 's')).toBe(3);
    expect(typeAheadTarget(labels, 3, 's')).toBe(4);
    expect(typeAheadTarget(labels, 4, 's')).toBe(3);
    expect(typeAheadTarget(labels, 1, 'o')).toBe(2);
  });
  it('the same letter again cycles; a longer prefix stays on an item that still matches', () => {
    expect(typeAheadTarget(labels, 3, 'ss')).toBe(4);
    expect(typeAheadTarget(labels, 3, 'ssh c')).toBe(4);
    expect(typeAheadTarget(labels, 3, 'ssh r')).toBe(3);
    expect(typeAheadTarget(labels, 0, 'op')).toBe(2);
  });
  it('matches the search key too, and answers -1 when nothing matches', () => {
    expect(typeAheadTarget(labels, 0, 'linux_k')).toBe(1);
    expect(typeAheadTarget(labels, 0, 'zz')).toBe(-1);
    expect(typeAheadTarget([], 0, 'a')).toBe(-1);
  });
});
