// Real worker processes (Node child_process, the built worker): crash recovery, failing files,
// the watchdog, cancel and force stop, and results that do not depend on the worker count.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent, RunSummary } from '../../contract/ipc';
import { taskDeadlineMs } from '../pool/deadlines';
import { nodeLauncher } from '../pool/node-transport';
import { WorkerPool } from '../pool/worker-pool';
import type { RunStartOptions } from '../app/app-core';
import { JobRunner } from './job-runner';
import { readManifest } from './run-manifest';
import { auditAll, builtBundle, jsonResults, jsonRunFacts, listAll, makeCorpus, referenceDir } from './testing/itest-support';

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

function setup(workers: number, env?: NodeJS.ProcessEnv, runnerOpts?: { cancelGraceMs?: number; writeManifest?: boolean }) {
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

/** The Summary sheet's label → value pairs (first occurrence: "Failed files" is also the title of the list further down). */
async function summaryFacts(workbookPath: string): Promise<Map<string, unknown>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(workbookPath);
  const facts = new Map<string, unknown>();
  wb.getWorksheet('Summary')?.eachRow((row) => {
    const label = String(row.getCell(1).value);
    if (!facts.has(label)) facts.set(label, row.getCell(2).value);
  });
  return facts;
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
    expect(events.some((e) => e.type === 'warning' && /Searched again for the \w+ export \(the rows a worker held of them were gone\): set\d\//.test(e.message))).toBe(true);
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
      expect(family.workbookPath).not.toBeNull();
      const facts = await summaryFacts(family.workbookPath ?? '');
      expect([family.family, facts.get('Failed files')]).toEqual([family.family, 1]);
      expect(facts.get('set1/windows11-0.4.8-1.txt')).toMatch(/died/);
    }
  });

  it('the watchdog stops a catastrophic regex: the file is partial, that search named and left out, its other searches kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-wd-'));
    cleanup.push(dir);
    const mac = join(referenceDir, 'testdata', 'macos', 'macos-13.4.1-kp0.1.0.txt');
    writeFileSync(join(dir, 'mac-normal.txt'), readFileSync(mac));
    writeFileSync(join(dir, 'mac-evil.txt'), readFileSync(mac));
    appendFileSync(join(dir, 'mac-evil.txt'), `Catastrophe::${'a'.repeat(40)}!\n`);
    const conf = join(dir, 'evil.yaml');
    writeFileSync(conf, "hostname:\n  regex: '^System_KernelSysctlRunningConfig::kern\\.hostname: (?P<name>.*)'\n  field_list: ['name']\nrunaway:\n  regex: '^Catastrophe::(a+)+$'\n");
    const { runner } = setup(2);
    // 3 s: the normal file's search (a few milliseconds) stays far from it on a loaded machine.
    const { summary, events, runId } = await runToEnd(runner, options(dir, { searchSetFile: conf, perFileTimeoutSec: 3, outputDir: join(dir, 'out') }));
    expect(summary.outcome).toBe('partial');
    expect(summary.failedFiles).toEqual([
      // The file named once (beside its reason, not in it), the search once.
      { relPath: 'mac-evil.txt', reason: `search "runaway" left out: it ran past the 3 s watchdog (a runaway regex?); the other searches' rows are kept`, search: 'runaway', partial: true },
    ]);
    // In this order: the watchdog stops the file, stops it again on the retry (one search at a
    // time, so it names the search), the file is searched without that search, and named partial.
    const told = events.flatMap((e) => (e.type !== 'progress' && e.type !== 'done' && e.file === 'mac-evil.txt' ? [e.message] : []));
    expect(told).toEqual([
      'Retrying mac-evil.txt: no result after 3 s: the worker was stopped (a runaway regex?)',
      'Retrying mac-evil.txt: no result after 3 s in search "runaway": the worker was stopped (a runaway regex?); searching it again without "runaway"',
      `mac-evil.txt is partial: ${summary.failedFiles[0]?.reason}`,
    ]);
    expect(events.filter((e) => e.type === 'error' && e.file === 'mac-evil.txt').map((e) => e.type === 'error' && e.search)).toEqual(['runaway']);
    // Both systems are in the workbook, the runaway file with its hostname row.
    expect(summary.systems).toBe(2);
    const darwin = (await runner.getOverview(runId)).families.find((f) => f.family === 'Darwin');
    expect(darwin?.searches.map((s) => [s.search, s.totalRows, s.systemsWithHits])).toEqual([
      ['hostname', 2, 2],
      ['runaway', 0, 0],
    ]);
    const facts = await summaryFacts(summary.families[0]?.workbookPath ?? '');
    expect(facts.get('Outcome')).toBe('partial: a search was left out of 1 of 2 files');
    expect(facts.get('mac-evil.txt')).toBe(summary.failedFiles[0]?.reason);
  });

  it('a worker SIGSTOPped during the export: the watchdog kills it, the export is retried, results equal a clean run', async () => {
    const { runner, pool } = setup(2);
    // Long enough that no export that is not stopped comes near its deadline on a loaded machine
    // (an export takes a second or two; ten times that at a load of 19 on 2 cores).
    const perFileTimeoutSec = 10;
    let stopped: number | null = null;
    let stoppedAt = 0;
    let retriedAt = 0;
    const retry = /Retrying the \w+ export: no result after \d+ s from "(export \w+|flush the rows of \d+ file\(s\))"/;
    const { summary, events } = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'sigstop'), perFileTimeoutSec }), (e) => {
      if (e.type === 'warning' && retry.test(e.message) && retriedAt === 0) retriedAt = Date.now();
      if (stopped !== null || e.type !== 'progress' || e.progress.phase !== 'exporting') return;
      const busy = pool.statuses().find((w) => w.state === 'busy' && w.pid && w.task?.startsWith('export'));
      if (busy?.pid) {
        stopped = busy.pid;
        stoppedAt = Date.now();
        process.kill(busy.pid, 'SIGSTOP');
      }
    });
    expect(stopped).not.toBeNull();
    expect(summary.outcome).toBe('complete');
    // Stopped in the export itself, or while it has the worker flush rows it holds for another export:
    // the watchdog fired by the task's deadline (one per-file timeout plus one per 16 MB of the files
    // it covers, at most all of them: deadlines.ts), with a few seconds for a late timer.
    expect(events.some((e) => e.type === 'warning' && retry.test(e.message))).toBe(true);
    const inputs = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.txt'));
    const corpusBytes = inputs.reduce((n, name) => n + statSync(join(corpus, name)).size, 0);
    expect(retriedAt - stoppedAt).toBeGreaterThan(0);
    expect(retriedAt - stoppedAt).toBeLessThan(taskDeadlineMs(perFileTimeoutSec * 1000, corpusBytes) + 5_000);
    expect(jsonResults(join(corpus, 'sigstop'))).toEqual(clean);
    expect(() => process.kill(stopped ?? 0, 0)).toThrow();
  });

  it('progress stays honest: a stalled file is named with its search instead of a countdown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-stall-'));
    cleanup.push(dir);
    // Small files (the first 300 lines of a macOS collection): files usually take milliseconds, even
    // on a loaded machine, so the stall shows after MIN_STALL_MS (5 s), well before the watchdog (10 s).
    const head = readFileSync(join(referenceDir, 'testdata', 'macos', 'macos-13.4.1-kp0.1.0.txt'), 'latin1').split('\n').slice(0, 300).join('\n');
    for (const name of ['mac-1.txt', 'mac-2.txt', 'mac-3.txt']) writeFileSync(join(dir, name), `${head}\n`, 'latin1');
    writeFileSync(join(dir, 'mac-evil.txt'), `${head}\nCatastrophe::${'a'.repeat(40)}!\n`, 'latin1');
    const conf = join(dir, 'evil.yaml');
    writeFileSync(conf, "hostname:\n  regex: '^System_Hostname::(?P<name>.*)'\n  field_list: ['name']\nrunaway:\n  regex: '^Catastrophe::(a+)+$'\n");
    const { runner } = setup(2);
    // The watchdog fires after the stall shows, and once more on the retry (one search at a time).
    const { summary, events } = await runToEnd(runner, options(dir, { searchSetFile: conf, perFileTimeoutSec: 10, outputDir: join(dir, 'out') }));
    expect(summary.outcome).toBe('partial');
    const searching = events.flatMap((e) => (e.type === 'progress' && e.progress.phase === 'searching' ? [e.progress] : []));
    const stalls = searching.filter((p) => p.stalled !== null);
    expect(stalls.length).toBeGreaterThan(0);
    // While stalled there is no countdown; when the stall names a search, it is the one running away
    // (the watchdog's retry runs the searches one at a time; on a loaded machine the retry may end
    // before its stall shows, so only the first stall is certain).
    expect(stalls.every((p) => p.etaSeconds === null && p.stalled?.task === 'mac-evil.txt')).toBe(true);
    expect(stalls.every((p) => p.stalled?.detail === null || p.stalled?.detail === 'search “runaway”')).toBe(true);
    expect(Math.max(...stalls.map((p) => p.stalled?.forMs ?? 0))).toBeGreaterThan(5_000);
    // The worker table names the search of the retry, with the time on the file.
    const onIt = searching.flatMap((p) => p.workers.filter((w) => w.task === 'mac-evil.txt'));
    expect(onIt.some((w) => w.detail === 'search “runaway”' && (w.taskMs ?? -1) >= 0)).toBe(true);
    expect(Math.max(...onIt.map((w) => w.taskMs ?? 0))).toBeGreaterThan(5_000);
    // Systems counts searched systems: the runaway search is left out of mac-evil.txt, its other
    // searches kept; the search phase's last event counts every file, however throttled.
    const last = searching.at(-1);
    expect([last?.systemsSearched, last?.filesFailed, last?.filesSkipped, last?.filesTotal]).toEqual([4, 0, 0, 4]);
  });

  it('progress of the export: rows written of rows to write per workbook, its sheet and worker', async () => {
    const { runner } = setup(2);
    const { summary, events } = await runToEnd(runner, options(corpus, { outputDir: join(corpus, 'export-progress') }));
    expect(summary.outcome).toBe('complete');
    const exporting = events.flatMap((e) => (e.type === 'progress' && e.progress.phase === 'exporting' ? [e.progress] : []));
    const last = exporting.at(-1);
    const rows = Object.fromEntries(summary.families.map((f) => [f.family, f.rows]));
    expect(last?.exports.map((e) => [e.family, e.step, e.rowsWritten, e.rowsTotal])).toEqual(
      summary.families.map((f) => [f.family, 'done', rows[f.family], rows[f.family]]),
    );
    // On the way: a worker on each workbook, told what it is doing.
    const working = exporting.flatMap((p) => p.exports.filter((e) => e.worker !== null));
    expect(new Set(working.map((e) => e.family))).toEqual(new Set(Object.keys(rows)));
    const details = exporting.flatMap((p) => p.workers.filter((w) => w.task?.startsWith('export ')).map((w) => w.detail));
    expect(details.some((d) => d !== null && /^(building the (result tables|table of “.+”)|sheet “.+”|closing the workbook)$/.test(d))).toBe(true);
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

describe('run outcomes with real worker processes', () => {
  const ref = (os: string, name: string): Buffer => readFileSync(join(referenceDir, 'testdata', os, name));
  const RUNAWAY = `Catastrophe::${'a'.repeat(40)}!\n`;
  /** A set whose one search runs away on RUNAWAY: a file with that line has nothing left to search, and fails. */
  const evilSet = (dir: string): string => {
    const conf = join(dir, 'evil.yaml');
    writeFileSync(conf, "runaway:\n  regex: '^Catastrophe::(a+)+$'\n");
    return conf;
  };
  /** One system per family; the Linux one gets a line the runaway search never finishes on. */
  const mixedFolder = (linuxEvil: boolean): string => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-outcome-'));
    cleanup.push(dir);
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'mac.txt'), ref('macos', 'macos-13.4.1-kp0.1.0.txt'));
    writeFileSync(join(dir, 'in', 'win.txt'), ref('windows', 'windows11-0.4.8.txt'));
    writeFileSync(join(dir, 'in', 'linux.txt'), Buffer.concat([ref('linux', 'ubuntu-22.04-0.6.22.txt'), Buffer.from(linuxEvil ? RUNAWAY : '')]));
    return dir;
  };

  it('a watchdog-failed file: partial, its family named without a workbook; Retry failed files then equals a clean run', async () => {
    const dir = mixedFolder(true);
    const conf = evilSet(dir);
    const { runner } = setup(2);
    const opts = options(join(dir, 'in'), { searchSetFile: conf, perFileTimeoutSec: 1.5, outputDir: join(dir, 'out') });
    const first = await runToEnd(runner, opts);
    expect(first.summary.outcome).toBe('partial');
    expect(first.summary.failedFiles).toEqual([{ relPath: 'linux.txt', reason: expect.stringMatching(/search "runaway"/), search: 'runaway' }]);
    expect(first.summary.families.map((f) => f.family)).toEqual(['Windows', 'Darwin']);
    expect(first.summary.familiesWithoutWorkbook).toEqual([{ family: 'Linux', reason: 'none of its 1 file could be searched (see the failed files)' }]);
    const facts = await summaryFacts(first.summary.families[0]?.workbookPath ?? '');
    expect(facts.get('Outcome')).toBe('partial: 1 of 3 files could not be searched');
    expect(facts.get('linux.txt')).toMatch(/runaway/);
    expect(facts.get('Linux')).toBe('none of its 1 file could be searched (see the failed files)');
    expect(jsonRunFacts(join(dir, 'out'))).toMatchObject({ Windows: { outcome: 'partial: 1 of 3 files could not be searched', failedFiles: [{ relPath: 'linux.txt' }] } });
    const firstFiles = listAll(join(dir, 'out'));

    // The cause goes away (the file is replaced by a good one), and the failed file is retried.
    writeFileSync(join(dir, 'in', 'linux.txt'), ref('linux', 'ubuntu-22.04-0.6.22.txt'));
    const events: RunEvent[] = [];
    const off = runner.onEvent((e) => events.push(e));
    const { runId } = await runner.retryFailed(first.runId);
    const retried = await runner.whenDone(runId);
    off();
    expect(retried.familiesWithoutWorkbook).toEqual([]);
    expect(retried.outcome).toBe('complete');
    expect(retried.failedFiles).toEqual([]);
    expect(retried.families.map((f) => f.family)).toEqual(['Linux', 'Windows', 'Darwin']);
    // Only the failed file was searched again.
    const searching = events.filter((e) => e.type === 'progress' && e.progress.phase === 'searching').at(-1);
    expect(searching?.type === 'progress' && searching.progress.filesTotal).toBe(1);
    // The run's files were rewritten in place; the Linux ones are new.
    const after = listAll(join(dir, 'out'));
    expect(after.filter((n) => !n.startsWith('Linux'))).toEqual(firstFiles);
    expect(after.filter((n) => n.startsWith('Linux'))).toHaveLength(2);

    const clean = await runToEnd(runner, { ...opts, outputDir: join(dir, 'clean') });
    expect(clean.summary.outcome).toBe('complete');
    expect(jsonResults(join(dir, 'out'))).toEqual(jsonResults(join(dir, 'clean')));
    expect(jsonRunFacts(join(dir, 'out'))).toEqual(jsonRunFacts(join(dir, 'clean')));
    await expect(runner.retryFailed(clean.runId)).rejects.toThrow(/no failed files to retry/);
  });

  it('every file failing: the run is failed, says why, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-outcome-'));
    cleanup.push(dir);
    mkdirSync(join(dir, 'in'));
    for (const n of ['a', 'b']) writeFileSync(join(dir, 'in', `${n}.txt`), Buffer.concat([ref('macos', 'macos-13.4.1-kp0.1.0.txt'), Buffer.from(RUNAWAY)]));
    const { runner } = setup(2);
    const { summary, events } = await runToEnd(runner, options(join(dir, 'in'), { searchSetFile: evilSet(dir), perFileTimeoutSec: 1.5, outputDir: join(dir, 'out') }));
    expect(summary.outcome).toBe('failed');
    expect(summary.error).toBe('No file could be searched (2 files: 2 failed)');
    expect(summary.failedFiles.map((f) => f.relPath)).toEqual(['a.txt', 'b.txt']);
    expect(summary.familiesWithoutWorkbook).toEqual([{ family: 'Darwin', reason: 'none of its 2 files could be searched (see the failed files)' }]);
    expect(events.some((e) => e.type === 'error' && e.message === summary.error)).toBe(true);
    expect(listAll(join(dir, 'out'))).toEqual([]);
  });

  it('a Linux-only set over mixed folders: one Linux workbook, no empty Windows or macOS ones, and the run says why', async () => {
    const dir = mixedFolder(false);
    const conf = join(dir, 'linux-only.yaml');
    writeFileSync(conf, "hostname:\n  regex: '^System_Hostname::(?P<name>.*)'\n  sys_filter:\n    - attr: os_family\n      comp: eq\n      value: Linux\n");
    const { runner } = setup(2);
    const { summary } = await runToEnd(runner, options(join(dir, 'in'), { searchSetFile: conf, outputDir: join(dir, 'out') }));
    expect(summary.error).toBeNull();
    expect(summary.outcome).toBe('complete');
    expect(summary.families.map((f) => f.family)).toEqual(['Linux']);
    expect(summary.familiesWithoutWorkbook).toEqual([
      { family: 'Windows', reason: 'no search of the set applies to Windows systems (1 system searched)' },
      { family: 'Darwin', reason: 'no search of the set applies to macOS systems (1 system searched)' },
    ]);
    expect(listAll(join(dir, 'out')).map((n) => n.split('_')[0])).toEqual(['Linux', 'Linux']);
  });

  it('two runs into one output folder at once (the same second): both runs keep their workbooks', async () => {
    const dir = mixedFolder(false);
    const out = join(dir, 'out');
    const a = setup(2);
    const b = setup(2);
    const [ra, rb] = await Promise.all([runToEnd(a.runner, options(join(dir, 'in'), { outputDir: out })), runToEnd(b.runner, options(join(dir, 'in'), { outputDir: out }))]);
    expect([ra.summary.outcome, rb.summary.outcome]).toEqual(['complete', 'complete']);
    const paths = [...ra.summary.families, ...rb.summary.families].flatMap((f) => [f.workbookPath, f.jsonPath]);
    expect(new Set(paths).size).toBe(12);
    expect(listAll(out)).toEqual([...paths].map((p) => basename(p ?? '')).sort());
    expect(jsonResults(out)).toBeDefined();
    for (const p of paths) expect(existsSync(p ?? '')).toBe(true);
  });

  it('a graceful cancel after half the files: complete workbooks of those files, labelled cancelled', async () => {
    const big = makeCorpus(4);
    cleanup.push(big);
    const { runner } = setup(2, undefined, { cancelGraceMs: 30_000, writeManifest: true });
    let cancelled = false;
    const { summary } = await runToEnd(runner, options(big), (e, runId) => {
      if (!cancelled && e.type === 'progress' && e.progress.phase === 'searching' && e.progress.filesDone >= e.progress.filesTotal / 2) {
        cancelled = true;
        void runner.cancel(runId, 'keep');
      }
    });
    expect(summary.outcome).toBe('cancelled');
    expect(summary.filesTotal).toBe(24);
    expect(summary.filesSearched).toBeGreaterThanOrEqual(12);
    expect(summary.filesSearched).toBeLessThan(24);
    expect(summary.families.length).toBeGreaterThan(0);
    const label = `cancelled: ${summary.filesSearched} of 24 files searched`;
    for (const f of summary.families) {
      expect((await summaryFacts(f.workbookPath ?? '')).get('Outcome')).toBe(label);
    }
    expect(Object.values(jsonRunFacts(join(big, 'results'))).map((r) => (r as { outcome: string }).outcome)).toEqual(summary.families.map(() => label));
    // The run manifest says so in the same words, and names each file the run did not search.
    const manifests = listAll(join(big, 'results')).filter((n) => n.startsWith('kpat-manifest-'));
    expect(manifests).toHaveLength(1);
    const manifest = await readManifest(join(big, 'results', manifests[0] as string));
    expect([manifest.outcome, manifest.outcomeLabel]).toEqual(['cancelled', label]);
    expect(manifest.inputs.filter((i) => i.status === 'not-searched')).toHaveLength(24 - summary.filesSearched);
    expect(listAll(join(big, 'results')).every((n) => !n.startsWith('.'))).toBe(true);
  });

  // A real full disk: the output folder is a small tmpfs (mounting needs root; elsewhere this test says it is skipped).
  const canMount = process.getuid?.() === 0 && process.platform === 'linux' && spawnSync('mount', ['--version']).status === 0;
  it.runIf(canMount)("a full disk during one family's export: the others' workbooks are kept, the failed one is named with the folder, nothing half-written is left", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpat-enospc-'));
    cleanup.push(dir);
    mkdirSync(join(dir, 'in'));
    // Four Linux systems (a workbook of ~1.3 MB) beside one macOS system (~240 KB), into 700 KB.
    for (let k = 0; k < 4; k++) writeFileSync(join(dir, 'in', `linux-${k}.txt`), ref('linux', 'ubuntu-22.04-0.6.22.txt'));
    writeFileSync(join(dir, 'in', 'mac.txt'), ref('macos', 'macos-13.4.1-kp0.1.0.txt'));
    const out = join(dir, 'out');
    mkdirSync(out);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=700k', 'tmpfs', out]);
    expect(mounted.status, String(mounted.stderr)).toBe(0);
    try {
      const { runner } = setup(2);
      const { summary, events } = await runToEnd(runner, options(join(dir, 'in'), { outputDir: out, writeJson: false }));
      expect(summary.outcome).toBe('partial');
      expect(summary.families.map((f) => f.family)).toEqual(['Darwin']);
      const linuxFailed = `its export failed: no space left in ${out} while writing the Linux workbook (ENOSPC)`;
      expect(summary.familiesWithoutWorkbook).toEqual([{ family: 'Linux', reason: linuxFailed, exportFailed: true }]);
      expect(events.some((e) => e.type === 'error' && e.message.includes(`no space left in ${out} while writing the Linux workbook`))).toBe(true);
      // The macOS workbook is whole (its Summary sheet reads) and states the run as it ended, as the
      // summary does; no staging folder or .partial is left.
      // Written again with the run's final facts: the macOS rows its worker held for the first
      // writing were let go of, so its file was searched again.
      expect(events.some((e) => e.type === 'warning' && e.message.startsWith('Writing the Darwin workbook again'))).toBe(true);
      const facts = await summaryFacts(summary.families[0]?.workbookPath ?? '');
      expect(facts.get('Outcome')).toBe('partial: the Linux workbook could not be written');
      expect(facts.get('Linux')).toBe(linuxFailed);
      expect(listAll(out)).toEqual([basename(summary.families[0]?.workbookPath ?? '')]);
    } finally {
      spawnSync('umount', [out]);
    }
  });
});
