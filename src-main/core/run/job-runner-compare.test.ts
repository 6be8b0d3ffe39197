// JobRunner.compareGrid: the Compare view's grid for one search of a finished run, from the table
// the run kept and what the run knows of its systems (fake workers; the grid itself is tested in
// src-worker/engine/compare/compare-grid.test.ts).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cell, SystemInfo } from '../../../src-worker/engine/types';
import type { ExportFamilyRequest, WorkerApi } from '../../../src-worker/worker/api';
import { writeTableFile } from '../../../src-worker/worker/table-file';
import { writeResultsJson } from '../../../src-worker/export/results-json';
import type { RunStartOptions } from '../app/app-core';
import { FAKE_WORKER, FakeLauncher } from '../pool/testing/fake-launcher';
import { WorkerPool } from '../pool/worker-pool';
import { JobRunner } from './job-runner';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const HEADER = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
const row = (system: string, line: number, setting: string, value: string): Cell[] => [system, line, `${setting} ${value}`, setting, value];
/** What the fake search found: web-1 and web-2 agree, web-3 allows root login; db-1 found nothing. */
const SSHD_ROWS: Cell[][] = [
  row('web-1', 10, 'permitrootlogin', 'no'),
  row('web-1', 11, 'port', '22'),
  row('web-2', 12, 'permitrootlogin', 'no'),
  row('web-2', 13, 'port', '22'),
  row('web-3', 14, 'permitrootlogin', 'yes'),
  row('web-3', 15, 'port', '22'),
];
// The search applies to RHEL only: deb-1 is not searched by it ("does not apply").
const SET = `sshd:
  regex: '^(?P<setting>\\w+) (?P<value>\\w+)'
  excel_sheet_name: sshd
  sys_filter:
    - attr: distro_family
      comp: eq
      value: rhel
`;
const DISTRO: Record<string, string> = { 'web-1': 'rhel', 'web-2': 'rhel', 'web-3': 'rhel', 'db-1': 'rhel', 'deb-1': 'debian' };

function system(relPath: string, filePath: string, sizeBytes: number): SystemInfo {
  const systemName = relPath.replace(/\.txt$/, '');
  return { systemName, filePath, relPath, sizeBytes, osFamily: 'Linux', distroFamily: DISTRO[systemName] ?? null } as SystemInfo;
}

const fakeWorker = (): Partial<WorkerApi> => ({
  loadSearchSet: async (src) => ({ key: src.kind === 'specs' ? src.key : 'k', searchCount: 1 }),
  detectSystems: async (files) => files.map((f) => ({ ok: true as const, system: system(f.relPath, f.filePath, f.sizeBytes) })),
  searchFiles: async (tasks) =>
    tasks.map((t) => ({ ok: true as const, taskId: t.taskId, relPath: t.file.relPath, system: system(t.file.relPath, t.file.filePath, t.file.sizeBytes), rowCounts: {}, checks: [], linesRead: 1, bytesRead: 1, spillPath: t.spillPath, held: false })),
  exportFamily: async (req: ExportFamilyRequest) => {
    const workbookPath = join(req.outDir, `${req.family}.xlsx`);
    writeFileSync(workbookPath, 'x');
    mkdirSync(req.storeDir, { recursive: true });
    const storePath = join(req.storeDir, `${req.family}-0.json`);
    writeTableFile(storePath, HEADER, SSHD_ROWS);
    const options = { maxResults: -1, onlyMatching: false, unique: false, fullScan: false, multiline: false, showMissing: false, fieldList: ['setting', 'value'], format: null };
    const info = { search: 'sshd', sheet: 'sshd', comment: null, header: HEADER, options, totalRows: SSHD_ROWS.length, systemsWithHits: 3, index: 0, storePath };
    // The results JSON a reopened run is read from (written when the runner keeps a manifest).
    const systems = req.systems.map((s) => ({ 'System Name': s.systemName }));
    const table = { search: 'sshd', sheet: 'sshd', comment: null, header: HEADER, rows: SSHD_ROWS, index: 0, sheetName: 'sshd', options };
    const jsonPath = req.writeJson ? await writeResultsJson({ family: req.family, systems, searches: [table], checks: [] }, req.outDir, new Date(req.timestamp)) : null;
    return { family: req.family, workbookPath, jsonPath, rows: SSHD_ROWS.length, sheets: 3, searches: [info], markedRows: [], markedCells: [] };
  },
});

