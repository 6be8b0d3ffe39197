// The contract between the UI (renderer) and the app core (main process or browser host).
// Types only: the renderer imports this file with `import type`, and both bridges
// (Electron preload, WebSocket browser host) implement `KpatBridge` on top of it. Every type of
// a value the UI sends is inferred from its schema in schemas.ts, which both hosts check.

import type {
  ConfigProblem,
  OsFamily,
  SkippedFile,
  SystemInfo,
  Cell,
  SearchOptionsSummary,
  SysFilter,
} from '../../src-worker/engine/types';

import type { EvidenceState, Mark, MarkStatus, MarkTarget } from '../../src-worker/engine/marks';
import type { CheckTable } from '../../src-worker/engine/types';
import type { InferOutput, ObjectSchema } from 'valibot';
import type { CompareGrid } from '../../src-worker/engine/compare/compare-grid';
import type { FamilyDiff } from '../../src-worker/engine/compare/run-diff';
import type { SourceContext } from '../../src-worker/engine/source-lines';
import type {
  AppSettingsEntries,
  CompareQuerySchema,
  MarkRequestSchema,
  RowsQuerySchema,
  RunRequestSchema,
  SearchSetRefSchema,
  SourceContextQuerySchema,
  SystemViewQuerySchema,
  ViewExportQuerySchema,
} from './schemas';

export type { ConfigProblem, OsFamily, SkippedFile, SystemInfo, Cell, SearchOptionsSummary, SysFilter };

// ---- settings

/** The settings (fields and their rules: `appSettingsEntries` in schemas.ts). */
export type AppSettings = InferOutput<ObjectSchema<AppSettingsEntries, undefined>>;

export interface SettingsState {
  settings: AppSettings;
  /** Set when the settings file was unreadable or invalid and defaults were used. */
  notice: string | null;
  /** Bounds for the UI. */
  maxWorkers: number;
}

// ---- input

export interface ScanResult {
  root: string;
  systems: SystemInfo[];
  skipped: SkippedFile[];
  /** Files that matched the file pattern, before detection. */
  filesFound: number;
  totalBytes: number;
  /** When no file could be read: why (e.g. the folder is the output folder, never scanned), else null. */
  emptyReason: string | null;
}

// ---- search sets

export type SearchSetRef = InferOutput<typeof SearchSetRefSchema>;

export interface SearchSetInfo {
  ref: SearchSetRef;
  /** e.g. "All systems (built-in)" or the file name. */
  title: string;
  description: string;
}

export interface SearchSetSearch {
  index: number;
  name: string;
  sheetName: string;
  comment: string | null;
  /** Which family the search routes to, or null when it applies to every family. */
  family: OsFamily | null;
  source: { file: string; line: number };
  filters: SysFilter[];
  options: SearchOptionsSummary & { rsDelimiter: string | null; mergeFields: { sourceColumns: string[]; destColumn: string }[] };
  /** Names of the systems of the current scan that this search applies to (when a scan is given). */
  appliesTo: string[];
  /** Of the scan's systems, those it leaves out only because of a producer_version filter (an older or newer collector). */
  skippedByVersion: string[];
}

export interface SearchSetReport {
  ref: SearchSetRef;
  title: string;
  /** Every YAML file read. */
  files: string[];
  searchCount: number;
  perFamily: Record<OsFamily | 'Any', number>;
  searches: SearchSetSearch[];
  warnings: string[];
  /** When non-empty, the set cannot run. */
  problems: ConfigProblem[];
}

// ---- runs

/** What to run: the folder, the search set, and optional overrides of the settings. */
export type RunRequest = InferOutput<typeof RunRequestSchema>;

export type RunPhase =
  | 'discovering'
  | 'detecting'
  | 'loading-config'
  | 'searching'
  | 'merging'
  | 'exporting'
  | 'done'
  | 'cancelling'
  | 'cancelled'
  | 'failed';

