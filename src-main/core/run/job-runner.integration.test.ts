// Real worker processes (Node child_process, the built worker): crash recovery, failing files,
// the watchdog, cancel and force stop, and results that do not depend on the worker count.
import { mkdtempSync, writeFileSync, readFileSync, appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunSummary } from '../../contract/ipc';
import { nodeLauncher } from '../pool/node-transport';
import { WorkerPool } from '../pool/worker-pool';
import type { RunStartOptions } from '../app/app-core';
import { JobRunner } from './job-runner';
import { auditAll, builtBundle, jsonResults, listAll, makeCorpus, referenceDir } from './testing/itest-support';

let bundle: { worker: string; cli: string; dir: string };
const cleanup: string[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(() => {
  bundle = builtBundle();
  cleanup.push(bundle.dir);
});
afterAll(async () => {
  for (const close of closers) await close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

function setup(workers: number, env?: NodeJS.ProcessEnv, runnerOpts?: { cancelGraceMs?: number }) {
  const logs: string[] = [];
  const pool = new WorkerPool({
    launcher: nodeLauncher,
    worker: { modulePath: bundle.worker, ...(env ? { env: { ...process.env, ...env } } : {}) },
    log: (l, s, t) => logs.push(`${l} ${s} ${t}`),
    size: workers,
  });
  const runner = new JobRunner({ pool, appVersion: 'test', ...runnerOpts });
  closers.push(async () => {
    await runner.dispose();
    await pool.close();
  });
  return { pool, runner, logs };
}

function options(root: string, over: Partial<RunStartOptions> = {}): RunStartOptions {
  return {
    root,
    searchSetFile: auditAll,
    searchSetTitle: 'audit-all',
    libraryDir: null,
    outputDir: join(root, 'results'),
    workerCount: 2,
    perFileTimeoutSec: 120,
    writeJson: true,
    ...over,
  };
}

async function runToEnd(runner: JobRunner, opts: RunStartOptions, onEvent?: (e: RunEvent, runId: string) => void) {
  const events: RunEvent[] = [];
  let runId = '';
  const off = runner.onEvent((e) => {
    events.push(e);
    onEvent?.(e, runId);
  });
  runId = (await runner.start(opts)).runId;
  const summary: RunSummary = await runner.whenDone(runId);
  off();
  return { summary, events, runId };
}

describe('JobRunner with real worker processes', () => {
  let corpus: string;
  let clean: Record<string, unknown>;

  beforeAll(async () => {
    corpus = makeCorpus(2);
    cleanup.push(corpus);
    const { runner } = setup(2);
    const { summary } = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'clean') }));
    expect(summary.outcome).toBe('complete');
    expect(summary.systems).toBe(12);
    clean = jsonResults(join(corpus, 'clean'));
    expect(Object.keys(clean)).toEqual(['Darwin', 'Linux', 'Windows']);
  });

  it('SIGKILL of a busy worker mid-run: the task is retried and results equal a clean run', async () => {
    const { runner, pool } = setup(2);
    let killed: number | null = null;
    const { summary, events } = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'crash') }), (e) => {
      if (killed !== null || e.type !== 'progress' || e.progress.phase !== 'searching' || e.progress.filesDone < 2) return;
      const busy = pool.statuses().find((w) => w.state === 'busy' && w.pid);
      if (busy?.pid) {
        killed = busy.pid;
        process.kill(busy.pid, 'SIGKILL');
      }
    });
    expect(killed).not.toBeNull();
    expect(summary.outcome).toBe('complete');
    expect(summary.failedFiles).toEqual([]);
    expect(events.some((e) => e.type === 'warning' && /Retrying/.test(e.message))).toBe(true);
    expect(jsonResults(join(corpus, 'crash'))).toEqual(clean);
  });

  it('a worker that dies holding searched rows: its files are searched again for the export, results equal', async () => {
    // The worker exporting Linux dies there (once), and with it the rows it held: the exports that
    // needed them must search those files again.
    const marker = join(corpus, 'crash-marker');
    const { runner } = setup(2, { KPAT_TEST_CRASH_ON_EXPORT: `Linux:${marker}` });
    const { summary, events } = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'lost-rows') }));
    expect(readFileSync(marker, 'utf8')).toMatch(/^\d+\n$/);
    expect(summary.outcome).toBe('complete');
    expect(summary.failedFiles).toEqual([]);
    expect(events.some((e) => e.type === 'warning' && /Searched again for the \w+ export \(their worker had ended\): set\d\//.test(e.message))).toBe(true);
    expect(jsonResults(join(corpus, 'lost-rows'))).toEqual(clean);
  });

  it('a file that kills its worker twice is reported failed; the run completes without it', async () => {
    const { runner } = setup(2, { KPAT_TEST_CRASH_ON: 'windows11-0.4.8-1' });
    const { summary, events } = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'twice') }));
    expect(summary.outcome).toBe('partial');
    expect(summary.failedFiles).toEqual([{ relPath: 'set1/windows11-0.4.8-1.txt', reason: expect.stringMatching(/died/), search: null }]);
    expect(summary.systems).toBe(11);
    expect(events.some((e) => e.type === 'error' && e.file === 'set1/windows11-0.4.8-1.txt')).toBe(true);
    expect(summary.families.map((f) => f.family)).toEqual(['Linux', 'Windows', 'Darwin']);
    // Families exported before the failure was known were exported again: every Summary sheet lists it.
    for (const family of summary.families) {
      const wb = new ExcelJS.Workbook();
      expect(family.workbookPath).not.toBeNull();
      await wb.xlsx.readFile(family.workbookPath ?? '');
      const facts = new Map<string, unknown>();
      // First occurrence: "Failed files" is also the title of the list of failed files further down.
      wb.getWorksheet('Summary')?.eachRow((row) => {
        const label = String(row.getCell(1).value);
        if (!facts.has(label)) facts.set(label, row.getCell(2).value);
      });
      expect([family.family, facts.get('Failed files')]).toEqual([family.family, 1]);
      expect(facts.get('set1/windows11-0.4.8-1.txt')).toMatch(/died/);
    }
  });

  it('the watchdog stops a catastrophic regex and names the file and the search', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-wd-'));
    cleanup.push(dir);
    const mac = join(referenceDir, 'testdata', 'macos', 'macos-13.4.1-kp0.1.0.txt');
    writeFileSync(join(dir, 'mac-normal.txt'), readFileSync(mac));
    writeFileSync(join(dir, 'mac-evil.txt'), readFileSync(mac));
    appendFileSync(join(dir, 'mac-evil.txt'), `Catastrophe::${'a'.repeat(40)}!\n`);
    const conf = join(dir, 'evil.yaml');
    writeFileSync(conf, "hostname:\n  regex: '^System_Hostname::(?P<name>.*)'\n  field_list: ['name']\nrunaway:\n  regex: '^Catastrophe::(a+)+$'\n");
    const { runner } = setup(2);
    const started = Date.now();
    const { summary, events } = await runToEnd(runner, options(dir, { searchSetFile: conf, perFileTimeoutSec: 1.5, outputDir: join(dir, 'out') }));
    expect(summary.outcome).toBe('partial');
    expect(summary.failedFiles).toHaveLength(1);
    expect(summary.failedFiles[0]?.relPath).toBe('mac-evil.txt');
    expect(summary.failedFiles[0]?.reason).toMatch(/no result after 2 s on mac-evil\.txt \(search "runaway"\)/);
    expect(events.some((e) => e.type === 'error' && e.search === 'runaway')).toBe(true);
    expect(summary.systems).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('cancel: stops, leaves no workbook or staging folder, and the pool runs the next run', async () => {
    const big = makeCorpus(4);
    cleanup.push(big);
    const { runner } = setup(2, undefined, { cancelGraceMs: 300 });
    let cancelled = false;
    const { summary, events } = await runToEnd(runner, options(big), (e, runId) => {
      if (!cancelled && e.type === 'progress' && e.progress.phase === 'searching' && e.progress.filesDone >= 1) {
        cancelled = true;
        void runner.cancel(runId, 'discard');
      }
    });
    expect(summary.outcome).toBe('cancelled');
    expect(events.some((e) => e.type === 'progress' && e.progress.phase === 'cancelling')).toBe(true);
    expect(listAll(join(big, 'results'))).toEqual([]);
    const again = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'after-cancel') }));
    expect(again.summary.outcome).toBe('complete');
    expect(jsonResults(join(corpus, 'after-cancel'))).toEqual(clean);
  });

  it('force stop during the export: no partial workbook, pool usable afterwards', async () => {
    const { runner } = setup(2);
    let stopped = false;
    const out = join(corpus, 'forced');
    const { summary } = await runToEnd(runner, options(corpus, { outputDir: out }), (e, runId) => {
      if (!stopped && e.type === 'progress' && e.progress.phase === 'exporting') {
        stopped = true;
        void runner.cancel(runId, 'force');
      }
    });
    expect(stopped).toBe(true);
    expect(summary.outcome).toBe('cancelled');
    expect(listAll(out)).toEqual([]);
    const again = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'after-force') }));
    expect(again.summary.outcome).toBe('complete');
  });

  it('results browsing: overview and filtered, sorted pages', async () => {
    const { runner } = setup(2);
    const { runId } = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'browse'), writeJson: false }));
    const overview = await runner.getOverview(runId);
    const linux = overview.families.find((f) => f.family === 'Linux');
    expect(linux?.systems).toHaveLength(4);
    const search = linux?.searches.find((s) => s.totalRows > 10);
    expect(search).toBeDefined();
    if (!search) return;
    const page = await runner.getRows(runId, { family: 'Linux', index: search.index, offset: 0, limit: 5 });
    expect(page.rows).toHaveLength(5);
    expect(page.total).toBe(search.totalRows);
    const sorted = await runner.getRows(runId, { family: 'Linux', index: search.index, offset: 0, limit: 1000, sort: { column: 0, direction: 'desc' } });
    expect(String(sorted.rows[0]?.[0]) >= String(sorted.rows.at(-1)?.[0])).toBe(true);
    const filtered = await runner.getRows(runId, { family: 'Linux', index: search.index, offset: 0, limit: 1000, filter: 'ubuntu-22.04-0.6.22-1' });
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.rows.every((r) => r.some((c) => String(c).toLowerCase().includes('ubuntu-22.04-0.6.22-1')))).toBe(true);
  });
});
