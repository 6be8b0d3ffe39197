// AppCore: every KpatBridge operation except dialogs and drops, free of Electron, shared by
// the Electron main process and the browser host. It owns the settings, the paths the user
// has chosen (PathGate) and the files its runs wrote (RunOutputs), the scan of the input folder and search-set reports; runs and their
// result pages come from a RunService (the JobRunner on a worker pool).

import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type {
  AppInfo,
  AppSettings,
  CancelMode,
  CompareGrid,
  CompareQuery,
  MarkRequest,
  ResultsOverview,
  RowsPage,
  RowsQuery,
  RunEvent,
  RunFindings,
  RunHistory as RunHistoryList,
  RunHistoryEntry,
  RunDrift,
  RunRequest,
  ScanResult,
  SearchSetInfo,
  SearchSetRef,
  SearchSetReport,
  SettingsState,
  SourceContextQuery,
  SourceView,
  SystemView,
  SystemViewQuery,
  ViewExportQuery,
} from '../../contract/ipc';
import type { SystemInfo } from '../../../src-worker/engine/types';
import { SettingsStore } from '../settings/settings-store';
import type { CoreCommands } from './dispatch';
import { PathGate, RunOutputs } from './path-gate';
import { RunHistory } from './run-history';
import { checkBaseline } from '../run/run-views';
import {
  listBuiltinSets,
  problemsOf,
  reportFromProblems,
  reportFromSet,
  resolveSearchSetFile,
  searchSetTitle,
  type FilterFunctions,
  type SearchSetLoader,
} from './search-sets';

/** What a run needs, resolved from the request, the settings and the path checks. */
export interface RunStartOptions {
  root: string;
  searchSetFile: string;
  searchSetTitle: string;
  libraryDir: string | null;
  outputDir: string;
  workerCount: number;
  perFileTimeoutSec: number;
  writeJson: boolean;
  /** Also write the printable report (kpat_report-<timestamp>.html) into the output folder. */
  writeReport?: boolean;
  /** Input files (relative paths) left out of the run; the run manifest lists them as excluded. */
  exclude?: readonly string[];
  /** An earlier run (results folder or JSON): each family's workbook gets a Changes sheet against it. */
  compareWith?: string | null;
  /** Searches (YAML keys) whose workbook gets a Compare sheet (the search across the systems). */
  compareSheets?: readonly string[];
}

/** Runs and their results (the JobRunner behind an adapter). */
export interface RunService {
  start(options: RunStartOptions): Promise<{ runId: string }>;
  cancel(runId: string, mode: CancelMode): Promise<void>;
  retryFailed(runId: string): Promise<{ runId: string }>;
  getOverview(runId: string): Promise<ResultsOverview>;
  getRows(runId: string, query: RowsQuery): Promise<RowsPage>;
  compareGrid(runId: string, query: CompareQuery): Promise<CompareGrid>;
  sourceContext(runId: string, query: SourceContextQuery): Promise<SourceView>;
  systemView(runId: string, query: SystemViewQuery): Promise<SystemView>;
  /** `earlier` has passed the path gate. */
  driftAgainst(runId: string, earlier: string): Promise<RunDrift>;
  findings(runId: string): Promise<RunFindings>;
  putMark(runId: string, mark: MarkRequest): Promise<RunFindings>;
  removeMark(runId: string, key: string): Promise<RunFindings>;
  reportHtml(runId: string): Promise<string>;
  /** Writes the grid's view as a workbook in the run's output folder; answers its path. */
  exportView(runId: string, query: ViewExportQuery): Promise<{ path: string; rows: number }>;
  /** Writes the run's report beside its workbooks; answers its path. */
  writeReport(runId: string): Promise<string>;
  /** An earlier run from its files (JobRunner.reopen). */
  reopen(path: string): Promise<ResultsOverview>;
  onEvent(listener: (event: RunEvent) => void): () => void;
  dispose(): Promise<void>;
}

/** Scans a folder: discovery plus system detection, as the engine does it. */
export type FolderScanner = (root: string, exclude: string[]) => Promise<ScanResult>;

export interface AppCoreOptions {
  userDataDir: string;
  cores: number;
  version: string;
  host: AppInfo['host'];
  platform: string;
  /** The built-in library (builtin-searches/), or null when not shipped. */
  libraryDir: string | null;
  /** Makes the run service once the settings are known (the pool starts at the saved worker count). */
  createRuns(initialWorkerCount: number): RunService;
  scanFolder: FolderScanner;
  loadSearchSet: SearchSetLoader;
  filters: FilterFunctions;
  log?: (message: string) => void;
}

