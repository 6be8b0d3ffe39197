import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ResultsOverview, SearchOverview } from '../../contract/ipc';
import type { SearchSpec, SystemInfo } from '../../../src-worker/engine/types';
import { hitsOf, resolveBaseline, searchSection, systemSearchView } from './run-views';

const header = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
const table = {
  header,
  rows: [
    ['web1', 12, 'S::port 22', 'port', '22'],
    ['web1', 10, 'S::permitrootlogin no', 'permitrootlogin', 'no'],
    ['web2', 30, 'S::permitrootlogin yes', 'permitrootlogin', 'yes'],
    ['web3', 1, 'NO RESULTS FOUND', '', ''],
  ],
};

describe('hitsOf', () => {
  it("lists the system's hit lines and keeps the asked line", () => {
    expect(hitsOf(table, 'web1', 12, null)).toEqual({ hits: [10, 12], line: 12 });
  });

  it("a Compare cell opens the system's first hit of its key (key → value) or field", () => {
    expect(hitsOf(table, 'web1', null, 'port')).toEqual({ hits: [10, 12], line: 12 });
    expect(hitsOf(table, 'web1', null, 'permitrootlogin')).toEqual({ hits: [10, 12], line: 10 });
    // A one-field search: the grid's column is the field; the first row with a value in it.
    const fields = { header: ['System Name', 'Line Number', 'Matched Text', 'shell'], rows: [['h', 3, 'x', ''], ['h', 5, 'y', '/bin/sh']] };
    expect(hitsOf(fields, 'h', null, 'shell').line).toBe(5);
    expect(hitsOf(fields, 'h', null, null).line).toBe(3);
  });

  it('a NO RESULTS FOUND row is no hit', () => {
    expect(hitsOf(table, 'web3', null, null)).toEqual({ hits: [], line: null });
  });
});

describe('searchSection', () => {
  it("is the pattern's leading Section:: literal, else unknown", () => {
    expect(searchSection({ regex: '^Network_OpenSSHServerConfig::(?P<s>\\w+)' })).toBe('Network_OpenSSHServerConfig');
    expect(searchSection({ regex: '^(?:A|B)::x' })).toBeNull();
    expect(searchSection(undefined)).toBeNull();
  });
});

describe('systemSearchView', () => {
  const search: SearchOverview = { family: 'Linux', index: 0, search: 'sshd', sheet: 'sshd', title: 'sshd', area: null, comment: null, header, totalRows: 4, systemsWithHits: 2 };
  const system = (name: string) => ({ systemName: name, relPath: `${name}.txt`, osFamily: 'Linux' }) as SystemInfo;
  const spec = (filter: SearchSpec['sysFilter']) => ({ index: 0, name: 'sshd', regex: '^S::(?P<setting>\\w+) (?P<value>.*)', sysFilter: filter }) as SearchSpec;

  it('found / nothing found (with or without its section) / does not apply / file failed', () => {
    expect(systemSearchView(search, table, system('web1'), spec([]), undefined, ['S'])).toMatchObject({ state: 'found', total: 2, section: 'S', sectionPresent: true });
    expect(systemSearchView(search, table, system('web3'), spec([]), undefined, ['Other'])).toMatchObject({ state: 'none', total: 0, rows: [], sectionPresent: false });
    expect(systemSearchView(search, table, system('web3'), spec([]), undefined, ['S'])).toMatchObject({ state: 'none', sectionPresent: true });
    expect(systemSearchView(search, table, system('web3'), spec([{ attr: 'os_family', comp: 'eq', value: 'Windows' }]), undefined, null)).toMatchObject({ state: 'not-applicable', sectionPresent: null });
    expect(systemSearchView(search, table, system('web3'), undefined, { relPath: 'web3.txt', reason: 'watchdog', search: null }, null)).toMatchObject({ state: 'failed', section: null });
    // A partial file: only the search that was left out failed.
    expect(systemSearchView(search, table, system('web3'), undefined, { relPath: 'web3.txt', reason: 'runaway', search: 'other', partial: true }, null).state).toBe('none');
  });
});

describe('resolveBaseline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kpat-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const current = { runId: 'now', summary: { families: [{ jsonPath: join(dir, 'Linux_search_results-20261203-090000.json') }] } } as unknown as ResultsOverview;

  it('a folder the CLI wrote: its newest results JSON per family, never the run shown', async () => {
    writeFileSync(join(dir, 'Linux_search_results-20261101-090000.json'), '{}');
    writeFileSync(join(dir, 'Linux_search_results-20261203-090000.json'), '{}');
    writeFileSync(join(dir, 'Linux_search_results-20261102-090000.json'), '{}');
    writeFileSync(join(dir, 'Linux_search_results-20261102-090000-2.json'), '{}');
    await expect(resolveBaseline(dir, current)).resolves.toEqual({ files: [join(dir, 'Linux_search_results-20261102-090000-2.json')], startedAt: null });
    await expect(resolveBaseline(join(dir, 'Linux_search_results-20261203-090000.json'), current)).rejects.toThrow(/holds the results shown/);
    await expect(resolveBaseline(join(dir, 'Linux_search_results-20261101-090000.json'), current)).resolves.toEqual({ files: [join(dir, 'Linux_search_results-20261101-090000.json')], startedAt: null });
    await expect(resolveBaseline(join(dir, 'nope'), current)).rejects.toThrow(/does not exist/);
    const empty = mkdtempSync(join(dir, 'empty-'));
    await expect(resolveBaseline(empty, current)).rejects.toThrow(/holds no earlier run/);
  });
});
