// One run of the searches over an input folder, on the worker pool, as one RunEvent stream.
// A run is a sequence of named steps over one RunContext (run-context.ts):
//   discover → load set → search → export → commit   (steps/*.ts)
// and its one outcome (outcome.ts) is decided from what they did. This file owns the run's life:
// starting it, stopping it (cancel / discard / force), the retry of a partial run's failed files,
// its temporary folder and the results kept for browsing. Electron-free: the desktop app, the
// browser host and the CLI all drive it.
//
// Memory: rows never come to this process. Search tasks keep them in the worker's memory (up to a
// budget) or write them to spill files in the run's temporary folder; the export task of a family
// reads them there (gather-rows.ts). The results view reads the per-search files the export
// tasks leave behind (ResultStore).
//
// Workbooks are written into a staging folder inside the output folder and moved into place
// whole, under names no other file has; a cancelled-and-discarded or failed run leaves none. A run
// that left workbooks also leaves its run manifest (what the app reopens it from: reopen-run.ts).
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { readdir, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { compareGrid, suggestLayout, type CompareGrid } from '../../../src-worker/engine/compare/compare-grid';
import { searchAppliesTo } from '../../../src-worker/engine/filters';
import type { SearchSpec } from '../../../src-worker/engine/types';
import type {
  CancelMode,
  CompareQuery,
  MarkRequest,
  ResultsOverview,
  RowsPage,
  RowsQuery,
  RunDrift,
  RunEvent,
  RunFindings,
  RunSummary,
  SourceContext,
  SourceContextQuery,
  SourceView,
  SystemView,
  SystemViewQuery,
  ViewExportQuery,
} from '../../contract/ipc';
import type { RunStartOptions } from '../app/app-core';
import { JobAbortedError } from '../pool/errors';
import type { WorkerPool } from '../pool/worker-pool';
import { FindingsStore, findingsPath, readMarks } from './findings-store';
import { markKey } from '../../../src-worker/engine/marks';
import { decideOutcome } from './outcome';
import { reportHtml, writeReport, type ReportSource } from './report';
import { familyChecks, findingsView, markFromRequest } from './run-findings';
import { ResultStore } from './result-store';
import { newRunContext, RunCancelled, RunReporter, RunStop, SearchSetInvalid, type PriorRun, type RunContext, type RunEnvironment, type RunSearchSet } from './run-context';
import { loadFamilyTables, overviewFromManifest, reopenedReportSource, resolveManifest } from './reopen-run';
import { makeRunFolder, stagingFolderFor } from './run-folders';
import { hitsOf, resolveBaseline, runDrift, SYSTEM_VIEW_ROW_LIMIT, systemSearchView } from './run-views';
import { commit, recordRun } from './steps/commit';
import { discover } from './steps/discover';
import { exportFamilies } from './steps/export';
import { loadSet } from './steps/load-set';
import { search } from './steps/search';
import { exportViewOnPool } from './view-export';

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
  /** Keep result tables for browsing (getOverview/getRows) and partial runs for a retry; default true. The CLI does without. */
  keepResults?: boolean;
  /** Who marks are by (default: the operating system's user name). */
  user?: string;
  /**
   * Write a run manifest (run-manifest.ts) beside the workbooks of a run that left any, and
   * always the results JSON with them, so the app can reopen the run. Default false (the CLI
   * writes only what its options ask for).
   */
  writeManifest?: boolean;
}

/** The OS user's name, for a mark's "by"; the environment's when the account has none. */
function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

interface ActiveRun {
  ctx: RunContext;
  graceTimer: NodeJS.Timeout | null;
  done: Promise<RunSummary>;
}

export class JobRunner {
  private readonly listeners = new Set<(event: RunEvent) => void>();
  private readonly store: ResultStore;
  private readonly env: RunEnvironment;
  private active: ActiveRun | null = null;
  private readonly finished = new Map<string, Promise<RunSummary>>();
  private readonly reportSources = new Map<string, ReportSource>();
  /** The searches of recent fresh runs (the Compare view's "does not apply"), as many as reportSources. */
  private readonly runSearches = new Map<string, readonly SearchSpec[]>();
  private readonly marks = new FindingsStore();
  /** Who the marks made in this process are by. */
  private readonly user: string;
  /** The latest finished partial run, for retryFailed (its rows stay in its temporary folder). */
  private retryable: PriorRun | null = null;