async function finishedRun(writeManifest = false): Promise<{ runner: JobRunner; runId: string; outputDir: string; pool: WorkerPool; close: () => Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'kpat-runner-compare-'));
  dirs.push(root);
  for (const name of Object.keys(DISTRO)) writeFileSync(join(root, `${name}.txt`), 'x');
  const conf = join(root, 'set.yaml');
  writeFileSync(conf, SET);
  const pool = new WorkerPool({ launcher: new FakeLauncher(fakeWorker), worker: FAKE_WORKER, size: 1 });
  const runner = new JobRunner({ pool, appVersion: 't', progressIntervalMs: 0, writeManifest });
  const options: RunStartOptions = { root, searchSetFile: conf, searchSetTitle: 'set', libraryDir: null, outputDir: join(root, 'results'), workerCount: 1, perFileTimeoutSec: 10, writeJson: false };
  const { runId } = await runner.start(options);
  const summary = await runner.whenDone(runId);
  expect(summary.outcome).toBe('complete');
  return {
    runner,
    runId,
    outputDir: options.outputDir,
    pool,
    close: async () => {
      await runner.dispose();
      await pool.close();
    },
  };
}

describe('JobRunner.compareGrid', () => {
  it('a row per system of the family: found, searched with nothing found, and "does not apply" from the search\'s filter', async () => {
    const { runner, runId, close } = await finishedRun();
    const grid = await runner.compareGrid(runId, { family: 'Linux', index: 0, baseline: null });
    expect(grid.layout).toEqual({ kind: 'key-value', keyField: 'setting', valueField: 'value' });
    expect(grid.columns.map((c) => c.name)).toEqual(['permitrootlogin', 'port']);
    const states = Object.fromEntries(grid.rows.map((r) => [r.system, r.state]));
    expect(states).toEqual({ 'db-1': 'none', 'deb-1': 'not-applicable', 'web-1': 'found', 'web-2': 'found', 'web-3': 'found' });
    // Majority of the compared systems (db-1 counts as "nothing"; deb-1 is not compared); ties in
    // the order the systems are listed (db-1 before web-3).
    const rootLogin = grid.columns[0];
    expect(grid.rows.map((r) => r.system)).toEqual(['db-1', 'deb-1', 'web-1', 'web-2', 'web-3']);
    expect(rootLogin?.distinct.map((d) => [d.values, d.count])).toEqual([[['no'], 2], [[], 1], [['yes'], 1]]);
    const deviating = grid.rows.filter((r) => r.deviates).map((r) => r.system).sort();
    expect(deviating).toEqual(['db-1', 'web-3']);
    expect(grid.rows.find((r) => r.system === 'deb-1')?.deviates).toBe(false);
    await close();
  });

  it('a baseline system moves the reference: what differs from it is highlighted instead', async () => {
    const { runner, runId, close } = await finishedRun();
    const grid = await runner.compareGrid(runId, { family: 'Linux', index: 0, baseline: 'web-3' });
    expect(grid.reference).toEqual({ kind: 'baseline', system: 'web-3' });
    expect(grid.columns[0]?.reference).toBe(JSON.stringify(['yes']));
    expect(grid.rows.filter((r) => r.deviates).map((r) => r.system).sort()).toEqual(['db-1', 'web-1', 'web-2']);
    // A baseline the search does not apply to compares with nothing.
    const none = await runner.compareGrid(runId, { family: 'Linux', index: 0, baseline: 'deb-1' });
    expect(none.columns.map((c) => c.reference)).toEqual([null, null]);
    expect(none.deviatingSystems).toBe(0);
    await close();
  });

  it('names the run and search it does not have, and a baseline that is not one of the systems', async () => {
    const { runner, runId, close } = await finishedRun();
    await expect(runner.compareGrid(runId, { family: 'Windows', index: 0, baseline: null })).rejects.toThrow(`run ${runId} has no Windows search #0`);
    await expect(runner.compareGrid(runId, { family: 'Linux', index: 5, baseline: null })).rejects.toThrow(`run ${runId} has no Linux search #5`);
    await expect(runner.compareGrid(runId, { family: 'Linux', index: 0, baseline: 'web-9' })).rejects.toThrow('baseline system "web-9" is not among the systems compared');
    await expect(runner.compareGrid('no-such-run', { family: 'Linux', index: 0, baseline: null })).rejects.toThrow('no results for run no-such-run');
    await close();
  });

  it('a reopened run knows which systems were searched, not the search set: none is "does not apply"', async () => {
    const first = await finishedRun(true);
    // Another session of the app: a runner that never ran it opens the run from its files.
    const reopening = new JobRunner({ pool: first.pool, appVersion: 't', progressIntervalMs: 0 });
    const overview = await reopening.reopen(first.outputDir);
    expect(overview.summary.runId).toBe(first.runId);
    const grid = await reopening.compareGrid(overview.summary.runId, { family: 'Linux', index: 0, baseline: null });
    expect(Object.fromEntries(grid.rows.map((r) => [r.system, r.state]))).toEqual({ 'db-1': 'none', 'deb-1': 'none', 'web-1': 'found', 'web-2': 'found', 'web-3': 'found' });
    expect(grid.rows.find((r) => r.system === 'web-3')?.cells[0]).toMatchObject({ values: ['yes'], deviates: true });
    await reopening.dispose();
    await first.close();
  });
});