export interface WorkerStatus {
  id: number;
  state: 'starting' | 'idle' | 'busy' | 'restarting' | 'stopped';
  /** Relative path of the file (or "export Linux") it works on. */
  task: string | null;
  pid: number | null;
  /**
   * Where in its task the worker said it is: the search (a file's searches run together in one
   * pass, so that is "all 156 searches, line 1,200 of 9,000"; a watchdog's retry runs them one at a
   * time and names each), or the sheet an export writes. Null when it said nothing yet.
   */
  detail: string | null;
  /** Time on its current file (or task), ms; null when idle. */
  taskMs: number | null;
}

/** One family's export, as its worker reports it. */
export interface FamilyExportProgress {
  family: OsFamily;
  /**
   * waiting: queued; tables: gathering rows and building the result tables; sheets: writing
   * rows; finishing: closing the workbook (and JSON); done; failed.
   */
  step: 'waiting' | 'tables' | 'sheets' | 'finishing' | 'done' | 'failed';
  rowsWritten: number;
  /** Rows of the workbook (estimated from the search until the worker counts them). */
  rowsTotal: number;
  /** The sheet being written (tables: the sheet whose table is being built). */
  sheet: string | null;
  /** Worker id, while one works on it. */
  worker: number | null;
}

/**
 * No file has finished for longer than files usually take, and one is still being worked on:
 * the ETA is not a countdown then, but says where the run is stuck.
 */
export interface RunStall {
  /** The file (or "the Linux workbook") the worker is stuck on. */
  task: string;
  /** Its search or sheet, when the worker said (WorkerStatus.detail). */
  detail: string | null;
  /** Time on that task so far. */
  forMs: number;
  worker: number;
}

export interface RunProgress {
  runId: string;
  phase: RunPhase;
  /** Files finished (searched, skipped or failed). */
  filesDone: number;
  /** Files to search. */
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  rowsFound: number;
  /** Files searched to the end: the systems (skipped and failed files are counted apart). */
  systemsSearched: number;
  /** Files read but not audit results (not systems), so far. */
  filesSkipped: number;
  /** Files whose search failed for good, so far. */
  filesFailed: number;
  /** The families' exports, from the export phase on. */
  exports: FamilyExportProgress[];
  workers: WorkerStatus[];
  /** Seconds left, when it can be estimated (never while stalled). */
  etaSeconds: number | null;
  stalled: RunStall | null;
  elapsedMs: number;
}

export interface FamilyOutput {
  family: OsFamily;
  systems: number;
  searches: number;
  rows: number;
  workbookPath: string | null;
  jsonPath: string | null;
}

/** A file that matched the pattern and is a system, but whose search did not finish. */
export interface FailedFile {
  relPath: string;
  /** Why, in words (watchdog, worker died twice, read error, changed while being read…). */
  reason: string;
  /** The search it was on, when known (a watchdog names it). */
  search: string | null;
  /**
   * Only `search` failed: the watchdog stopped it twice on this file, so the file was searched
   * without it and its other searches' rows are in the workbook (the file is partial).
   */
  partial?: boolean;
}

/**
 * How a run ended; exactly one per run, the same in the UI, the CLI (exit code), the workbooks'
 * Summary sheet and the JSON.
 * - complete: every system file was searched and every family with a search was exported.
 * - partial: something was exported, but at least one file (or one family's export) failed.
 * - failed: nothing could be searched or exported (RunSummary.error says why).
 * - cancelled: stopped by the user; the files already searched may still have been exported.
 */
export type RunOutcome = 'complete' | 'partial' | 'failed' | 'cancelled';

/**
 * How to stop a run. keep: no new file starts, the files being searched get a grace period, and
 * the files searched by then are exported as complete workbooks labelled "cancelled: N of M files
 * searched". discard: the same stop, but nothing is exported. force: stop at once, nothing kept.
 */
export type CancelMode = 'keep' | 'discard' | 'force';

