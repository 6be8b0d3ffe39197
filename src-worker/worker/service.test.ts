import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from '../engine/config/load';
import { discoverFiles } from '../engine/discover';
import { gridCellValues, suggestLayout } from '../engine/compare/compare-grid';
import { markKey } from '../engine/marks';
import { REFERENCE_DIR, TESTDATA_DIR } from '../engine/testing/reference';
import type { SystemInfo } from '../engine/types';
import * as exporter from '../export';
import { readZipEntries } from '../export/test-support';
import type { SideMessage } from './protocol';
import type { ExportFamilyRequest, SearchTaskResult } from './api';
import { exportFamilyFromSpills, type FamilyExportStep } from './family-export';
import { createWorkerService } from './service';
import { readTableFile } from './table-file';

const work = mkdtempSync(join(tmpdir(), 'kpat-service-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('worker service (in-process)', () => {
  const notes: SideMessage[] = [];
  const service = createWorkerService({ notify: (m) => notes.push(m) });
  let key = '';
  let searched: Extract<SearchTaskResult, { ok: true }>[] = [];

  beforeAll(async () => {
    const loaded = await service.loadSearchSet({ kind: 'file', rootFile: join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'), libraryDir: null });
    key = loaded.key;
    expect(loaded.searchCount).toBe(156);
    expect(await service.hasSearchSet(key)).toBe(true);
    const { files } = await discoverFiles(TESTDATA_DIR, '*.txt');
    const detected = await service.detectSystems(files);
    expect(detected.every((d) => d.ok)).toBe(true);
    const results = await service.searchFiles(files.map((file, i) => ({ taskId: i, setKey: key, file, spillPath: join(work, 'spill', `${i}.json`) })));
    searched = results.filter((r): r is Extract<SearchTaskResult, { ok: true }> => r.ok);
    expect(searched).toHaveLength(6);
  });

  it('announces each file, and each search in diagnostic mode, with the same rows', async () => {
    const file = (await discoverFiles(TESTDATA_DIR, '*.txt')).files.find((f) => f.relPath.startsWith('macos/'));
    if (!file) throw new Error('no macOS test file');
    notes.length = 0;
    const [diag] = await service.searchFiles([{ taskId: 99, setKey: key, file, spillPath: join(work, 'diag.json'), diagnose: true }]);
    expect(notes[0]).toEqual({ type: 'file', taskId: 99, relPath: file.relPath });
    expect(notes.filter((n) => n.type === 'search')).toHaveLength(156);
    const normal = searched.find((r) => r.relPath === file.relPath);
    expect(diag?.ok && diag.rowCounts).toEqual(normal?.rowCounts);
    expect(readFileSync(join(work, 'diag.json'), 'utf8')).toBe(readFileSync(normal?.spillPath ?? '', 'utf8'));
  });

  it('exports a family the same way in memory and search by search', async () => {
    const linux = searched.filter((r) => r.system.osFamily === 'Linux').sort((a, b) => (a.relPath < b.relPath ? -1 : 1));
    const request = (name: string): ExportFamilyRequest => ({
      family: 'Linux',
      setKey: key,
      systems: linux.map((r) => r.system as SystemInfo),
      spills: linux.map((r) => [r.spillPath]),
      checks: linux.map((r) => (r.ok ? r.checks : [])),
      marks: [],
      outDir: join(work, name),
      timestamp: '2024-01-02T03:04:05.000Z',
      writeJson: true,
      facts: { startedAt: '2024-01-02T03:04:05.000Z', searchSetTitle: 'audit-all', inputFolder: TESTDATA_DIR, appVersion: 't', outcome: 'complete', skipped: [], failedFiles: [], familiesWithoutWorkbook: [] },
      storeDir: join(work, `${name}-store`),
      keepTables: true,
    });
    const specs = (await loadSearchSet(join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'))).searches;
    const mem = await exportFamilyFromSpills(request('mem'), specs, exporter);
    const steps: FamilyExportStep[] = [];
    const disk = await exportFamilyFromSpills(request('disk'), specs, exporter, { inMemoryLimitBytes: 0, onProgress: (p) => steps.push(p) });
    expect(mem.rows).toBe(6485);
    // Progress: the tables one by one (named by sheet), then the rows of the sheets, then closing, with every row.
    expect([...new Set(steps.map((p) => p.step))]).toEqual(['tables', 'sheets', 'finishing']);
    expect(steps.filter((p) => p.step === 'tables' && p.sheet !== null)).toHaveLength(disk.searches.length);
    expect(steps.filter((p) => p.step === 'sheets').every((p) => p.rowsTotal === 6485)).toBe(true);
    expect(steps.at(-1)).toEqual({ step: 'finishing', sheet: null, rowsWritten: 6485, rowsTotal: 6485 });
    expect(disk.rows).toBe(mem.rows);
    expect(disk.searches.map(({ storePath: _s, ...rest }) => rest)).toEqual(mem.searches.map(({ storePath: _s, ...rest }) => rest));
    expect(readFileSync(disk.jsonPath ?? '', 'utf8')).toBe(readFileSync(mem.jsonPath ?? '', 'utf8'));
    // The same workbook, part by part (but the creation time in docProps/core.xml).
    const memParts = readZipEntries(mem.workbookPath);
    const diskParts = readZipEntries(disk.workbookPath);
    expect([...diskParts.keys()].sort()).toEqual([...memParts.keys()].sort());
    for (const [name, text] of memParts) if (name !== 'docProps/core.xml') expect(diskParts.get(name), name).toBe(text);
    for (const [i, info] of mem.searches.entries()) {
      expect(readFileSync(disk.searches[i]?.storePath ?? '', 'utf8')).toBe(readFileSync(info.storePath ?? '', 'utf8'));
    }
    // Nothing but the finished files stays behind.
    const stamp = new Date('2024-01-02T03:04:05.000Z');
    expect(readdirSync(join(work, 'disk')).sort()).toEqual([exporter.resultsJsonFileName('Linux', stamp), exporter.workbookFileName('Linux', stamp)].sort());
    expect(readdirSync(join(work, 'disk-store')).filter((n) => !n.endsWith('.json'))).toEqual([]);

    // A marked row is found on both paths (the large path then builds the marked search's table first).
    const sheetOf = mem.searches.find((t) => t.totalRows > 0);
    const table = sheetOf?.storePath ? readFileSync(sheetOf.storePath, 'utf8').split('\n') : [];
    const firstRow = JSON.parse(table[1] ?? '[]') as (string | number)[];
    const target = { kind: 'row' as const, system: String(firstRow[0]), search: sheetOf?.search ?? '', text: String(firstRow[2]) };
    const mark = { key: 'k', target, status: 'finding' as const, note: '', override: null, by: 't', at: '2024-01-02T03:04:05.000Z', evidence: [], line: null };
    // And a Compare cell of the same system and search: its values are read on both paths too.
    const stored = readTableFile(sheetOf?.storePath ?? '');
    const layout = suggestLayout(stored.header, stored.rows);
    const column = layout.kind === 'key-value' ? String(firstRow[stored.header.indexOf(layout.keyField)]) : (layout.columns[0] as string);
    const cellTarget = { kind: 'cell' as const, system: target.system, search: target.search, column };
    const cellValues = gridCellValues(stored.header, stored.rows, [cellTarget]).get(`${target.system}\u0000${column}`);
    expect(cellValues?.length).toBeGreaterThan(0);
    const cellMark = { ...mark, key: markKey(cellTarget), target: cellTarget };
    const marked = await Promise.all([undefined, 0].map((limit, i) => exportFamilyFromSpills({ ...request(`marked-${i}`), marks: [mark, cellMark] }, specs, exporter, limit === undefined ? {} : { inMemoryLimitBytes: limit })));
    expect(marked[0]?.markedRows).toEqual([`${target.search}\u0000${target.system}\u0000${target.text}`]);
    expect(marked[1]?.markedRows).toEqual(marked[0]?.markedRows);
    expect(marked[0]?.markedCells).toEqual([[markKey(cellTarget), cellValues]]);
    expect(marked[1]?.markedCells).toEqual(marked[0]?.markedCells);

    // Without keepTables (the CLI), no table files stay behind on either path.
    for (const [name, limit] of [['mem-nokeep', undefined], ['disk-nokeep', 0]] as const) {
      const r = await exportFamilyFromSpills({ ...request(name), keepTables: false }, specs, exporter, limit === undefined ? {} : { inMemoryLimitBytes: limit });
      expect(r.rows).toBe(6485);
      expect(r.searches.every((t) => t.storePath === null)).toBe(true);
      expect(readdirSync(join(work, `${name}-store`))).toEqual([]);
    }
  });
});

describe('a full disk names the folder and what was being written', () => {
  // /dev/full fails every write with ENOSPC, as a full disk does; Node's error then names neither file nor folder.
  const full = (): NodeJS.ErrnoException => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

  it('a spill folder that is full: the search fails naming the spill folder and the file whose results were being written', async () => {
    const service = createWorkerService({ notify: () => undefined });
    const { key } = await service.loadSearchSet({ kind: 'file', rootFile: join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'), libraryDir: null });
    const file = (await discoverFiles(TESTDATA_DIR, '*.txt')).files[0];
    if (!file) throw new Error('no test file');
    const spillDir = join(work, 'full-spill');
    mkdirSync(spillDir, { recursive: true });
    symlinkSync('/dev/full', join(spillDir, '0.spill'));
    const searching = service.searchFiles([{ taskId: 1, setKey: key, file, spillPath: join(spillDir, '0.spill') }]);
    await expect(searching).rejects.toThrow(`no space left in ${spillDir} while writing the search results of ${file.relPath} (ENOSPC)`);
  });

  it('rows held in memory that cannot be flushed to a full spill folder: the flush names the folder', async () => {
    const service = createWorkerService({ notify: () => undefined, holdBytes: 512 * 1024 * 1024 });
    const { key } = await service.loadSearchSet({ kind: 'file', rootFile: join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'), libraryDir: null });
    const file = (await discoverFiles(TESTDATA_DIR, '*.txt')).files[0];
    if (!file) throw new Error('no test file');
    const spillDir = join(work, 'full-held');
    mkdirSync(spillDir, { recursive: true });
    symlinkSync('/dev/full', join(spillDir, '0.spill'));
    const [result] = await service.searchFiles([{ taskId: 2, setKey: key, file, spillPath: join(spillDir, '0.spill'), hold: true }]);
    expect(result?.ok && result.held).toBe(true);
    await expect(service.flushHeld([join(spillDir, '0.spill')])).rejects.toThrow(`no space left in ${spillDir} while writing search results held in memory (ENOSPC)`);
  });

  it('an output folder that is full: the export fails naming the folder and the workbook', async () => {
    const specs = (await loadSearchSet(join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'))).searches;
    const outDir = join(work, 'full-out');
    const noRoom = { ...exporter, exportWorkbook: () => Promise.reject(full()) };
    const request: ExportFamilyRequest = {
      family: 'Linux',
      setKey: 'k',
      systems: [],
      spills: [],
      checks: [],
      marks: [],
      outDir,
      timestamp: '2024-01-02T03:04:05.000Z',
      writeJson: false,
      facts: { startedAt: '2024-01-02T03:04:05.000Z', searchSetTitle: 'audit-all', inputFolder: TESTDATA_DIR, appVersion: 't', outcome: 'complete', skipped: [], failedFiles: [], familiesWithoutWorkbook: [] },
      storeDir: join(work, 'full-store'),
      keepTables: false,
    };
    await expect(exportFamilyFromSpills(request, specs, noRoom)).rejects.toThrow(`no space left in ${outDir} while writing the Linux workbook (ENOSPC)`);
  });
});