  constructor(private readonly opts: JobRunnerOptions) {
    this.store = new ResultStore(opts.keepRuns ?? 3);
    this.user = opts.user ?? currentUser();
    this.env = {
      pool: opts.pool,
      appVersion: opts.appVersion,
      filespec: opts.filespec ?? '*.txt',
      tempRoot: opts.tempRoot ?? tmpdir(),
      keepResults: opts.keepResults ?? true,
      writeManifest: opts.writeManifest ?? false,
    };
  }

  onEvent(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Starts a run; one at a time. The summary comes as the last event and from `whenDone`. */
  async start(options: RunStartOptions): Promise<{ runId: string }> {
    return this.launch(options, null);
  }

  /** Searches the failed files of the latest partial run again and rewrites its workbooks. */
  async retryFailed(runId: string): Promise<{ runId: string }> {
    const prior = this.retryable;
    if (!prior || prior.runId !== runId) throw new Error(`run ${runId} has no failed files to retry (only the latest partial run can be retried)`);
    return this.launch(prior.opts, prior);
  }

  whenDone(runId: string): Promise<RunSummary> {
    const done = this.finished.get(runId);
    if (!done) return Promise.reject(new Error(`unknown run ${runId}`));
    return done;
  }

  /**
   * keep / discard: no new file starts and running ones get a grace period, then are killed;
   * force: kill now. A later call may escalate (keep → discard → force).
   */
  async cancel(runId: string, mode: CancelMode): Promise<void> {
    const run = this.active;
    if (!run || run.ctx.runId !== runId) return;
    const first = !run.ctx.stop.cancelled;
    if (!run.ctx.stop.request(mode)) return;
    if (first) run.ctx.report.phase('cancelling');
    if (mode === 'force') {
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

  /** The grid's view as a workbook in the run's output folder (view-export.ts). */
  async exportView(runId: string, query: ViewExportQuery): Promise<{ path: string; rows: number }> {
    const overview = this.store.getOverview(runId);
    const search = overview.families.find((f) => f.family === query.family)?.searches.find((s) => s.index === query.index);
    if (!search) throw new Error(`run ${runId} has no ${query.family} search #${query.index}`);
    const { table, rows } = await this.store.view(runId, query);
    return exportViewOnPool(this.opts.pool, this.env.tempRoot, { search, summary: overview.summary, query, header: table.header, rows });
  }

  /**
   * One search across the family's systems (compare-grid.ts). A system the search's filters
   * exclude is "not applicable" when the run still knows the search set (a fresh run); a
   * reopened run only knows which systems were searched.
   */
  async compareGrid(runId: string, query: CompareQuery): Promise<CompareGrid> {
    const overview = this.store.getOverview(runId);
    const family = overview.families.find((f) => f.family === query.family);
    const search = family?.searches.find((s) => s.index === query.index);
    if (!family || !search) throw new Error(`run ${runId} has no ${query.family} search #${query.index}`);
    const table = await this.store.getTable(runId, query.family, query.index);
    const spec = this.runSearches.get(runId)?.find((s) => s.index === query.index && s.name === search.search);
    const systems = family.systems.map((s) => ({ name: s.systemName, state: spec && !searchAppliesTo(spec, s) ? ('not-applicable' as const) : ('searched' as const) }));
    return compareGrid({ header: table.header, rows: table.rows, systems, layout: suggestLayout(table.header, table.rows), baseline: query.baseline });
  }

  /**
   * "Show in file": the lines around one hit, read by a worker from the original file after its
   * SHA-384 is checked against the run's (run-views.ts picks the hit; source-context.ts reads).
   * The job goes to the head of the queue: during a run it waits only for the next free worker.
   */
  async sourceContext(runId: string, query: SourceContextQuery): Promise<SourceView> {
    const { family, search } = this.searchOf(runId, query.family, query.index);
    const system = family.systems.find((s) => s.systemName === query.system);
    if (!system) throw new Error(`run ${runId} has no ${query.family} system "${query.system}"`);
    const table = await this.store.getTable(runId, query.family, query.index);
    const { hits, line } = hitsOf(table, system.systemName, query.line, query.column);
    if (line === null) throw new Error(`${system.systemName} has no hit of "${search.search}"${query.column === null ? '' : ` for ${query.column}`} to show`);
    const request = { path: system.filePath, sha384: system.sha384, hit: line, radius: query.radius, hits };
    const context = await this.opts.pool.run<SourceContext>({ label: `show in file ${system.relPath}`, timeoutMs: 60_000, urgent: true }, (api) => api.sourceContext(request));
    return { system: system.systemName, search: search.search, relPath: system.relPath, filePath: system.filePath, line, hits, context };
  }

  /**
   * One system across every search of its family: its rows (SYSTEM_VIEW_ROW_LIMIT per search),
   * and for the searches without any, whether they do not apply, the file failed, or nothing was
   * found — and then whether the file has the section the search reads (a worker lists them).
   */
  async systemView(runId: string, query: SystemViewQuery): Promise<SystemView> {
    const overview = this.store.getOverview(runId);
    const family = overview.families.find((f) => f.family === query.family);
    const system = family?.systems.find((s) => s.systemName === query.system);
    if (!family || !system) throw new Error(`run ${runId} has no ${query.family} system "${query.system}"`);
    const specs = this.runSearches.get(runId);
    const failed = overview.summary.failedFiles.find((f) => f.relPath === system.relPath);
    type Sections = { ok: true; sections: string[] } | { ok: false; message: string };
    const read: Sections = await this.opts.pool
      .run<Sections>({ label: `sections of ${system.relPath}`, timeoutMs: 60_000, urgent: true }, (api) => api.sourceSections(system.filePath, system.sha384))
      .catch((err: unknown) => ({ ok: false as const, message: `its sections could not be listed: ${err instanceof Error ? err.message : String(err)}` }));
    const sections = read.ok ? read.sections : null;
    const searches = [];
    for (const search of family.searches) {
      const table = await this.store.getTable(runId, query.family, search.index);
      const spec = specs?.find((s) => s.index === search.index && s.name === search.search);
      searches.push(systemSearchView(search, table, system, spec, failed, sections));
    }
    return { family: family.family, system, searches, rowLimit: SYSTEM_VIEW_ROW_LIMIT, sections, sectionsNote: read.ok ? null : read.message };
  }

  /**
   * The shown run against an earlier one (run-views.ts resolves what was picked to results JSON
   * files); a worker reads both runs' JSON and compares them (run-diff.ts).
   */
  async driftAgainst(runId: string, earlier: string): Promise<RunDrift> {
    const overview = this.store.getOverview(runId);
    const newer = overview.summary.families.flatMap((f) => (f.jsonPath ? [f.jsonPath] : []));
    if (newer.length === 0) throw new Error('this run left no results JSON, so it cannot be compared with another');
    const baseline = await resolveBaseline(earlier, overview);
    const diff = await this.opts.pool.run({ label: 'compare with an earlier run', timeoutMs: 10 * 60_000, urgent: true }, (api) => api.diffResults(baseline.files, newer));
    return runDrift(runId, earlier, baseline, diff);
  }

  private searchOf(runId: string, familyName: CompareQuery['family'], index: number) {
    const overview = this.store.getOverview(runId);
    const family = overview.families.find((f) => f.family === familyName);
    const search = family?.searches.find((s) => s.index === index);
    if (!family || !search) throw new Error(`run ${runId} has no ${familyName} search #${index}`);
    return { family, search };
  }

  /**
   * Opens an earlier run from its files (a manifest, a results JSON beside one, or a results
   * folder: reopen-run.ts) for browsing like a fresh run's results. Its rows are read from the
   * results JSON when a family is first browsed.
   */
  async reopen(path: string): Promise<ResultsOverview> {
    const { path: manifestPath, manifest } = await resolveManifest(path);
    if (manifest.families.length === 0) throw new Error(`The run in ${manifestPath} was ${manifest.outcome} and left no results to open`);
    if (this.store.has(manifest.runId)) {
      const kept = this.store.getOverview(manifest.runId);
      if (kept.summary.manifestPath === manifestPath) return kept;
    }
    const overview = overviewFromManifest(manifestPath, manifest);
    const tempDir = await makeRunFolder(this.env.tempRoot);
    await this.store.addReopened(manifest.runId, overview, tempDir, (family) => loadFamilyTables(manifestPath, manifest, family, tempDir));
    return overview;
  }

  async dispose(): Promise<void> {
    if (this.active) {
      await this.cancel(this.active.ctx.runId, 'force');
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

  private async launch(options: RunStartOptions, prior: PriorRun | null): Promise<{ runId: string }> {
    if (this.active) throw new Error('a run is already in progress');
    const runId = randomUUID();
    this.opts.pool.resize(options.workerCount);
    const startedAt = new Date();
    const stop = new RunStop();
    // Every queued pool job listens to the run's signals; thousands of files are normal.
    setMaxListeners(0, stop.searching);
    setMaxListeners(0, stop.everything);
    const ctx = newRunContext({
      runId,
      opts: options,
      startedAt,
      env: this.env,
      report: new RunReporter(runId, startedAt, (e) => this.emit(e), () => this.opts.pool.statuses(), this.opts.progressIntervalMs ?? 100),
      stop,
      prior,
      stagingDir: stagingFolderFor(options.outputDir, runId),
    });
    const run: ActiveRun = { ctx, graceTimer: null, done: Promise.resolve(null as unknown as RunSummary) };
    this.active = run;
    // The run is cleared before its done event goes out: a listener starting the next run on
    // `done` must find the runner free (it used to be refused for as long as the cleanup took).
    run.done = this.execute(ctx, () => {
      if (run.graceTimer) clearTimeout(run.graceTimer);
      run.graceTimer = null;
    }).then((summary) => {
      if (this.active === run) this.active = null;
      this.emit({ type: 'done', summary });
      return summary;
    });
    this.finished.set(runId, run.done);
    return { runId };
  }

  /** The steps in order, then the outcome; cleans up whatever happened. */
  private async execute(ctx: RunContext, searchEnded: () => void): Promise<RunSummary> {
    const ticker = setInterval(() => ctx.report.emitProgress(), 250);
    let error: string | null = null;
    let keepTemp = false;
    try {
      const discovered = await discover(ctx);
      this.throwIfDiscarded(ctx);
      const set = await loadSet(ctx);
      ctx.set = set;
      this.throwIfDiscarded(ctx);
      ctx.families = await discovered.families;
      if (!ctx.stop.cancelled) await search(ctx, set);
      // A graceful cancel's grace period covers the searches only, never the exports.
      searchEnded();
      this.throwIfDiscarded(ctx);
      ctx.report.phase('merging');
      await exportFamilies(ctx, set);
      this.throwIfDiscarded(ctx);
      await commit(ctx);
    } catch (err) {
      await rm(ctx.stagingDir, { recursive: true, force: true }).catch(() => undefined);
      ctx.outputs = [];
      ctx.overview = [];
      const cancelled = err instanceof RunCancelled || err instanceof JobAbortedError || ctx.stop.cancelled;
      if (!cancelled) {
        error = err instanceof Error ? err.message : String(err);
        if (!(err instanceof SearchSetInvalid)) ctx.report.error(error);
      }
    } finally {
      searchEnded();
      clearInterval(ticker);
    }
    const summary = this.summarize(ctx, error);
    summary.manifestPath = await recordRun(ctx, summary);
    if (ctx.set && ctx.outputs.length > 0) {
      const source = this.reportSource(ctx, ctx.set, summary);
      this.reportSources.set(ctx.runId, source);
      while (this.reportSources.size > 3) this.reportSources.delete(this.reportSources.keys().next().value as string);
      this.runSearches.set(ctx.runId, ctx.set.source.searches);
      while (this.runSearches.size > 3) this.runSearches.delete(this.runSearches.keys().next().value as string);
      if (ctx.opts.writeReport) {
        try {
          summary.reportPath = await writeReport(source, await readMarks(ctx.opts.outputDir).catch(() => ctx.marks));
        } catch (err) {
          ctx.report.warn(`The report could not be written: ${err instanceof Error ? err.message : String(err)}`, null);
        }
      }
    }
    try {
      if (summary.outcome === 'complete' || summary.outcome === 'partial' || (summary.outcome === 'cancelled' && ctx.outputs.length > 0)) {
        keepTemp = await this.keep(ctx, summary);
      }
    } finally {
      if (ctx.tempDir) await this.releaseHeld(ctx.tempDir);
      // A retry's folder is its prior run's, handed over to it (keep) or still the prior's.
      if (!keepTemp && ctx.tempDir && !ctx.prior) await rm(ctx.tempDir, { recursive: true, force: true }).catch(() => undefined);
    }
    if (summary.error !== null && error === null) ctx.report.error(summary.error);
    ctx.report.progress.etaSeconds = null;
    ctx.report.phase(summary.outcome === 'failed' ? 'failed' : summary.outcome === 'cancelled' ? 'cancelled' : 'done');
    return summary;
  }

  /** What the run's report is made from (now, or later with newer marks: reportHtml). */
  private reportSource(ctx: RunContext, set: RunSearchSet, summary: RunSummary): ReportSource {
    const found = new Set(ctx.staged.flatMap((s) => s.markedRows));
    const foundCells = new Map(ctx.staged.flatMap((s) => s.markedCells));
    const runId = ctx.runId;
    return {
      appVersion: this.env.appVersion,
      setTitle: set.title,
      setHash: { label: 'Search set SHA-256', value: set.sha256 },
      inputFolder: ctx.opts.root,
      outputDir: ctx.opts.outputDir,
      startedAt: summary.startedAt,
      elapsedMs: summary.elapsedMs,
      outcome: summary.outcome,
      families: familyChecks(
        set.source.searches,
        ctx.searched.map((o) => ({ system: o.system, checks: o.checks })),
      ),
      // Rows and cells marked before the run were looked for by the export; later ones in the kept tables.
      rowExists: async (t) => found.has(`${t.search}\u0000${t.system}\u0000${t.text}`) || this.store.rowExists(runId, t),
      cellValues: async (t) => foundCells.get(markKey(t)) ?? this.store.cellValues(runId, t),
    };
  }

  /** What a run's checks, marks and report are made from: kept from the run, or read back from a reopened run's files. */
  private async source(runId: string): Promise<ReportSource> {
    const kept = this.reportSources.get(runId);
    if (kept) return kept;
    const manifestPath = this.store.has(runId) ? this.store.getOverview(runId).summary.manifestPath : undefined;
    if (!manifestPath) throw new Error(`run ${runId} has no checks or report (it exported nothing, or it is no longer kept)`);
    const source = await reopenedReportSource(manifestPath, { rowExists: (t) => this.store.rowExists(runId, t), cellValues: (t) => this.store.cellValues(runId, t) });
    this.reportSources.set(runId, source);
    while (this.reportSources.size > 3) this.reportSources.delete(this.reportSources.keys().next().value as string);
    return source;
  }

  /** The run's printable report with the output folder's marks as they are now. */
  async reportHtml(runId: string): Promise<string> {
    const source = await this.source(runId);
    return reportHtml(source, await this.marks.list(source.outputDir));
  }

  /** Writes (or rewrites, with the marks as they are now) the run's report beside its workbooks. */
  async writeReport(runId: string): Promise<string> {
    const source = await this.source(runId);
    return writeReport(source, await this.marks.list(source.outputDir));
  }

  /** The run's checks and the marks of its output folder, each with what became of its evidence. */
  async findings(runId: string): Promise<RunFindings> {
    const source = await this.source(runId);
    const path = findingsPath(source.outputDir);
    try {
      return findingsView(runId, path, source, await this.marks.list(source.outputDir), null);
    } catch (err) {
      return findingsView(runId, path, source, [], err instanceof Error ? err.message : String(err));
    }
  }

  async putMark(runId: string, req: MarkRequest): Promise<RunFindings> {
    const source = await this.source(runId);
    const marks = await this.marks.put(source.outputDir, await markFromRequest(source, req, this.user, new Date()));
    return findingsView(runId, findingsPath(source.outputDir), source, marks, null);
  }

  async removeMark(runId: string, key: string): Promise<RunFindings> {
    const source = await this.source(runId);
    const marks = await this.marks.remove(source.outputDir, key);
    return findingsView(runId, findingsPath(source.outputDir), source, marks, null);
  }

  private throwIfDiscarded(ctx: RunContext): void {
    if (ctx.stop.cancelled && ctx.stop.mode !== 'keep') throw new RunCancelled();
  }

  private summarize(ctx: RunContext, error: string | null): RunSummary {
    const decided = decideOutcome({
      cancelled: ctx.stop.cancelled,
      error,
      filesTotal: ctx.files.length,
      filesSearched: ctx.searched.length,
      filesSkipped: ctx.skipped.length,
      filesFailed: ctx.failedFiles.length,
      familiesExported: ctx.outputs.length,
      familiesFailed: ctx.familiesFailed,
    });
    return {
      runId: ctx.runId,
      ...decided,
      root: ctx.opts.root,
      outputDir: ctx.opts.outputDir,
      searchSetTitle: ctx.set?.title ?? ctx.opts.searchSetTitle,
      startedAt: ctx.startedAt.toISOString(),
      elapsedMs: Date.now() - ctx.startedAt.getTime(),
      systems: ctx.searched.length,
      filesTotal: ctx.files.length,
      filesSearched: ctx.searched.length,
      skipped: ctx.skipped,
      failedFiles: ctx.failedFiles,
      families: ctx.outputs,
      familiesWithoutWorkbook: ctx.familiesWithoutWorkbook,
      manifestPath: null,
    };
  }

  /** Keeps a run's results for browsing (and a partial run for a retry); true when its folder is kept. */
  private async keep(ctx: RunContext, summary: RunSummary): Promise<boolean> {
    if (!this.env.keepResults || !ctx.set) return false;
    // A retry takes over its prior run's folder: the prior's entry goes without removing it.
    if (ctx.prior) this.store.forget(ctx.prior.runId);
    await this.store.add(ctx.runId, { runId: ctx.runId, summary, families: ctx.overview }, ctx.staged.map((e) => e.searches), ctx.tempDir);
    this.retryable =
      summary.outcome === 'partial' && summary.failedFiles.length > 0
        ? {
            runId: ctx.runId,
            opts: ctx.opts,
            startedAt: ctx.prior?.startedAt ?? ctx.startedAt,
            tempDir: ctx.tempDir,
            files: ctx.files,
            excluded: ctx.excluded,
            families: ctx.families,
            set: ctx.set,
            searched: ctx.searched,
            skipped: ctx.skipped,
            failedFiles: ctx.failedFiles,
            outputs: ctx.outputs,
            manifestPath: summary.manifestPath,
            created: ctx.created,
          }
        : null;
    return true;
  }

  /**
   * Memory held for this run in the workers is freed when it ends, whatever the outcome. A worker
   * still busy in a long search answers late: do not wait for it more than a moment.
   */
  private releaseHeld(tempDir: string): Promise<unknown> {
    const pool = this.opts.pool;
    return Promise.race([
      Promise.allSettled(pool.slotIds().map((slot) => pool.directToSlot(slot, (api) => api.releaseHeld(tempDir)))),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
  }
}

/** Lists leftover staging folders (for tests and cleanup tools). */
export async function stagingFolders(outputDir: string): Promise<string[]> {
  try {
    return (await readdir(outputDir)).filter((n) => n.startsWith('.kpat-staging-'));
  } catch {
    return [];
  }
}