/** A family that had systems (or files) in the run but got no workbook, and why. */
export interface FamilyWithoutWorkbook {
  family: OsFamily;
  reason: string;
  /** Its workbook was to be written but its export failed (the run is then partial, or failed). */
  exportFailed?: boolean;
}

export interface RunSummary {
  runId: string;
  outcome: RunOutcome;
  /** Why the run failed (outcome 'failed'), else null. */
  error: string | null;
  root: string;
  outputDir: string;
  searchSetTitle: string;
  startedAt: string;
  elapsedMs: number;
  systems: number;
  /** Files that matched the file pattern. */
  filesTotal: number;
  /** Of those, files searched to the end (a cancelled run: "N of M files searched"). */
  filesSearched: number;
  skipped: SkippedFile[];
  /** Sorted by path; each file once. */
  failedFiles: FailedFile[];
  families: FamilyOutput[];
  familiesWithoutWorkbook: FamilyWithoutWorkbook[];
  /** The printable report (kpat_report-<timestamp>.html), when the run was asked to write one. */
  reportPath?: string;
  /** The run manifest written beside the workbooks (run-manifest.ts), or null when none was written. */
  manifestPath: string | null;
}

export type RunEvent =
  | { type: 'progress'; progress: RunProgress }
  /** `retry`: a task failed once and runs again (the run's end says whether it then failed). */
  | { type: 'warning'; runId: string; message: string; file: string | null; kind?: 'retry' }
  /** `file-failed`: one file of the run failed for good (it is also in RunSummary.failedFiles). */
  | { type: 'error'; runId: string; message: string; file: string | null; search: string | null; kind?: 'file-failed' }
  | { type: 'done'; summary: RunSummary };

// ---- results browsing (results stay on the main side; the UI asks for pages)

export interface SearchOverview {
  family: OsFamily;
  index: number;
  search: string;
  /** The workbook's tab for it: sanitised and unique within the workbook (e.g. `SSH_Effective_Settings`). */
  sheet: string;
  /** What the search is called: its `excel_sheet_name` as written (the key when it has none). */
  title: string;
  /**
   * The part of the library the search comes from (its YAML file's area: search-areas.ts), which
   * the search list groups by; null for runs recorded before areas were kept.
   */
  area: string | null;
  comment: string | null;
  header: string[];
  totalRows: number;
  systemsWithHits: number;
}

export interface ResultsOverview {
  runId: string;
  summary: RunSummary;
  families: { family: OsFamily; systems: SystemInfo[]; searches: SearchOverview[] }[];
}

/** A page of one search's rows, optionally filtered and sorted. */
export type RowsQuery = InferOutput<typeof RowsQuerySchema>;

export interface RowsPage {
  header: string[];
  rows: Cell[][];
  /** Rows matching the filter. */
  total: number;
  offset: number;
  /** When asked (RowsQuery.valueCounts): the column's distinct values, most frequent first, over the rows the other filters keep. */
  values?: { column: number; values: { value: string; count: number }[]; more: number };
}

/** The grid's view to write as a workbook: a RowsQuery without paging, plus the columns shown (header indexes, in order). */
export type ViewExportQuery = InferOutput<typeof ViewExportQuerySchema>;

/** One search across the systems of a family: which values each has, which deviate. */
export type CompareQuery = InferOutput<typeof CompareQuerySchema>;
export type { CompareGrid };
export type { GridCell, GridColumn, GridRow, GridRowState } from '../../src-worker/engine/compare/compare-grid';

// ---- back to the source, one system, drift (issue 14)

export type SourceContextQuery = InferOutput<typeof SourceContextQuerySchema>;
export type { SourceContext };
export type { ContextLine } from '../../src-worker/engine/source-lines';

/** "Show in file": the hit's source lines, read by a worker from the original file after checking its SHA-384. */
export interface SourceView {
  system: string;
  search: string;
  /** The file as the run recorded it. */
  relPath: string;
  filePath: string;
  /** The line shown (the query's, or the first hit of a Compare cell). */
  line: number;
  /** Every hit of this search on this system (line numbers, ascending). */
  hits: number[];
  context: SourceContext;
}

