// One run's state, shared by its steps (steps/*.ts): what the run was asked to do, how to tell
// the world (RunReporter), how it is being stopped (RunStop), and the facts each step adds for
// the next one. The JobRunner makes one per run and passes it through
// discover → load set → search → export → commit; the outcome is decided from it at the end.
import type { Mark } from '../../../src-worker/engine/marks';
import type {
  CancelMode,
  FailedFile,
  FamilyExportProgress,
  FamilyOutput,
  FamilyWithoutWorkbook,
  RunEvent,
  RunPhase,
  RunProgress,
  WorkerStatus,
} from '../../contract/ipc';
import type { DiscoveredFile } from '../../../src-worker/engine/discover';
import type { OsFamily, SkippedFile } from '../../../src-worker/engine/types';
import type { ExportFamilyResult, SearchSetSource } from '../../../src-worker/worker/api';
import type { RunStartOptions } from '../app/app-core';
import type { FileSearchOutcome } from '../pool/search-dispatch';
import type { WorkerPool } from '../pool/worker-pool';
import type { FileIdentity } from './output-names';
import type { FamilyOverview } from './result-store';
import { estimateProgress, GAPS_KEPT, type ExportClock, type SearchClock } from './progress-estimate';

export type SearchedFile = Extract<FileSearchOutcome, { kind: 'searched' }>;
export type SpecsSource = Extract<SearchSetSource, { kind: 'specs' }>;

/** What does not change from run to run: the pool and the runner's options. */
export interface RunEnvironment {
  pool: WorkerPool;
  appVersion: string;
  filespec: string;
  tempRoot: string;
  /** Keep result tables for browsing (and the rows for a retry); the CLI does without. */
  keepResults: boolean;
  /** Write a run manifest (run-manifest.ts) and the results JSON beside the workbooks, so the app can reopen the run. */
  writeManifest: boolean;
}

/** The loaded search set: the searches as sent to the workers, and the title shown. */
export interface RunSearchSet {
  source: SpecsSource;
  title: string;
  /** SHA-256 of the set's files (report.ts), for the evidence manifest. */
  sha256: string;
  /** The set's main YAML file and every file it included (the run manifest hashes them). */
  files: string[];
}

/**
 * What a retry starts from (JobRunner.retryFailed): the finished run's files, search results
 * (rows on disk in its temporary folder) and outputs, which the retry rewrites.
 */
export interface PriorRun {
  runId: string;
  opts: RunStartOptions;
  startedAt: Date;
  tempDir: string;
  files: DiscoveredFile[];
  excluded: DiscoveredFile[];
  families: ReadonlyMap<string, OsFamily | null>;
  set: RunSearchSet;
  searched: SearchedFile[];
  skipped: SkippedFile[];
  failedFiles: FailedFile[];
  outputs: FamilyOutput[];
  /** The run manifest the prior run wrote; the retry's own manifest replaces it. */
  manifestPath: string | null;
  /** The files it placed (commit step), as placed: the retry replaces these and no other file. */
  created: ReadonlyMap<string, FileIdentity>;
}

/**
 * How the run is being stopped. Any cancel stops new searches (`searching`); Cancel and discard
 * and Force stop also stop the export (`everything`), so nothing is kept.
 */
export class RunStop {
  private readonly searchingCtl = new AbortController();
  private readonly everythingCtl = new AbortController();
  mode: CancelMode | null = null;

  get searching(): AbortSignal {
    return this.searchingCtl.signal;
  }

  get everything(): AbortSignal {
    return this.everythingCtl.signal;
  }

  get cancelled(): boolean {
    return this.mode !== null;
  }

  /** Records the request; a later one may only escalate (keep → discard → force). Returns whether it changed anything. */
  request(mode: CancelMode): boolean {
    const rank: Record<CancelMode, number> = { keep: 0, discard: 1, force: 2 };
    if (this.mode !== null && rank[mode] <= rank[this.mode]) return false;
    this.mode = mode;
    this.searchingCtl.abort();
    if (mode !== 'keep') this.everythingCtl.abort();
    return true;
  }
}

/** Thrown by a step when the run was cancelled and nothing is to be kept. */
export class RunCancelled extends Error {}

/** The search set is invalid; its problems were already sent as error events. */
export class SearchSetInvalid extends Error {}

