// JobRunner against in-process fake workers: the event stream, staging and commit of outputs,
// and failures that must come early and clearly. Real processes: job-runner.integration.test.ts.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../contract/ipc';
import type { SystemInfo } from '../../../src-worker/engine/types';
import type { ExportFamilyRequest, WorkerApi } from '../../../src-worker/worker/api';
import type { RunStartOptions } from '../app/app-core';
import { FAKE_WORKER, FakeLauncher } from '../pool/testing/fake-launcher';
import { WorkerPool } from '../pool/worker-pool';
import { JobRunner } from './job-runner';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function system(relPath: string, filePath: string, sizeBytes: number): SystemInfo {
  const osFamily = relPath.startsWith('win') ? 'Windows' : 'Linux';
  return { systemName: relPath.replace(/\.txt$/, ''), filePath, relPath, sizeBytes, osFamily } as SystemInfo;
}

const fakeWorker = (over: Partial<WorkerApi> = {}): Partial<WorkerApi> => ({
  loadSearchSet: async (src) => ({ key: src.kind === 'specs' ? src.key : 'k', searchCount: 1 }),
  detectSystems: async (files) => files.map((f) => ({ ok: true as const, system: system(f.relPath, f.filePath, f.sizeBytes) })),
  searchFiles: async (tasks) =>
    tasks.map((t) => ({ ok: true as const, taskId: t.taskId, relPath: t.file.relPath, system: system(t.file.relPath, t.file.filePath, t.file.sizeBytes), rowCounts: { 0: 2 }, checks: [], linesRead: 1, bytesRead: 1, spillPath: t.spillPath, held: false })),
  exportFamily: async (req: ExportFamilyRequest) => {
    const workbookPath = join(req.outDir, `${req.family}.xlsx`);
    await writeFile(workbookPath, 'x');
    return { family: req.family, workbookPath, jsonPath: null, rows: 2 * req.systems.length, sheets: 3, searches: [], markedRows: [], markedCells: [] };
  },
  ...over,
});

function setup(worker: Partial<WorkerApi> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'kpat-runner-'));
  dirs.push(root);
  writeFileSync(join(root, 'lin1.txt'), 'a');
  writeFileSync(join(root, 'win1.txt'), 'bb');
  const conf = join(root, 'set.yaml');
  writeFileSync(conf, "one:\n  regex: '^x'\n");
  const pool = new WorkerPool({ launcher: new FakeLauncher(() => fakeWorker(worker)), worker: FAKE_WORKER, size: 2 });
  const runner = new JobRunner({ pool, appVersion: 't', progressIntervalMs: 0 });
  const options: RunStartOptions = { root, searchSetFile: conf, searchSetTitle: 'set', libraryDir: null, outputDir: join(root, 'results'), workerCount: 2, perFileTimeoutSec: 10, writeJson: false };
  return { root, conf, pool, runner, options };
}

async function run(runner: JobRunner, options: RunStartOptions) {
  const events: RunEvent[] = [];
  runner.onEvent((e) => events.push(e));
  const { runId } = await runner.start(options);
  const summary = await runner.whenDone(runId);
  return { events, summary, runId };
}