export type SystemViewQuery = InferOutput<typeof SystemViewQuerySchema>;

/**
 * One search on one system. found: it has rows; none: searched, nothing found; not-applicable:
 * the search's filters exclude the system; failed: the file was not searched to the end.
 */
export interface SystemSearchView {
  index: number;
  search: string;
  sheet: string;
  comment: string | null;
  state: 'found' | 'none' | 'not-applicable' | 'failed';
  header: string[];
  /** The system's rows (at most SystemView.rowLimit). */
  rows: Cell[][];
  total: number;
  /** The section the search reads (its pattern's leading `Section::`), when the run knows the search's pattern. */
  section: string | null;
  /** Whether the system's file has that section; false is a coverage gap (an old or partial collection). Null: not known. */
  sectionPresent: boolean | null;
}

/** Everything found for one host across all searches, and what was not (coverage gaps). */
export interface SystemView {
  family: OsFamily;
  system: SystemInfo;
  searches: SystemSearchView[];
  rowLimit: number;
  /** The sections of the system's file, or null with `sectionsNote` saying why (file changed or gone). */
  sections: string[] | null;
  sectionsNote: string | null;
}

/** One family's drift: the engine's difference (run-diff.ts) with its counts per system. */
export interface FamilyDrift extends FamilyDiff {
  bySystem: { system: string; added: number; removed: number; changed: number }[];
}

/** The shown run against an earlier one: rows added, removed and changed per search and per system. */
export interface RunDrift {
  runId: string;
  /** The earlier run: what was chosen, the results JSON files read, and its start time when its manifest says. */
  baseline: { path: string; files: string[]; startedAt: string | null };
  families: FamilyDrift[];
  /** Families only the earlier (baseline) or only the shown run has. */
  onlyBaseline: OsFamily[];
  onlyCurrent: OsFamily[];
}

// ---- checks and marks (issue 15)

export type { CheckTable, EvidenceState, Mark, MarkStatus, MarkTarget };

/** A mark with what became of its evidence in this run (changed or gone is shown, never dropped). */
export type MarkView = Mark & { evidenceState: EvidenceState };

/** A run's check outcomes and the marks of its output folder. */
export interface RunFindings {
  runId: string;
  /** `<output folder>/kpat-findings.json`. */
  findingsPath: string;
  families: { family: OsFamily; checks: CheckTable[] }[];
  marks: MarkView[];
  /** Why the findings file could not be read (it is left as it is, and marks are not saved), else null. */
  error: string | null;
}

export type MarkRequest = InferOutput<typeof MarkRequestSchema>;

// ---- run history (run manifests the app knows or finds in output folders)

export interface RunHistoryEntry {
  manifestPath: string;
  runId: string;
  outcome: RunSummary['outcome'];
  startedAt: string;
  finishedAt: string;
  /** Input folder of the run. */
  root: string;
  outputDir: string;
  searchSetTitle: string;
  systems: number;
  rows: number;
  families: OsFamily[];
  /** Has results, with its results files present: it can be opened without running again. */
  reopenable: boolean;
}

export interface RunHistory {
  /** Newest first. */
  entries: RunHistoryEntry[];
  /** Run whose results this core showed last (survives a reload of the page), or null. */
  current: string | null;
}

// ---- the bridge the renderer sees as `window.kpat`

export interface AppInfo {
  version: string;
  cores: number;
  /** 'electron' or 'browser' (the browser host). */
  host: 'electron' | 'browser';
  platform: string;
}

/** Commands from the native menu (Electron) that the UI carries out. */
export type AppCommand = 'open-folder' | 'open-search-file' | 'open-results' | 'run' | 'cancel' | 'show-results-folder' | 'settings' | 'shortcuts' | 'about';

