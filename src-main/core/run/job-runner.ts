// One run of the searches over an input folder, on the worker pool, as one RunEvent stream:
// discover → load and validate the search set → detect and search each file (pool) →
// merge per family → export the families' workbooks in parallel (pool) → done.
// Electron-free: the desktop app, the browser host and the CLI all drive it.
//
// Memory: rows never come to this process. Search tasks keep them in the worker's memory (up to a
// budget) or write them to spill files in a temporary folder; files are scheduled by their OS
// family (sniffed from their first bytes) so that a family's export mostly runs where its rows
// already are; rows held by other workers are flushed to disk first (gather-rows.ts). The
// results view reads the per-search files the export tasks leave behind (ResultStore).
//
// Cancel stops dispatching and gives running tasks a grace period, then kills them; force stop
// kills at once. Workbooks are written into a staging folder inside the output folder and moved
// into place only when every family succeeded, so a cancelled or failed run leaves none.
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type {
  FailedFile,
  FamilyOutput,
  ResultsOverview,
  RowsPage,
  RowsQuery,
  RunEvent,
  RunPhase,
  RunProgress,
  RunSummary,
} from '../../contract/ipc';
import { discoverFiles, type DiscoveredFile } from '../../../src-worker/engine/discover';
import { ConfigLoadError, formatProblem, loadSearchSet } from '../../../src-worker/engine/config/load';
import { OS_FAMILIES, type OsFamily, type SearchSet, type SkippedFile, type SystemInfo } from '../../../src-worker/engine/types';
import { compareCodePoints } from '../../../src-worker/engine/text';
// From atomic.ts, not the export index: the main process must not load exceljs.
import { assertWritableDir } from '../../../src-worker/export/atomic';
import type { ExportFamilyRequest, ExportFamilyResult, SearchSetSource } from '../../../src-worker/worker/api';
import { searchSetKey } from '../../../src-worker/worker/set-key';
import type { RunStartOptions } from '../app/app-core';
import { JobAbortedError } from '../pool/errors';
import { planSearchTasks } from '../pool/plan';
import { dispatchSearches, type FileSearchOutcome } from '../pool/search-dispatch';
import type { WorkerHandle, WorkerPool } from '../pool/worker-pool';
import { sniffFamilies } from '../../../src-worker/engine/sniff';
import { placeExports, type FamilyRows } from './export-placement';
import { gatherRows, type FileParts } from './gather-rows';
import { decideOutcome } from './outcome';
import { makeRunFolder, sweepRunFolders } from './run-folders';
import { ResultStore, searchOverview, type FamilyOverview } from './result-store';

export interface JobRunnerOptions {
  pool: WorkerPool;
  appVersion: string;
  /** Input file pattern (the CLI's --filespec). */
  filespec?: string;
  /** Where run folders (spill files, result tables) go; default the OS temp folder. */
  tempRoot?: string;
  /** Cancel: how long running tasks may finish before they are killed. */
  cancelGraceMs?: number;
  /** Minimum time between two progress events. */
  progressIntervalMs?: number;
  /** Keep this many runs' results for browsing. */
  keepRuns?: number;
  /** Keep result tables for browsing (getOverview/getRows); default true. The CLI does without. */
  keepResults?: boolean;
}

/** Thrown inside a run when it was cancelled. */
class RunCancelled extends Error {}

/** The search set is invalid; its problems were already sent as error events. */
class SearchSetInvalid extends Error {}

interface ActiveRun {
  runId: string;
  opts: RunStartOptions;
  abort: AbortController;
  force: boolean;
  graceTimer: NodeJS.Timeout | null;
  progress: RunProgress;
  startedAt: Date;
  /** Start of the search phase, for the ETA. */
  searchStartedMs: number | null;
  lastEmit: number;
  done: Promise<RunSummary>;
}

export class JobRunner {
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private readonly store: ResultStore;
  private active: ActiveRun | null = null;
  private readonly finished = new Map<string, Promise<RunSummary>>();

  constructor(private readonly opts: JobRunnerOptions) {
    this.store = new ResultStore(opts.keepRuns ?? 3);
  }