/** The run's events: progress (throttled), phases, warnings and errors. */
export class RunReporter {
  readonly progress: RunProgress;
  /** The search and export phases' clocks, for the ETA and stall (progress-estimate.ts). */
  private searchClock: SearchClock | null = null;
  private exportClock: ExportClock | null = null;
  private fileSizes = new Map<string, number>();
  private lastEmit = 0;

  constructor(
    private readonly runId: string,
    private readonly startedAt: Date,
    private readonly send: (event: RunEvent) => void,
    private readonly workers: () => WorkerStatus[],
    private readonly intervalMs: number,
  ) {
    this.progress = {
      runId,
      phase: 'discovering',
      filesDone: 0,
      filesTotal: 0,
      bytesDone: 0,
      bytesTotal: 0,
      rowsFound: 0,
      systemsSearched: 0,
      filesSkipped: 0,
      filesFailed: 0,
      exports: [],
      workers: workers(),
      etaSeconds: null,
      stalled: null,
      elapsedMs: 0,
    };
  }

  /** The search phase starts over these files. */
  searchStarted(files: readonly DiscoveredFile[]): void {
    const p = this.progress;
    p.filesTotal = files.length;
    p.filesDone = 0;
    p.bytesTotal = files.reduce((n, f) => n + f.sizeBytes, 0);
    p.bytesDone = 0;
    p.rowsFound = 0;
    p.systemsSearched = 0;
    p.filesSkipped = 0;
    p.filesFailed = 0;
    this.fileSizes = new Map(files.map((f) => [f.relPath, f.sizeBytes]));
    this.searchClock = { startedMs: Date.now(), lastFileDoneMs: null, filesDone: 0, bytesDone: 0, bytesTotal: p.bytesTotal, finishGapsMs: [] };
    this.phase('searching');
  }

  /** One file of the search is finished: searched (with its rows), skipped or failed. */
  fileFinished(kind: 'searched' | 'skipped' | 'failed', bytes: number, rows: number): void {
    const p = this.progress;
    p.filesDone++;
    p.bytesDone += bytes;
    p.rowsFound += rows;
    if (kind === 'searched') p.systemsSearched++;
    else if (kind === 'skipped') p.filesSkipped++;
    else p.filesFailed++;
    const clock = this.searchClock;
    if (clock) {
      const now = Date.now();
      const gaps = [...clock.finishGapsMs, now - (clock.lastFileDoneMs ?? clock.startedMs)].slice(-GAPS_KEPT);
      this.searchClock = { ...clock, lastFileDoneMs: now, filesDone: p.filesDone, bytesDone: p.bytesDone, finishGapsMs: gaps };
    }
    // The search ends as it is, whatever the throttle: "Systems 4 / 4", not the 3 of a dropped update.
    this.emitProgress(p.filesDone === p.filesTotal);
  }

  /** The export phase starts: one entry per workbook, with its rows as the search counted them. */
  exportsStarted(families: readonly { family: OsFamily; rowsTotal: number }[]): void {
    const p = this.progress;
    p.exports = families.map(({ family, rowsTotal }) => ({ family, step: 'waiting', rowsWritten: 0, rowsTotal, sheet: null, worker: null }));
    const now = Date.now();
    this.exportClock = { startedMs: now, rowsWritten: 0, rowsTotal: families.reduce((n, f) => n + f.rowsTotal, 0), lastAdvanceMs: now };
  }

  /** What a family's export did: a worker took it, reported progress, or it ended. */
  exportProgress(family: OsFamily, change: Partial<Omit<FamilyExportProgress, 'family'>>): void {
    const entry = this.progress.exports.find((e) => e.family === family);
    if (!entry) return;
    Object.assign(entry, change);
    if (change.step === 'done' || change.step === 'failed') {
      entry.worker = null;
      entry.sheet = null;
      if (change.step === 'done') entry.rowsWritten = entry.rowsTotal;
    }
    const clock = this.exportClock;
    if (clock) {
      const written = this.progress.exports.reduce((n, e) => n + e.rowsWritten, 0);
      const total = this.progress.exports.reduce((n, e) => n + e.rowsTotal, 0);
      if (written !== clock.rowsWritten || change.step !== undefined) clock.lastAdvanceMs = Date.now();
      clock.rowsWritten = written;
      clock.rowsTotal = total;
    }
    this.emitProgress(change.step === 'done' || change.step === 'failed');
  }