export const DEFAULT_OUTPUT_SUBDIR = 'results';

export class AppCore implements CoreCommands {
  readonly gate = new PathGate();
  /** The only files the page may open, show in their folder or download. */
  readonly outputs = new RunOutputs();
  private readonly listeners = new Set<(event: RunEvent) => void>();
  /** The latest scan per folder (also while it runs), for the "applies to" column of reports. */
  private readonly scans = new Map<string, Promise<SystemInfo[]>>();
  private readonly unsubscribeRuns: () => void;
  private readonly runs: RunService;
  /** The run whose results the UI asked for last: a reload of the page shows it again. */
  private currentRun: string | null = null;

  private constructor(
    private readonly opts: AppCoreOptions,
    readonly settings: SettingsStore,
    readonly history: RunHistory,
  ) {
    this.runs = opts.createRuns(settings.current.workerCount);
    // What the user chose in earlier sessions stays reachable.
    for (const folder of settings.current.recentFolders) this.gate.allow(folder);
    const last = settings.current.lastSearchSet;
    if (last?.kind === 'file') this.gate.allow(last.path);
    this.unsubscribeRuns = this.runs.onEvent((event) => this.deliver(event));
  }

  static async create(opts: AppCoreOptions): Promise<AppCore> {
    const settings = await SettingsStore.open(opts.userDataDir, opts.cores);
    const history = await RunHistory.open(opts.userDataDir, opts.log);
    return new AppCore(opts, settings, history);
  }

  private get log(): (message: string) => void {
    return this.opts.log ?? (() => undefined);
  }

  // ---- paths

  grantPath(path: string): void {
    this.gate.allow(path);
  }

  /**
   * A path resolved from a real drop. Several dropped files are scanned through the folder that
   * holds them, so a dropped file makes its folder reachable (the user took it from there).
   */
  grantDroppedPath(path: string): void {
    let isFile = false;
    try {
      isFile = statSync(path).isFile();
    } catch {
      // Gone already: granting it does no harm, scanning it will say it is missing.
    }
    this.gate.allow(isFile ? dirname(path) : path);
  }

  openableFile(path: string): Promise<string> {
    return this.outputs.check(path);
  }

  // ---- info and settings

  async appInfo(): Promise<AppInfo> {
    return { version: this.opts.version, cores: this.opts.cores, host: this.opts.host, platform: this.opts.platform };
  }

  async getSettings(): Promise<SettingsState> {
    return this.settings.state();
  }

  async saveSettings(patch: Partial<AppSettings>): Promise<SettingsState> {
    // Paths in settings that the page can later read must be ones the user chose.
    for (const folder of patch.recentFolders ?? []) {
      if (!this.settings.current.recentFolders.includes(folder)) await this.gate.check(folder, 'Recent folder');
    }
    if (patch.lastSearchSet?.kind === 'file') await this.gate.check(patch.lastSearchSet.path, 'Search file');
    if (patch.outputDir !== undefined) await this.checkOutputDir(patch.outputDir);
    return this.settings.update(patch);
  }

  // ---- input

  async scanFolder(root: string): Promise<ScanResult> {
    await this.gate.check(root, 'Folder');
    const scanning = this.opts.scanFolder(root, [this.outputDirFor(root, undefined)]);
    const key = resolve(root);
    const systems = scanning.then((r) => r.systems);
    this.scans.set(key, systems);
    systems.catch(() => {
      if (this.scans.get(key) === systems) this.scans.delete(key);
    });
    const result = await scanning;
    await this.settings.addRecentFolder(root).catch((err: unknown) => this.log(`could not save recent folders: ${(err as Error).message}`));
    return result;
  }

  // ---- search sets

  listSearchSets(): Promise<SearchSetInfo[]> {
    return listBuiltinSets(this.opts.libraryDir);
  }