describe('JobRunner (fake workers)', () => {
  it('goes through the phases, commits the workbooks and ends with one done event', async () => {
    const { runner, options, pool } = setup();
    const { events, summary } = await run(runner, options);
    const phases = [...new Set(events.flatMap((e) => (e.type === 'progress' ? [e.progress.phase] : [])))];
    expect(phases).toEqual(['discovering', 'loading-config', 'searching', 'merging', 'exporting', 'done']);
    expect(events.filter((e) => e.type === 'done')).toHaveLength(1);
    expect(events.at(-1)).toEqual({ type: 'done', summary });
    expect(summary).toMatchObject({ outcome: 'complete', systems: 2, searchSetTitle: 'set', failedFiles: [], skipped: [] });
    expect(summary.families.map((f) => [f.family, f.systems, f.workbookPath])).toEqual([
      ['Linux', 1, join(options.outputDir, 'Linux.xlsx')],
      ['Windows', 1, join(options.outputDir, 'Windows.xlsx')],
    ]);
    expect(readdirSync(options.outputDir).sort()).toEqual(['Linux.xlsx', 'Windows.xlsx']);
    const searching = events.filter((e) => e.type === 'progress' && e.progress.phase === 'searching').at(-1);
    expect(searching?.type === 'progress' && searching.progress).toMatchObject({ filesDone: 2, filesTotal: 2, bytesDone: 3, bytesTotal: 3, rowsFound: 4 });
    await expect(runner.start(options)).resolves.toBeDefined();
    await runner.dispose();
    await pool.close();
  });

  it('accepts the next run as soon as the done event arrives', async () => {
    const { runner, options, pool } = setup();
    let next: Promise<{ runId: string }> | null = null;
    runner.onEvent((e) => {
      if (e.type === 'done' && next === null) next = runner.start(options);
    });
    const { runId } = await runner.start(options);
    await runner.whenDone(runId);
    expect(next).not.toBeNull();
    const second = await (next as unknown as Promise<{ runId: string }>);
    expect((await runner.whenDone(second.runId)).outcome).toBe('complete');
    await runner.dispose();
    await pool.close();
  });

  it("one family's failed export: the others are written (their staging folder stays until they finish), the run is partial", async () => {
    const { runner, options, pool } = setup({
      exportFamily: async (req: ExportFamilyRequest) => {
        if (req.family === 'Windows') throw new Error(`ENOSPC: no space left on device, write '${req.outDir}/Windows.xlsx'`);
        // Linux is still writing when Windows has failed.
        await new Promise((resolve) => setTimeout(resolve, 100));
        const workbookPath = join(req.outDir, `${req.family}.xlsx`);
        await writeFile(workbookPath, 'x');
        return { family: req.family, workbookPath, jsonPath: null, rows: 2, sheets: 3, searches: [], markedRows: [], markedCells: [] };
      },
    });
    const { summary, events } = await run(runner, options);
    expect(summary.outcome).toBe('partial');
    expect(summary.families.map((f) => f.family)).toEqual(['Linux']);
    expect(summary.familiesWithoutWorkbook).toEqual([{ family: 'Windows', reason: expect.stringMatching(/^its export failed: ENOSPC/), exportFailed: true }]);
    expect(events.some((e) => e.type === 'error' && /The Windows workbook could not be written: ENOSPC/.test(e.message))).toBe(true);
    expect(readdirSync(options.outputDir)).toEqual(['Linux.xlsx']);
    await runner.dispose();
    await pool.close();
  });

  it('refuses a second run while one is going', async () => {
    const { runner, options, pool } = setup();
    await runner.start(options);
    await expect(runner.start(options)).rejects.toThrow(/already in progress/);
    await runner.dispose();
    await pool.close();
  });

  it('fails early when the output folder cannot be written', async () => {
    const { runner, options, root, pool } = setup();
    writeFileSync(join(root, 'blocker'), '');
    const { summary, events } = await run(runner, { ...options, outputDir: join(root, 'blocker', 'out') });
    expect(summary.outcome).toBe('failed');
    expect(summary.error).toMatch(/blocker/);
    expect(events.some((e) => e.type === 'progress' && e.progress.phase === 'searching')).toBe(false);
    await pool.close();
  });

  it('reports each configuration problem with file:line once, and fails the run', async () => {
    const { runner, options, conf, pool } = setup();
    writeFileSync(conf, "one:\n  regex: '(unclosed'\n");
    const { summary, events } = await run(runner, options);
    expect(summary.outcome).toBe('failed');
    const errors = events.filter((e) => e.type === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: conf, search: 'one', message: expect.stringContaining(`${conf}:2:`) });
    expect(existsSync(join(options.outputDir))).toBe(true);
    expect(readdirSync(options.outputDir)).toEqual([]);
    await pool.close();
  });
});