  emit(event: RunEvent): void {
    this.send(event);
  }

  emitProgress(force = false): void {
    const now = Date.now();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    const p = this.progress;
    p.elapsedMs = now - this.startedAt.getTime();
    p.workers = this.workers();
    const estimate = estimateProgress({
      nowMs: now,
      phase: p.phase,
      workerCount: p.workers.length,
      search: this.searchClock,
      export: this.exportClock,
      workers: p.workers,
      fileBytes: (relPath) => this.fileSizes.get(relPath),
    });
    p.etaSeconds = estimate.etaSeconds;
    p.stalled = estimate.stalled;
    this.send({
      type: 'progress',
      progress: { ...p, workers: p.workers.map((w) => ({ ...w })), exports: p.exports.map((e) => ({ ...e })), stalled: p.stalled ? { ...p.stalled } : null },
    });
  }

  /** Once cancelling, only the end phases are shown. */
  phase(phase: RunPhase): void {
    if (this.progress.phase === 'cancelling' && phase !== 'cancelled' && phase !== 'failed' && phase !== 'done') return;
    this.progress.phase = phase;
    this.emitProgress(true);
  }

  warn(message: string, file: string | null, kind?: 'retry'): void {
    this.send({ type: 'warning', runId: this.runId, message, file, ...(kind ? { kind } : {}) });
  }

  error(message: string, file: string | null = null, search: string | null = null, kind?: 'file-failed'): void {
    this.send({ type: 'error', runId: this.runId, message, file, search, ...(kind ? { kind } : {}) });
  }
}

export interface RunContext {
  readonly runId: string;
  readonly opts: RunStartOptions;
  readonly startedAt: Date;
  readonly env: RunEnvironment;
  readonly report: RunReporter;
  readonly stop: RunStop;
  /** Set when this run retries the failed files of an earlier one. */
  readonly prior: PriorRun | null;
  /** Spill files, result tables (kpat-run-<pid>-*); a retry reuses its prior run's. */
  tempDir: string;
  /** Where workbooks are written before the commit (.kpat-staging-<pid>-<runId> in the output folder). */
  readonly stagingDir: string;

  // ---- facts, in the order the steps add them
  /** discover: files matching the pattern (a retry: the prior run's), without the excluded ones. */
  files: DiscoveredFile[];
  /** discover: files the user left out of the run (RunStartOptions.exclude). */
  excluded: DiscoveredFile[];
  /** discover: each file's family guessed from its first bytes (scheduling, and failed files' families). */
  families: ReadonlyMap<string, OsFamily | null>;
  /** discover: the marks of the output folder's findings file (carried into the Checks and Findings sheets). */
  marks: Mark[];
  /** load set */
  set: RunSearchSet | null;
  /** search: by path, a retry's merged with its prior run's. */
  searched: SearchedFile[];
  skipped: SkippedFile[];
  failedFiles: FailedFile[];
  /** export: the workbooks written into the staging folder, in family order. */
  staged: ExportFamilyResult[];
  /** export: families with systems (or failed files) that get no workbook, and why. */
  familiesWithoutWorkbook: FamilyWithoutWorkbook[];
  /** export: families whose export failed (also in familiesWithoutWorkbook). */
  familiesFailed: number;
  /** commit: the files in the output folder. */
  outputs: FamilyOutput[];
  overview: FamilyOverview[];
  /** commit: every file the run placed in the output folder (a retry's: with its prior run's), as placed. */
  created: Map<string, FileIdentity>;
}

/** A run's context before its first step: what it was given, and no facts yet. */
export function newRunContext(given: Pick<RunContext, 'runId' | 'opts' | 'startedAt' | 'env' | 'report' | 'stop' | 'prior' | 'stagingDir'>): RunContext {
  return {
    ...given,
    tempDir: '',
    files: [],
    excluded: [],
    families: new Map(),
    set: null,
    searched: [],
    skipped: [],
    failedFiles: [],
    staged: [],
    familiesWithoutWorkbook: [],
    familiesFailed: 0,
    marks: [],
    outputs: [],
    overview: [],
    created: new Map(),
  };
}