  async inspectSearchSet(ref: SearchSetRef, root: string | null): Promise<SearchSetReport> {
    if (ref.kind === 'file') await this.gate.check(ref.path, 'Search file');
    if (root !== null) await this.gate.check(root, 'Folder');
    const file = await resolveSearchSetFile(ref, this.opts.libraryDir);
    await this.rememberSearchSet(ref);
    let systems: SystemInfo[] | null = null;
    if (root !== null) {
      const known = this.scans.get(resolve(root));
      systems = known ? await known.catch(() => null) : null;
      if (!systems) systems = (await this.opts.scanFolder(root, [this.outputDirFor(root, undefined)])).systems;
    }
    try {
      const set = await this.opts.loadSearchSet(file, this.opts.libraryDir);
      return reportFromSet(ref, set, systems, this.opts.filters);
    } catch (err) {
      const problems = problemsOf(err);
      if (problems) return reportFromProblems(ref, file, problems);
      throw err;
    }
  }

  // ---- runs

  async startRun(request: RunRequest): Promise<{ runId: string }> {
    await this.gate.check(request.root, 'Folder');
    if (request.searchSet.kind === 'file') await this.gate.check(request.searchSet.path, 'Search file');
    if (request.outputDir !== undefined) await this.checkOutputDir(request.outputDir);
    const compareWith = request.compareWith ? await this.gate.check(request.compareWith, 'Earlier run') : null;
    if (compareWith) await checkBaseline(compareWith);
    const s = this.settings.current;
    const workerCount = Math.min(request.workerCount ?? s.workerCount, Math.max(1, this.opts.cores));
    const outputDir = this.outputDirFor(request.root, request.outputDir);
    const searchSetFile = await resolveSearchSetFile(request.searchSet, this.opts.libraryDir);
    // The UI asks for a report before running; a bad configuration is refused with its problems.
    const started = await this.runs.start({
      root: resolve(request.root),
      searchSetFile,
      searchSetTitle: searchSetTitle(request.searchSet),
      libraryDir: this.opts.libraryDir,
      outputDir,
      workerCount,
      perFileTimeoutSec: s.perFileTimeoutSec,
      writeJson: request.writeJson ?? s.writeJson,
      ...(request.exclude && request.exclude.length > 0 ? { exclude: request.exclude } : {}),
      ...(compareWith ? { compareWith } : {}),
    });
    await this.rememberSearchSet(request.searchSet);
    return started;
  }

  /** The set the user chose last is chosen again after a restart (the UI reads it from the settings). */
  private async rememberSearchSet(ref: SearchSetRef): Promise<void> {
    const last = this.settings.current.lastSearchSet;
    if (last !== null && JSON.stringify(last) === JSON.stringify(ref)) return;
    await this.settings.update({ lastSearchSet: ref }).catch((err: unknown) => this.log(`could not save the last search set: ${(err as Error).message}`));
  }

  cancelRun(runId: string, mode: CancelMode): Promise<void> {
    return this.runs.cancel(runId, mode);
  }

  retryFailed(runId: string): Promise<{ runId: string }> {
    return this.runs.retryFailed(runId);
  }

  async resultsOverview(runId: string): Promise<ResultsOverview> {
    const overview = await this.runs.getOverview(runId);
    this.currentRun = runId;
    return overview;
  }

  // ---- earlier runs

  async runHistory(): Promise<RunHistoryList> {
    const s = this.settings.current;
    const folders = new Set(s.recentFolders.map((root) => this.outputDirFor(root, undefined)));
    if (s.outputDir) folders.add(resolve(s.outputDir));
    const entries = await this.history.list([...folders]);
    return { entries: this.granted(entries), current: this.currentRun };
  }

  async runsInFolder(folder: string): Promise<RunHistoryEntry[]> {
    return this.granted(await this.history.inFolder(await this.gate.check(folder, 'Folder')));
  }

  async openRun(path: string): Promise<ResultsOverview> {
    const overview = await this.runs.reopen(await this.gate.check(path, 'Results'));
    const summary = overview.summary;
    // The manifest names its files, and a manifest is only a file in a chosen folder: what it
    // names may be opened only when it too lies in a chosen folder.
    this.allowOutputs(summary, (file) => this.gate.check(file, 'File').then(() => true, () => false));
    if (summary.manifestPath) await this.history.remember(summary.manifestPath).catch((err: unknown) => this.log(`could not save the run history: ${(err as Error).message}`));
    this.currentRun = overview.runId;
    return overview;
  }

  /** A run's manifest: the run reopens from it (openRun), and it may be opened and shown like the run's other files. */
  private allowManifest(path: string): void {
    this.gate.allow(path);
    this.outputs.add(path);
  }

