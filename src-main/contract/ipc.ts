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

import type { InferOutput, ObjectSchema } from 'valibot';
import type { AppSettingsEntries, RowsQuerySchema, RunRequestSchema, SearchSetRefSchema } from './schemas';

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
}

export interface RunProgress {
  runId: string;
  phase: RunPhase;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  rowsFound: number;
  workers: WorkerStatus[];
  /** Seconds left, when it can be estimated. */
  etaSeconds: number | null;
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

export interface FailedFile {
  relPath: string;
  reason: string;
}

export interface RunSummary {
  runId: string;
  outcome: 'completed' | 'cancelled' | 'failed';
  /** Set when outcome is 'failed'. */
  error: string | null;
  root: string;
  outputDir: string;
  searchSetTitle: string;
  startedAt: string;
  elapsedMs: number;
  systems: number;
  skipped: SkippedFile[];
  failedFiles: FailedFile[];
  families: FamilyOutput[];
}

export type RunEvent =
  | { type: 'progress'; progress: RunProgress }
  | { type: 'warning'; runId: string; message: string; file: string | null }
  | { type: 'error'; runId: string; message: string; file: string | null; search: string | null }
  | { type: 'done'; summary: RunSummary };

// ---- results browsing (results stay on the main side; the UI asks for pages)

export interface SearchOverview {
  family: OsFamily;
  index: number;
  search: string;
  sheet: string;
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
export type AppCommand = 'open-folder' | 'open-search-file' | 'run' | 'cancel' | 'show-results-folder' | 'settings' | 'about';

export interface KpatBridge {
  appInfo(): Promise<AppInfo>;
  getSettings(): Promise<SettingsState>;
  saveSettings(patch: Partial<AppSettings>): Promise<SettingsState>;
  /** Native folder picker (browser host: a path the test or user configured). null when cancelled. */
  chooseFolder(): Promise<string | null>;
  chooseSearchFile(): Promise<string | null>;
  /** Resolve a dropped File to a path (Electron: webUtils.getPathForFile). */
  pathForDroppedFile(file: File): string | null;
  scanFolder(root: string): Promise<ScanResult>;
  listSearchSets(): Promise<SearchSetInfo[]>;
  inspectSearchSet(ref: SearchSetRef, root: string | null): Promise<SearchSetReport>;
  startRun(request: RunRequest): Promise<{ runId: string }>;
  cancelRun(runId: string, force: boolean): Promise<void>;
  resultsOverview(runId: string): Promise<ResultsOverview>;
  resultRows(runId: string, query: RowsQuery): Promise<RowsPage>;
  openPath(path: string): Promise<void>;
  showInFolder(path: string): Promise<void>;
  /** Subscribe to the run event stream; returns an unsubscribe function. */
  onRunEvent(listener: (event: RunEvent) => void): () => void;
  /** Subscribe to native-menu commands (Electron only; the browser host never sends any). */
  onAppCommand?(listener: (command: AppCommand) => void): () => void;
}