export interface KpatBridge {
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<SettingsState>;
  saveSettings(patch: Partial<AppSettings>): Promise<SettingsState>;
  /** Native folder picker (browser host: a path the test or user configured). null when cancelled. */
  chooseFolder(): Promise<string | null>;
  chooseSearchFile(): Promise<string | null>;
  /** Native picker for a results folder (or, on macOS, a run manifest or results JSON). null when cancelled. */
  chooseResults(): Promise<string | null>;
  /** Resolve a dropped File to a path (Electron: webUtils.getPathForFile). */
  pathForDroppedFile(file: File): string | null;
  scanFolder(root: string): Promise<ScanResult>;
  listSearchSets(): Promise<SearchSetInfo[]>;
  inspectSearchSet(ref: SearchSetRef, root: string | null): Promise<SearchSetReport>;
  startRun(request: RunRequest): Promise<{ runId: string }>;
  cancelRun(runId: string, mode: CancelMode): Promise<void>;
  /**
   * A finished `partial` run: search its failed files again and rewrite its workbooks (the same
   * results as a clean run when the retry succeeds). Answers the new run's id; its events follow.
   */
  retryFailed(runId: string): Promise<{ runId: string }>;
  resultsOverview(runId: string): Promise<ResultsOverview>;
  resultRows(runId: string, query: RowsQuery): Promise<RowsPage>;
  /**
   * Writes the grid's view (its rows in its order, the columns shown) as a workbook in the run's
   * output folder, `<Family>_<search>-view-<YYYYMMDD-HHMMSS>.xlsx`; it may then be opened (openPath:
   * the browser host downloads it) and shown in its folder.
   */
  exportView(runId: string, query: ViewExportQuery): Promise<{ path: string; rows: number }>;
  /** One search as a grid: a row per system of the family, a column per field or key, deviations marked. */
  compareGrid(runId: string, query: CompareQuery): Promise<CompareGrid>;
  /** "Show in file": the source lines around a hit, read on demand by a worker (never the whole file). */
  sourceContext(runId: string, query: SourceContextQuery): Promise<SourceView>;
  /** One system across every search of its family, with the searches that found nothing for it. */
  systemView(runId: string, query: SystemViewQuery): Promise<SystemView>;
  /**
   * The run against an earlier one (a run manifest from the history, a results folder, or a
   * results JSON): rows added, removed and changed per search and per system.
   */
  driftAgainst(runId: string, earlier: string): Promise<RunDrift>;
  /** Known runs: the history file plus manifests found in the output folders of recent input folders. */
  runHistory(): Promise<RunHistory>;
  /**
   * Opens an earlier run without running it again: a run manifest, a results JSON beside one, or
   * a results folder (its newest manifest). Rows are then browsed with resultRows as for a fresh run.
   */
  openRun(path: string): Promise<ResultsOverview>;
  /** The run manifests directly inside a folder (a dropped folder may be a results folder). */
  runsInFolder(folder: string): Promise<RunHistoryEntry[]>;
  openPath(path: string): Promise<void>;
  showInFolder(path: string): Promise<void>;
  /** The run's check outcomes and the marks of its output folder. */
  runFindings(runId: string): Promise<RunFindings>;
  /** Saves a mark (replacing the one on the same target) in the run's findings file. */
  putMark(runId: string, mark: MarkRequest): Promise<RunFindings>;
  removeMark(runId: string, key: string): Promise<RunFindings>;
  /**
   * Writes the run's printable report beside its workbooks: `html` everywhere; `pdf` in the
   * desktop app (Electron's printToPDF). The browser host prints `reportHtml` with the browser.
   */
  exportReport(runId: string, format: 'html' | 'pdf'): Promise<{ path: string }>;
  /** The run's report as HTML text, with the marks as they are now (the browser's print). */
  reportHtml(runId: string): Promise<string>;
  /** Subscribe to the run event stream; returns an unsubscribe function. */
  onRunEvent(listener: (event: RunEvent) => void): () => void;
  /** Subscribe to native-menu commands (Electron only; the browser host never sends any). */
  onAppCommand?(listener: (command: AppCommand) => void): () => void;
}