  /** History entries the UI may open (each manifest exactly, nothing beside it). */
  private granted(entries: RunHistoryEntry[]): RunHistoryEntry[] {
    for (const e of entries) this.allowManifest(e.manifestPath);
    return entries;
  }

  resultRows(runId: string, query: RowsQuery): Promise<RowsPage> {
    return this.runs.getRows(runId, query);
  }

  compareGrid(runId: string, query: CompareQuery): Promise<CompareGrid> {
    return this.runs.compareGrid(runId, query);
  }

  sourceContext(runId: string, query: SourceContextQuery): Promise<SourceView> {
    return this.runs.sourceContext(runId, query);
  }

  systemView(runId: string, query: SystemViewQuery): Promise<SystemView> {
    return this.runs.systemView(runId, query);
  }

  /** The earlier run must be one the user chose (the history's manifests, a picked results folder or file). */
  async driftAgainst(runId: string, earlier: string): Promise<RunDrift> {
    return this.runs.driftAgainst(runId, await this.gate.check(earlier, 'Earlier run'));
  }

  // ---- checks, marks and the report

  runFindings(runId: string): Promise<RunFindings> {
    return this.runs.findings(runId);
  }

  putMark(runId: string, mark: MarkRequest): Promise<RunFindings> {
    return this.runs.putMark(runId, mark);
  }

  removeMark(runId: string, key: string): Promise<RunFindings> {
    return this.runs.removeMark(runId, key);
  }

  reportHtml(runId: string): Promise<string> {
    return this.runs.reportHtml(runId);
  }

  /** Writes the run's HTML report; it may then be opened and shown in its folder. */
  async writeReport(runId: string): Promise<string> {
    const path = await this.runs.writeReport(runId);
    this.outputs.add(path);
    return path;
  }

  /** The grid's view as a workbook beside the run's; like them, it may then be opened and shown. */
  async exportView(runId: string, query: ViewExportQuery): Promise<{ path: string; rows: number }> {
    const written = await this.runs.exportView(runId, query);
    this.outputs.add(written.path);
    return written;
  }

  /** A file a command of ours wrote (the report's PDF): it may be opened and shown. */
  allowWritten(path: string): void {
    this.outputs.add(path);
  }

  onRunEvent(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private deliver(event: RunEvent): void {
    if (event.type === 'done') this.afterRun(event);
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        this.log(`run event listener failed: ${(err as Error).message}`);
      }
    }
  }

  private afterRun(event: Extract<RunEvent, { type: 'done' }>): void {
    const summary = event.summary;
    this.allowOutputs(summary);
    // A run that exported results (complete, partial) is what the results view shows now.
    if (summary.families.length > 0) this.currentRun = summary.runId;
    if (summary.manifestPath) {
      this.allowManifest(summary.manifestPath);
      this.history.remember(summary.manifestPath).catch((err: unknown) => this.log(`could not save the run history: ${(err as Error).message}`));
    }
  }

  /**
   * The workbooks, JSON files and report of a run may be opened and shown in their folder; the
   * folder itself, and anything else in it, stays closed.
   */
  private allowOutputs(summary: ResultsOverview['summary'], accept?: (canonical: string) => Promise<boolean>): void {
    for (const family of summary.families) {
      if (family.workbookPath) this.outputs.add(family.workbookPath, accept);
      if (family.jsonPath) this.outputs.add(family.jsonPath, accept);
    }
    if (summary.reportPath) this.outputs.add(summary.reportPath, accept);
  }

  /**
   * The host creates the output folder and writes into it, so it must be one the user chose:
   * from a folder dialog, or inside a folder chosen for input. The one already in the
   * settings (chosen in an earlier session) stays accepted; null means `<input>/results`.
   */
  private async checkOutputDir(outputDir: string | null): Promise<void> {
    if (outputDir === null || outputDir === this.settings.current.outputDir) return;
    await this.gate.check(outputDir, 'Output folder');
  }

  private outputDirFor(root: string, requested: string | null | undefined): string {
    const chosen = requested ?? this.settings.current.outputDir;
    return chosen ? resolve(chosen) : resolve(root, DEFAULT_OUTPUT_SUBDIR);
  }

  async dispose(): Promise<void> {
    this.unsubscribeRuns();
    this.listeners.clear();
    await this.runs.dispose();
  }
}