  onEvent(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Starts a run; one at a time. The summary comes as the last event and from `whenDone`. */
  async start(options: RunStartOptions): Promise<{ runId: string }> {
    if (this.active) throw new Error('a run is already in progress');
    const runId = randomUUID();
    this.opts.pool.resize(options.workerCount);
    const abort = new AbortController();
    // Every queued pool job listens to the run's signal; thousands of files are normal.
    setMaxListeners(0, abort.signal);
    const run: ActiveRun = {
      runId,
      opts: options,
      abort,
      force: false,
      graceTimer: null,
      startedAt: new Date(),
      searchStartedMs: null,
      lastEmit: 0,
      progress: {
        runId,
        phase: 'discovering',
        filesDone: 0,
        filesTotal: 0,
        bytesDone: 0,
        bytesTotal: 0,
        rowsFound: 0,
        workers: this.opts.pool.statuses(),
        etaSeconds: null,
        elapsedMs: 0,
      },
      done: Promise.resolve(null as unknown as RunSummary),
    };
    this.active = run;
    // The run is cleared before its done event goes out: a listener starting the next run on
    // `done` must find the runner free (it used to be refused for as long as the cleanup took).
    run.done = this.execute(run).then((summary) => {
      if (run.graceTimer) clearTimeout(run.graceTimer);
      if (this.active === run) this.active = null;
      this.emit({ type: 'done', summary });
      return summary;
    });
    this.finished.set(runId, run.done);
    return { runId };
  }

  whenDone(runId: string): Promise<RunSummary> {
    const done = this.finished.get(runId);
    if (!done) return Promise.reject(new Error(`unknown run ${runId}`));
    return done;
  }

  /** Cancel (grace period, then kill) or force stop (kill now). A second call may escalate to force. */
  async cancel(runId: string, force: boolean): Promise<void> {
    const run = this.active;
    if (!run || run.runId !== runId) return;
    const first = !run.abort.signal.aborted;
    if (first) {
      run.abort.abort();
      this.setPhase(run, 'cancelling');
    }
    if (force && !run.force) {
      run.force = true;
      this.opts.pool.killBusy('force stop');
    } else if (first) {
      run.graceTimer = setTimeout(() => this.opts.pool.killBusy('cancelled'), this.opts.cancelGraceMs ?? 5000);
      run.graceTimer.unref();
    }
  }

  async getOverview(runId: string): Promise<ResultsOverview> {
    return this.store.getOverview(runId);
  }

  getRows(runId: string, query: RowsQuery): Promise<RowsPage> {
    return this.store.getRows(runId, query);
  }

  async dispose(): Promise<void> {
    if (this.active) {
      await this.cancel(this.active.runId, true);
      await this.active?.done.catch(() => undefined);
    }
    await this.store.dispose();
  }

  // ---- the run

  private emit(event: RunEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a listener's failure must not break the run
      }
    }
  }

  private emitProgress(run: ActiveRun, force = false): void {
    const now = Date.now();
    if (!force && now - run.lastEmit < (this.opts.progressIntervalMs ?? 100)) return;
    run.lastEmit = now;
    const p = run.progress;
    p.elapsedMs = now - run.startedAt.getTime();
    p.workers = this.opts.pool.statuses();
    p.etaSeconds = null;
    if (p.phase === 'searching' && run.searchStartedMs !== null && p.bytesDone > 0 && p.bytesTotal > p.bytesDone) {
      const rate = p.bytesDone / Math.max(1, now - run.searchStartedMs);
      p.etaSeconds = Math.ceil((p.bytesTotal - p.bytesDone) / rate / 1000);
    }
    this.emit({ type: 'progress', progress: { ...p, workers: p.workers.map((w) => ({ ...w })) } });
  }

  private setPhase(run: ActiveRun, phase: RunPhase): void {
    if (run.progress.phase === 'cancelling' && phase !== 'cancelled' && phase !== 'failed' && phase !== 'done') return;
    run.progress.phase = phase;
    this.emitProgress(run, true);
  }

  private checkCancelled(run: ActiveRun): void {
    if (run.abort.signal.aborted) throw new RunCancelled();
  }

  private warn(run: ActiveRun, message: string, file: string | null): void {
    this.emit({ type: 'warning', runId: run.runId, message, file });
  }

  private async execute(run: ActiveRun): Promise<RunSummary> {
    const { opts } = run;
    const signal = run.abort.signal;
    let tempDir = '';
    const stagingDir = join(opts.outputDir, `.kpat-staging-${run.runId}`);
    const skipped: SkippedFile[] = [];
    const failedFiles: FailedFile[] = [];
    let systems: SystemInfo[] = [];
    let families: FamilyOutput[] = [];
    let searchSetTitle = opts.searchSetTitle;
    let keepTemp = false;
    let filesTotal = 0;
    let filesSearched = 0;
    const summary = (cancelled: boolean, error: string | null): RunSummary => ({
      runId: run.runId,
      ...decideOutcome({
        cancelled,
        error,
        filesTotal,
        filesSearched,
        filesSkipped: skipped.length,
        filesFailed: failedFiles.length,
        familiesExported: families.length,
        familiesFailed: 0,
      }),
      root: opts.root,
      outputDir: opts.outputDir,
      searchSetTitle,
      startedAt: run.startedAt.toISOString(),
      elapsedMs: Date.now() - run.startedAt.getTime(),
      systems: systems.length,
      filesTotal,
      filesSearched,
      skipped,
      failedFiles,
      families,
      familiesWithoutWorkbook: [],
    });
    const ticker = setInterval(() => this.emitProgress(run), 250);
    // Memory held for this run in the workers is freed when it ends, whatever the outcome.
    // A worker still busy in a long search answers late: do not wait for it more than a moment.
    const releaseHeld = (): Promise<unknown> =>
      Promise.race([
        Promise.allSettled(this.opts.pool.slotIds().map((slot) => this.opts.pool.directToSlot(slot, (api) => api.releaseHeld(tempDir)))),
        new Promise((resolve) => setTimeout(resolve, 2000).unref()),
      ]);
    try {
      // discover
      this.setPhase(run, 'discovering');
      const tempRoot = this.opts.tempRoot ?? tmpdir();
      // Leftovers of runs whose process was killed; ours is made after the sweep.
      await sweepRunFolders(tempRoot);
      tempDir = await makeRunFolder(tempRoot);
      // Fail before the work, not after it, when the output folder cannot be written.
      await assertWritableDir(opts.outputDir);
      const files = await discoverFiles(opts.root, this.opts.filespec ?? '*.txt', { exclude: [opts.outputDir] });
      filesTotal = files.length;
      this.checkCancelled(run);

      // Systems are detected by the search tasks themselves: one read, decode and hash per file
      // instead of two (a separate detection pass cost ~20% more CPU on large runs).
      // Each file's first bytes, for its family: started first, because loading the search set
      // runs mostly synchronously (these reads proceed meanwhile in the I/O threads).
      const familiesPromise = sniffFamilies(files);
      const setPromise = loadSearchSet(opts.searchSetFile, opts.libraryDir ? { libraryDir: opts.libraryDir } : {});
      setPromise.catch(() => undefined);

      // load and validate the search set
      this.setPhase(run, 'loading-config');
      let set: SearchSet;
      try {
        set = await setPromise;
      } catch (err) {
        if (err instanceof ConfigLoadError) {
          for (const p of err.problems) {
            this.emit({ type: 'error', runId: run.runId, message: formatProblem(p), file: p.file, search: p.search });
          }
          throw new SearchSetInvalid(`The search set has ${err.problems.length} problem(s):\n${err.message}`);
        }
        throw err;
      }
      for (const w of set.warnings) this.warn(run, w, set.rootFile);
      searchSetTitle = opts.searchSetTitle || basename(set.rootFile);
      this.checkCancelled(run);

      // search (pool); the phase starts once its totals are known
      const source: Extract<SearchSetSource, { kind: 'specs' }> = { kind: 'specs', key: searchSetKey(set.searches), searches: set.searches };
      const sniffed = await familiesPromise;
      const outcomes = await this.search(run, files, sniffed, set, source, tempDir);
      this.checkCancelled(run);

      // merge per family
      this.setPhase(run, 'merging');
      const searched = new Map<string, Extract<FileSearchOutcome, { kind: 'searched' }>>();
      for (const o of outcomes) {
        if (o.kind === 'searched') searched.set(o.file.relPath, o);
        else if (o.kind === 'skipped') {
          skipped.push(o.skipped);
          this.warn(run, `Skipped ${o.skipped.relPath}: ${o.skipped.reason}`, o.skipped.relPath);
        } else {
          failedFiles.push({ relPath: o.file.relPath, reason: o.reason, search: o.search });
          this.emit({ type: 'error', kind: 'file-failed', runId: run.runId, message: `${o.file.relPath} failed: ${o.reason}`, file: o.file.relPath, search: o.search });
        }
      }
      systems = [...searched.values()].map((o) => o.system);
      filesSearched = systems.length;
      systems.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
      // Completion order varies with the worker count; the Summary sheet lists them by path.
      skipped.sort((a, b) => compareCodePoints(a.relPath, b.relPath));
      failedFiles.sort((a, b) => compareCodePoints(a.relPath, b.relPath));

      // export (pool), all families in parallel, into the staging folder
      const familyList = OS_FAMILIES.filter((f) => systems.some((s) => s.osFamily === f));
      run.progress.filesTotal = familyList.length;
      run.progress.filesDone = 0;
      this.setPhase(run, 'exporting');
      const exported = await this.exportFamilies(run, familyList, systems, searched, source, stagingDir, tempDir, { skipped, failedFiles, searchSetTitle });
      this.checkCancelled(run);

      // commit: move every file into the output folder
      families = [];
      const overviewFamilies: FamilyOverview[] = [];
      for (const result of exported) {
        const workbookPath = await this.commit(result.workbookPath, opts.outputDir);
        const jsonPath = result.jsonPath ? await this.commit(result.jsonPath, opts.outputDir) : null;
        const famSystems = systems.filter((s) => s.osFamily === result.family);
        families.push({
          family: result.family,
          systems: famSystems.length,
          searches: result.searches.length,
          rows: result.searches.reduce((n, s) => n + s.totalRows, 0),
          workbookPath,
          jsonPath,
        });
        overviewFamilies.push({ family: result.family, systems: famSystems, searches: result.searches.map((s) => searchOverview(result.family, s)) });
      }
      await rm(stagingDir, { recursive: true, force: true });
      const done = summary(false, null);
      if (this.opts.keepResults ?? true) {
        await this.store.add(run.runId, { runId: run.runId, summary: done, families: overviewFamilies }, exported.map((e) => e.searches), tempDir);
        keepTemp = true;
      }
      run.progress.etaSeconds = null;
      if (done.error !== null) this.emit({ type: 'error', runId: run.runId, message: done.error, file: null, search: null });
      this.setPhase(run, done.outcome === 'failed' ? 'failed' : 'done');
      return done;
    } catch (err) {
      const cancelled = err instanceof RunCancelled || err instanceof JobAbortedError || signal.aborted;
      await rm(stagingDir, { recursive: true, force: true }).catch(() => undefined);
      families = [];
      const message = err instanceof Error ? err.message : String(err);
      if (!cancelled && !(err instanceof SearchSetInvalid)) this.emit({ type: 'error', runId: run.runId, message, file: null, search: null });
      this.setPhase(run, cancelled ? 'cancelled' : 'failed');
      return summary(cancelled, message);
    } finally {
      clearInterval(ticker);
      if (tempDir) await releaseHeld();
      if (!keepTemp && tempDir) await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private async search(
    run: ActiveRun,
    files: DiscoveredFile[],
    families: ReadonlyMap<string, OsFamily | null>,
    set: SearchSet,
    source: Extract<SearchSetSource, { kind: 'specs' }>,
    tempDir: string,
  ) {
    const p = run.progress;
    p.filesTotal = files.length;
    p.filesDone = 0;
    p.bytesTotal = files.reduce((n, f) => n + f.sizeBytes, 0);
    p.bytesDone = 0;
    p.rowsFound = 0;
    run.searchStartedMs = Date.now();
    this.setPhase(run, 'searching');
    const tasks = planSearchTasks(files, { workers: this.opts.pool.size, searchIndexes: set.searches.map((s) => s.index), families });
    return dispatchSearches({
      pool: this.opts.pool,
      tasks,
      searchSet: source,
      spillDir: join(tempDir, 'spill'),
      hold: true,
      perFileTimeoutMs: run.opts.perFileTimeoutSec * 1000,
      signal: run.abort.signal,
      onFile: (o) => {
        p.filesDone++;
        p.bytesDone += o.file.sizeBytes;
        if (o.kind === 'searched') for (const n of Object.values(o.rowCounts)) p.rowsFound += n;
        this.emitProgress(run);
      },
      onRetry: (relPath, reason) => this.emit({ type: 'warning', kind: 'retry', runId: run.runId, message: `Retrying ${relPath}: ${reason}`, file: relPath }),
    });
  }

  /** Every family's workbook, in parallel, each on the worker export-placement.ts picks. */
  private async exportFamilies(
    run: ActiveRun,
    familyList: OsFamily[],
    systems: SystemInfo[],
    searched: Map<string, Extract<FileSearchOutcome, { kind: 'searched' }>>,
    source: Extract<SearchSetSource, { kind: 'specs' }>,
    stagingDir: string,
    tempDir: string,
    facts: ExportFacts,
  ): Promise<ExportFamilyResult[]> {
    if (familyList.length === 0) return [];
    await mkdir(stagingDir, { recursive: true });
    const p = run.progress;
    const byFamily = new Map(
      familyList.map((family) => [family, systems.filter((s) => s.osFamily === family).map((s) => searched.get(s.relPath) as Extract<FileSearchOutcome, { kind: 'searched' }>)]),
    );
    const rows = familyList.map((family) => ({ family, ...rowsHeld(byFamily.get(family) ?? [], (h) => this.opts.pool.isAlive(h)) }));
    const placed = placeExports(rows, this.opts.pool.slotIds());
    const done = new Map<OsFamily, ExportFamilyResult>();
    await Promise.all(
      familyList.map(async (family) => {
        const outcomes = byFamily.get(family) ?? [];
        done.set(family, await this.exportFamily(run, family, outcomes.map((o) => o.system), outcomes, source, stagingDir, tempDir, facts, placed.get(family)));
        p.filesDone++;
        this.emitProgress(run);
      }),
    );
    return familyList.map((f) => done.get(f) as ExportFamilyResult);
  }

  /** One family's export on the pool (on `slot` first); retried once. */
  private async exportFamily(
    run: ActiveRun,
    family: OsFamily,
    famSystems: SystemInfo[],
    searched: readonly Extract<FileSearchOutcome, { kind: 'searched' }>[],
    source: Extract<SearchSetSource, { kind: 'specs' }>,
    stagingDir: string,
    tempDir: string,
    facts: ExportFacts,
    slot?: number,
  ): Promise<ExportFamilyResult> {
    const fileParts: FileParts[] = searched.map((o) => ({ file: o.file, parts: o.parts }));
    const request: ExportFamilyRequest = {
      family,
      setKey: source.key,
      systems: famSystems,
      spills: fileParts.map((f) => f.parts.map((part) => part.path)),
      checks: searched.map((o) => o.checks),
      outDir: stagingDir,
      timestamp: run.startedAt.toISOString(),
      writeJson: run.opts.writeJson,
      storeDir: join(tempDir, 'store'),
      keepTables: this.opts.keepResults ?? true,
      facts: {
        startedAt: run.startedAt.toISOString(),
        searchSetTitle: facts.searchSetTitle,
        inputFolder: run.opts.root,
        appVersion: this.opts.appVersion,
        skipped: facts.skipped,
        failedFiles: facts.failedFiles,
      },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        // First on the worker placeExports chose, and only there (a thief would have to fetch the rows
        // it holds); a retry goes to whichever worker is free.
        const prefer = attempt === 0 ? slot : undefined;
        return await this.opts.pool.run(
          { label: `export ${family}`, searchSet: source, signal: run.abort.signal, urgent: attempt > 0, ...(prefer === undefined ? {} : { prefer, strict: true }) },
          async (api, worker) => {
            const gathered = await gatherRows(this.opts.pool, api, worker, fileParts, source.key);
            if (gathered.searchedAgain.length) {
              this.warn(run, `Searched again for the ${family} export (their worker had ended): ${gathered.searchedAgain.join(', ')}`, null);
            }
            return api.exportFamily(request);
          },
        );
      } catch (err) {
        if (attempt >= 1 || run.abort.signal.aborted) throw err;
        this.warn(run, `Retrying the ${family} export: ${err instanceof Error ? err.message : String(err)}`, null);
      }
    }
  }

  /** Moves a finished file from the staging folder into the output folder. */
  private async commit(staged: string, outputDir: string): Promise<string> {
    const target = join(resolve(outputDir), basename(staged));
    await rename(staged, target);
    return target;
  }
}

/** The run-wide facts a family's Summary sheet lists. */
interface ExportFacts {
  skipped: SkippedFile[];
  failedFiles: FailedFile[];
  searchSetTitle: string;
}

/** A family's result rows, and how many of them each live worker holds in memory. */
function rowsHeld(outcomes: readonly Extract<FileSearchOutcome, { kind: 'searched' }>[], alive: (h: WorkerHandle) => boolean): Omit<FamilyRows, 'family'> {
  let rows = 0;
  const heldBySlot = new Map<number, number>();
  for (const o of outcomes) {
    const fileRows = Object.values(o.rowCounts).reduce((a, b) => a + b, 0);
    rows += fileRows;
    for (const part of o.parts) {
      if (part.holder && alive(part.holder)) heldBySlot.set(part.holder.slot, (heldBySlot.get(part.holder.slot) ?? 0) + fileRows / o.parts.length);
    }
  }
  return { rows, heldBySlot };
}

/** Lists leftover staging folders (for tests and cleanup tools). */
export async function stagingFolders(outputDir: string): Promise<string[]> {
  try {
    return (await readdir(outputDir)).filter((n) => n.startsWith('.kpat-staging-'));
  } catch {
    return [];
  }
}
