import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTableFile, tableFileRows, writeTableFile } from '../../../src-worker/worker/table-file';
import type { ResultsOverview } from '../../contract/ipc';
import type { SystemInfo } from '../../../src-worker/engine/types';
import type { SearchTableInfo } from '../../../src-worker/worker/api';
import { ResultStore } from './result-store';
import { pageRows } from './table-query';

const dir = mkdtempSync(join(tmpdir(), 'kpat-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table = {
  header: ['System Name', 'Line Number', 'Matched Text'],
  rows: [
    ['web1', 10, 'PermitRootLogin yes'],
    ['db2', 9, 'permitrootlogin no\nsecond line'],
    ['web1', 100, 'Port 22'],
    ['app3', 2, ''],
  ],
};

describe('pageRows', () => {
  it('pages, filters case-insensitively over all cells, and sorts numbers as numbers (stable)', () => {
    expect(pageRows(table, { offset: 1, limit: 2 })).toEqual({ header: table.header, rows: table.rows.slice(1, 3), total: 4, offset: 1 });
    expect(pageRows(table, { offset: 0, limit: 10, filter: 'PERMITROOT' }).rows.map((r) => r[0])).toEqual(['web1', 'db2']);
    expect(pageRows(table, { offset: 0, limit: 10, filter: '  ' }).total).toBe(4);
    expect(pageRows(table, { offset: 0, limit: 10, sort: { column: 1, direction: 'asc' } }).rows.map((r) => r[1])).toEqual([2, 9, 10, 100]);
    expect(pageRows(table, { offset: 0, limit: 10, sort: { column: 0, direction: 'desc' } }).rows.map((r) => `${r[0]}:${r[1]}`)).toEqual(['web1:10', 'web1:100', 'db2:9', 'app3:2']);
    expect(pageRows(table, { offset: 3, limit: 5, filter: 'web' })).toMatchObject({ rows: [], total: 2 });
  });
});

describe('table files', () => {
  it('round-trip header and rows, whole or row by row, with line breaks inside cells', async () => {
    const path = join(dir, 't.jsonl');
    writeTableFile(path, table.header, table.rows);
    expect(readTableFile(path)).toEqual(table);
    const streamed = [];
    for await (const row of tableFileRows(path)) streamed.push(row);
    expect(streamed).toEqual(table.rows);
    writeTableFile(path, [], []);
    expect(readTableFile(path)).toEqual({ header: [], rows: [] });
  });
});

describe('ResultStore.cellValues', () => {
  it("reads a compare cell's values from the kept table; null for a system or search the run does not have", async () => {
    const header = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
    const path = join(dir, 'ssh.jsonl');
    writeTableFile(path, header, [
      ['web1', 3, 'permitrootlogin yes', 'permitrootlogin', 'yes'],
      ['db2', 4, 'permitrootlogin no', 'permitrootlogin', 'no'],
      ['db2', 5, 'port 22', 'port', '22'],
    ]);
    const runDir = mkdtempSync(join(dir, 'run-'));
    const systems = ['web1', 'db2'].map((systemName) => ({ systemName }) as SystemInfo);
    const overview = { runId: 'r1', families: [{ family: 'Linux', systems, searches: [{ family: 'Linux', index: 4, search: 'ssh' }] }] } as unknown as ResultsOverview;
    const store = new ResultStore();
    await store.add('r1', overview, [[{ index: 4, search: 'ssh', storePath: path } as SearchTableInfo]], runDir);
    const cell = (system: string, column: string, search = 'ssh') => store.cellValues('r1', { system, search, column });
    expect(await cell('web1', 'permitrootlogin')).toEqual(['yes']);
    expect(await cell('web1', 'port')).toEqual([]);
    expect(await cell('db2', 'port')).toEqual(['22']);
    expect(await cell('mail9', 'port')).toBeNull();
    expect(await cell('web1', 'banner')).toBeNull();
    expect(await cell('web1', 'port', 'other')).toBeNull();
    expect(await store.cellValues('r2', { system: 'web1', search: 'ssh', column: 'port' })).toBeNull();
    await store.dispose();
  });
});
