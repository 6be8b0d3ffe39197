// "Export XLSX" of the results grid end to end on real workers: a run of the reference files,
// then a filtered, sorted view with some columns written by a worker and placed beside the run's
// workbooks; read back, its rows are the grid's rows of that view.
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ViewExportQuery } from '../../contract/ipc';
import { nodeLauncher } from '../pool/node-transport';
import { WorkerPool } from '../pool/worker-pool';
import { JobRunner } from './job-runner';
import { auditAll, builtBundle, makeCorpus } from './testing/itest-support';

let bundle: { worker: string; dir: string };
let corpus: string;
let pool: WorkerPool;
let runner: JobRunner;

beforeAll(() => {
  bundle = builtBundle();
  corpus = makeCorpus(1);
  pool = new WorkerPool({ launcher: nodeLauncher, worker: { modulePath: bundle.worker }, log: () => undefined, size: 2 });
  runner = new JobRunner({ pool, appVersion: '9.9.9-test' });
});
afterAll(async () => {
  await runner.dispose();
  await pool.close();
  rmSync(bundle.dir, { recursive: true, force: true });
  rmSync(corpus, { recursive: true, force: true });
});

describe('exportView', () => {
  it('writes the view (filter, values, sort, columns shown) as a workbook in the output folder, equal to the grid rows', async () => {
    const out = join(corpus, 'results');
    const { runId } = await runner.start({ root: corpus, searchSetFile: auditAll, searchSetTitle: 'audit-all', libraryDir: null, outputDir: out, workerCount: 2, perFileTimeoutSec: 120, writeJson: false });
    const summary = await runner.whenDone(runId);
    expect(summary.outcome).toBe('complete');
    const overview = await runner.getOverview(runId);
    const search = overview.families.find((f) => f.family === 'Linux')?.searches.find((s) => s.search === '07_users_05_etc_group');
    if (!search) throw new Error('search missing');
    const groupname = search.header.indexOf('groupname');
    const members = search.header.indexOf('members');
    const query: ViewExportQuery = {
      family: 'Linux',
      index: search.index,
      filter: 'x:',
      values: [{ column: groupname, values: ['root', 'wheel', 'adm', 'sudo'] }],
      sorts: [{ column: groupname, direction: 'desc' }, { column: 0, direction: 'asc' }],
      columns: [0, members, groupname, 2],
    };
    const written = await runner.exportView(runId, query);
    expect(dirname(written.path)).toBe(out);
    expect(written.path).toMatch(/Linux_07_users_05_etc_group-view-\d{8}-\d{6}\.xlsx$/);
    const grid = await runner.getRows(runId, { ...query, offset: 0, limit: 10_000 });
    expect(written.rows).toBe(grid.total);
    expect(grid.total).toBeGreaterThan(3);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(written.path);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.name).toBe(search.sheet);
    expect([1, 2, 3, 4].map((c) => ws.getRow(3).getCell(c).value)).toEqual(['System Name', 'members', 'groupname', 'Matched Text']);
    const sheetRows = Array.from({ length: grid.total }, (_, i) => [1, 2, 3, 4].map((c) => ws.getRow(4 + i).getCell(c).value ?? ''));
    expect(sheetRows).toEqual(grid.rows.map((r) => [r[0], r[members], r[groupname], r[2]].map((v) => v ?? '')));
    expect(ws.getRow(4 + grid.total).getCell(1).value).toBeNull();
    expect(ws.getCell('G3').value).toBeNull();
    expect(ws.getCell('G5').value).toBe(`${grid.total.toLocaleString('en-US')} of ${search.totalRows.toLocaleString('en-US')}`);

    // A second export in the same second never replaces the first; no work files are left.
    const again = await runner.exportView(runId, query);
    expect(again.path).not.toBe(written.path);
    const names = readdirSync(out).filter((n) => n.includes('-view-'));
    expect(names).toHaveLength(2);
    expect(readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
