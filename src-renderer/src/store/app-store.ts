// The whole UI state in one zustand store. Actions talk to the bridge; every state change that
// has logic in it goes through a pure reducer (run-state.ts, selection.ts) tested on its own.
// Settings belong to the core: it records recent folders and the last search set as side
// effects of scanning and inspecting, and the store only shows the state the core returns.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  AppCommand,
  AppInfo,
  AppSettings,
  KpatBridge,
  OsFamily,
  ResultsOverview,
  RowsPage,
  RowsQuery,
  CompareGrid,
  CompareQuery,
  RunEvent,
  RunHistoryEntry,
  ScanResult,
  SearchSetInfo,
  SearchSetRef,
  SearchSetReport,
  SettingsState,
  ViewExportQuery,
} from '../../../src-main/contract/ipc';
import { rootForDrop, type PathResolver } from '../lib/drop';
import { createEventBatcher, type EventBatcher, type FrameScheduler } from './event-batcher';
import { errorMessage } from './error-message';
import {
  applyRunEvents,
  cancelRequested,
  initialRunState,
  nextCancelAction,
  runStarted,
  runStartFailed,
  runStarting,
  type RunState,
} from './run-state';
import { sameSetRef, searchSetChoices } from './selection';
import { createFindingsActions, initialFindings, type FindingsActions, type FindingsData } from './findings-slice';
import { createSourceViewsActions, initialDrift, type DriftData, type SourceViewsActions } from './source-views-slice';

export type View = 'start' | 'prepare' | 'run' | 'results';

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: string };

export interface Banner {
  kind: 'info' | 'success' | 'error';
  text: string;
}

export type ResultsTab = 'summary' | 'searches' | 'systems' | 'checks' | 'changes';

export interface ResultsUi {
  tab: ResultsTab;
  family: OsFamily | null;
  /** SearchOverview.index of the open per-search table. */
  search: number | null;
}

export interface AppActions extends FindingsActions, SourceViewsActions {
  /** Load app info, settings and search sets, and subscribe to run events. */
  init(): Promise<void>;
  /** Unsubscribe from the bridge. */
  dispose(): void;
  /** Scan a folder, inspect the search set against it, remember it in recent folders. */
  openFolder(root: string): Promise<void>;
  /** Native folder picker, then openFolder. */
  chooseFolder(): Promise<void>;
  /** Native folder picker for the output folder (the host accepts one picked there, or one inside an input folder); the path, or null. */
  chooseOutputFolder(): Promise<string | null>;
  /** Resolve dropped files to a root (resolver defaults to the bridge's) and open it. */
  dropFiles(files: ArrayLike<File>, resolve?: PathResolver): Promise<void>;
  selectSearchSet(ref: SearchSetRef): Promise<void>;
  /** Pick a YAML file, then select it. */
  chooseSearchFile(): Promise<void>;
  startRun(): Promise<void>;
  /**
   * Cancel (the files searched so far are still exported, labelled cancelled; `discard`: nothing
   * is), or Force stop when already cancelling.
   */
  cancelRun(discard?: boolean): Promise<void>;
  /** Search the failed files of the shown partial run again and rewrite its workbooks. */
  retryFailed(): Promise<void>;
  /** Fold a batch of run events (what the per-frame batcher delivers). */
  receiveRunEvents(events: RunEvent[]): void;
  loadResults(runId: string): Promise<void>;
  /** Refresh the list of earlier runs. */
  loadHistory(): Promise<void>;
  /** Show an earlier run's results (a manifest, results JSON or results folder) without running again. */
  openRun(path: string): Promise<void>;
  /** "Open results…": the host's picker, then openRun. */
  chooseResults(): Promise<void>;
  /** One page of one search's rows of the current results (results stay on the host). */
  resultRows(query: RowsQuery): Promise<RowsPage>;
  /** Writes the grid's view of one search of the current results as a workbook in the run's output folder. */
  exportView(query: ViewExportQuery): Promise<{ path: string; rows: number }>;
  /** One search of the current results across its family's systems (the Compare view). */
  compareGrid(query: CompareQuery): Promise<CompareGrid>;
  setResultsUi(patch: Partial<ResultsUi>): void;
  /** Leave files out of the next run (or take them back in), by relPath. */
  setExcluded(relPaths: readonly string[], excluded: boolean): void;
  /** Persist a settings patch; false (and settingsError) when the host refused it. */
  saveSettings(patch: Partial<AppSettings>): Promise<boolean>;
  openSettings(): void;
  closeSettings(): void;
  /** The Keyboard shortcuts sheet (Help menu, header button, Ctrl+/). */
  openShortcuts(): void;
  closeShortcuts(): void;
  goTo(view: View): void;
  dismissBanner(): void;
  openPath(path: string): Promise<void>;
  showInFolder(path: string): Promise<void>;
  /** A native-menu command or keyboard shortcut: the same path as the buttons. */
  command(command: AppCommand): Promise<void>;
}

export interface AppState extends FindingsData, DriftData {
  appInfo: AppInfo | null;
  settings: SettingsState | null;
  /** init() failed: the bridge is unusable. */
  bootError: string | null;
  view: View;
  root: string | null;
  scan: Loadable<ScanResult>;
  /** Input files (relPath) the user left out of the next run on the Review screen. */
  excluded: readonly string[];
  searchSets: SearchSetInfo[];
  selectedSet: SearchSetRef | null;
  report: Loadable<SearchSetReport>;
  run: RunState;
  /**
   * The results being browsed: the last completed run's, or an earlier run's that was opened. A
   * new run that is cancelled or fails leaves them as they are.
   */
  results: Loadable<ResultsOverview>;
  resultsUi: ResultsUi;
  /** Earlier runs, newest first (run manifests the core knows or found). */
  history: RunHistoryEntry[];
  settingsOpen: boolean;
  settingsError: string | null;
  shortcutsOpen: boolean;
  banner: Banner | null;
  actions: AppActions;
}

export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  /** How run events are batched; animation frames by default. Tests flush by hand. */
  schedule?: FrameScheduler;
}

export type AppData = Omit<AppState, 'actions'>;

export const initialData: AppData = {
  appInfo: null,
  settings: null,
  bootError: null,
  view: 'start',
  root: null,
  scan: { status: 'idle' },
  excluded: [],
  searchSets: [],
  selectedSet: null,
  report: { status: 'idle' },
  run: initialRunState,
  results: { status: 'idle' },
  resultsUi: { tab: 'summary', family: null, search: null },
  history: [],
  settingsOpen: false,
  settingsError: null,
  shortcutsOpen: false,
  banner: null,
  ...initialFindings,
  ...initialDrift,
  runBaseline: null,
};

/** A run is starting or running: the one place that says what "busy" means. */
export function isBusy(s: Pick<AppData, 'run'>): boolean {
  return s.run.status === 'starting' || s.run.status === 'running';
}

/** The systems of a scan that the next run searches (the Review screen's checkboxes). */
export function includedSystems(scan: ScanResult, excluded: readonly string[]): ScanResult['systems'] {
  if (excluded.length === 0) return scan.systems;
  const out = new Set(excluded);
  return scan.systems.filter((s) => !out.has(s.relPath));
}

/** Why Run is disabled, or null when it can run. */
export function runBlocker(s: Pick<AppData, 'root' | 'scan' | 'report' | 'run' | 'selectedSet'> & Partial<Pick<AppData, 'excluded'>>): string | null {
  if (isBusy(s)) return 'A run is in progress.';
  if (!s.root) return 'Open a folder first.';
  if (s.scan.status === 'loading') return 'Reading the folder…';
  if (s.scan.status === 'error') return 'The folder could not be read.';
  if (s.scan.status !== 'ready') return 'Open a folder first.';
  if (s.scan.data.systems.length === 0) return 'No audit results were found in this folder.';
  if (s.excluded && s.excluded.length > 0 && includedSystems(s.scan.data, s.excluded).length === 0) return 'Every system is excluded: include at least one.';
  if (!s.selectedSet) return 'Choose a search set.';
  if (s.report.status === 'loading') return 'Checking the search set…';
  if (s.report.status === 'error') return 'The search set could not be read.';
  if (s.report.status !== 'ready') return 'Choose a search set.';
  if (s.report.data.problems.length > 0) return 'Fix the problems in the search set first.';
  if (s.report.data.searchCount === 0) return 'The search set has no searches.';
  return null;
}

export function createAppStore(bridge: KpatBridge, options: AppStoreOptions = {}): AppStore {
  let unsubscribe: (() => void) | null = null;
  let unsubscribeCommands: (() => void) | null = null;
  // One native picker at a time: a shortcut the page handles and the same accelerator in the
  // native menu must not open two.
  let picking = false;
  let batcher: EventBatcher | null = null;
  // Answers to older requests must not overwrite newer ones (a slow scan of folder A landing
  // after folder B was opened).
  let scanGeneration = 0;
  let reportGeneration = 0;
  let resultsGeneration = 0;

  return createStore<AppState>()((set, get) => {
    const inspect = async (): Promise<void> => {
      const { selectedSet, root } = get();
      const generation = ++reportGeneration;
      if (!selectedSet) {
        set({ report: { status: 'idle' } });
        return;
      }
      set({ report: { status: 'loading' } });
      try {
        const data = await bridge.inspectSearchSet(selectedSet, root);
        if (generation === reportGeneration) set({ report: { status: 'ready', data } });
      } catch (e) {
        if (generation === reportGeneration) set({ report: { status: 'error', error: errorMessage(e) } });
      }
    };

    // The core changed the settings as a side effect (recent folders, last search set): show its state.
    const refreshSettings = async (): Promise<void> => {
      try {
        set({ settings: await bridge.getSettings() });
      } catch {
        // The list of recents is a convenience; the action itself went fine.
      }
    };

    /** One native picker at a time; its path, null when cancelled, undefined when it could not open. */
    const pickPath = async (open: () => Promise<string | null>, what: string): Promise<string | null | undefined> => {
      if (picking) return undefined;
      picking = true;
      try {
        return await open();
      } catch (e) {
        set({ banner: { kind: 'error', text: `Could not open the ${what}: ${errorMessage(e)}` } });
        return undefined;
      } finally {
        picking = false;
      }
    };

    const showResults = (data: ResultsOverview): void => {
      set({ results: { status: 'ready', data }, view: 'results', resultsUi: { tab: 'summary', family: data.families[0]?.family ?? null, search: null }, ...initialDrift });
    };

    const afterDone = async (): Promise<void> => {
      const { run, settings } = get();
      const summary = run.summary;
      if (!summary) return;
      // A partial run shows its results too: the results view leads with the files that failed;
      // so does a cancelled one whose searched files were exported.
      const exported = summary.families.some((f) => f.workbookPath !== null);
      if (summary.outcome === 'complete' || summary.outcome === 'partial' || (summary.outcome === 'cancelled' && exported)) {
        set({ view: 'results', resultsUi: { tab: 'summary', family: null, search: null } });
        await actions.loadResults(summary.runId);
        // A run compared with an earlier one (its Changes sheets): the drift view shows the same.
        const baseline = get().runBaseline;
        if (baseline && summary.families.some((f) => f.jsonPath)) void actions.compareWithRun(baseline);
        if (settings?.settings.openWorkbookWhenDone) {
          for (const f of summary.families) if (f.workbookPath) await actions.openPath(f.workbookPath);
        }
        void actions.loadHistory();
      } else if (summary.outcome === 'cancelled') {
        const kept = get().results.status === 'ready' ? ' The results of the previous run are still open under Results.' : '';
        set({ view: 'prepare', banner: { kind: 'info', text: `Run cancelled. Nothing was exported.${kept}` } });
        void actions.loadHistory();
      }
      // 'failed' stays on the run screen, which shows the error and the log.
    };

    /** A run (or a retry) starting: the run screen until its done event. */
    const launch = async (start: () => Promise<{ runId: string }>, failure: string): Promise<void> => {
      // The previous results stay: a run that is cancelled or fails must not take them away.
      set({ run: runStarting(), view: 'run', banner: null });
      try {
        const { runId } = await start();
        set({ run: runStarted(get().run, runId) });
        void refreshSettings();
        if (get().run.status === 'finished') await afterDone();
      } catch (e) {
        const message = errorMessage(e);
        set({ run: runStartFailed(get().run, message), view: 'prepare', banner: { kind: 'error', text: `${failure}: ${message}` } });
      }
    };

    const actions: AppActions = {
      ...createFindingsActions(bridge, set, get),
      ...createSourceViewsActions(bridge, set, get),
      async init() {
        if (!batcher) {
          batcher = createEventBatcher((events) => actions.receiveRunEvents(events), options.schedule);
          const b = batcher;
          unsubscribe = bridge.onRunEvent((event) => b.push(event));
          unsubscribeCommands = bridge.onAppCommand?.((command) => void actions.command(command)) ?? null;
        }
        try {
          const [appInfo, settings, sets] = await Promise.all([bridge.appInfo(), bridge.getSettings(), bridge.listSearchSets()]);
          const last = settings.settings.lastSearchSet;
          const choices = searchSetChoices(sets, last);
          const selectedSet = last && choices.some((c) => sameSetRef(c.ref, last)) ? last : (choices[0]?.ref ?? null);
          set({ appInfo, settings, searchSets: choices, selectedSet, bootError: null });
        } catch (e) {
          set({ bootError: errorMessage(e) });
          return;
        }
        try {
          const history = await bridge.runHistory();
          set({ history: history.entries });
          // A reload of the page (or a second window) shows the results the core showed last.
          if (history.current && get().view === 'start' && get().results.status === 'idle') {
            set({ view: 'results' });
            await actions.loadResults(history.current);
          }
        } catch {
          // The history is a convenience: the Start screen works without it.
        }
      },

      dispose() {
        batcher?.flush();
        unsubscribe?.();
        unsubscribeCommands?.();
        unsubscribe = null;
        unsubscribeCommands = null;
        batcher = null;
      },

      async openFolder(root) {
        if (isBusy(get())) return;
        const generation = ++scanGeneration;
        set({ root, view: 'prepare', scan: { status: 'loading' }, excluded: [], banner: null });
        const inspecting = inspect();
        try {
          const data = await bridge.scanFolder(root);
          if (generation !== scanGeneration) return;
          set({ scan: { status: 'ready', data } });
          void refreshSettings();
        } catch (e) {
          if (generation === scanGeneration) set({ scan: { status: 'error', error: errorMessage(e) } });
        }
        await inspecting;
      },

      async chooseFolder() {
        const root = await pickPath(() => bridge.chooseFolder(), 'folder picker');
        if (root) await actions.openFolder(root);
      },

      async chooseOutputFolder() {
        return (await pickPath(() => bridge.chooseFolder(), 'folder picker')) ?? null;
      },

      async dropFiles(files, resolve) {
        const outcome = rootForDrop(files, resolve ?? ((file) => bridge.pathForDroppedFile(file)));
        if (outcome.kind === 'none') {
          // A browser never tells a page where a dropped file is on disk.
          const text =
            get().appInfo?.host === 'browser' && files.length > 0
              ? 'The browser host cannot see where dropped files are on disk. Use Open folder… (it offers the folder the host was started with, --root) or open an earlier run from the list.'
              : outcome.reason;
          set({ banner: { kind: 'error', text } });
          return;
        }
        // A results JSON or a run manifest, or a results folder: show that run instead of scanning.
        if (outcome.root.toLowerCase().endsWith('.json')) {
          await actions.openRun(outcome.root);
          return;
        }
        const runs = await bridge.runsInFolder(outcome.root).catch(() => []);
        const earlier = runs.find((r) => r.reopenable);
        if (earlier) await actions.openRun(earlier.manifestPath);
        else await actions.openFolder(outcome.root);
      },

      async selectSearchSet(ref) {
        const { searchSets } = get();
        set({ selectedSet: ref, searchSets: searchSetChoices(searchSets, ref) });
        await inspect();
        void refreshSettings();
      },

      async chooseSearchFile() {
        const path = await pickPath(() => bridge.chooseSearchFile(), 'file picker');
        if (path) await actions.selectSearchSet({ kind: 'file', path });
      },

      async startRun() {
        const state = get();
        if (runBlocker(state) !== null || !state.root || !state.selectedSet) return;
        const { root, selectedSet, excluded, runBaseline } = state;
        const exclude = excluded.length > 0 ? { exclude: [...excluded] } : {};
        const compare = runBaseline ? { compareWith: runBaseline } : {};
        await launch(() => bridge.startRun({ root, searchSet: selectedSet, ...exclude, ...compare }), 'The run could not start');
      },

      async retryFailed() {
        const summary = get().run.summary;
        if (!summary || summary.outcome !== 'partial' || get().run.status !== 'finished') return;
        await launch(() => bridge.retryFailed(summary.runId), 'The failed files could not be retried');
      },

      async cancelRun(discard = false) {
        const { run } = get();
        const next = nextCancelAction(run);
        if (!next || !run.runId) return;
        const force = next === 'force';
        set({ run: cancelRequested(run, force) });
        try {
          await bridge.cancelRun(run.runId, force ? 'force' : discard ? 'discard' : 'keep');
        } catch (e) {
          set({ banner: { kind: 'error', text: `Could not ${force ? 'force stop' : 'cancel'} the run: ${errorMessage(e)}` } });
        }
      },

      receiveRunEvents(events) {
        const before = get().run;
        const run = applyRunEvents(before, events);
        if (run === before) return;
        set({ run });
        if (before.status !== 'finished' && run.status === 'finished') void afterDone();
      },

      async loadResults(runId) {
        const generation = ++resultsGeneration;
        set({ results: { status: 'loading' } });
        try {
          const data = await bridge.resultsOverview(runId);
          if (generation !== resultsGeneration) return;
          const first = data.families[0];
          const drift = get().drift;
          set({
            results: { status: 'ready', data },
            resultsUi: { ...get().resultsUi, family: get().resultsUi.family ?? first?.family ?? null },
            // A comparison of this same run stays (a reload of its overview); another run's goes.
            ...(drift.status === 'ready' && drift.data.runId === data.runId ? {} : initialDrift),
          });
          void actions.loadFindings(runId);
        } catch (e) {
          if (generation === resultsGeneration) set({ results: { status: 'error', error: errorMessage(e) } });
        }
      },

      async loadHistory() {
        try {
          set({ history: (await bridge.runHistory()).entries });
        } catch {
          // keep the list shown so far
        }
      },

      async openRun(path) {
        if (isBusy(get())) return;
        const generation = ++resultsGeneration;
        const previous = get().results;
        set({ banner: null });
        try {
          const data = await bridge.openRun(path);
          if (generation !== resultsGeneration) return;
          showResults(data);
        } catch (e) {
          if (generation !== resultsGeneration) return;
          set({ results: previous, banner: { kind: 'error', text: `Could not open the results: ${errorMessage(e)}` } });
        }
        void actions.loadHistory();
      },

      async chooseResults() {
        if (isBusy(get())) return;
        const path = await pickPath(() => bridge.chooseResults(), 'results picker');
        if (path) await actions.openRun(path);
        else if (path === null && get().appInfo?.host === 'browser') {
          set({ banner: { kind: 'info', text: 'The browser host has no file dialog: start it with --root DIR (its results folder is offered here) or set KPAT_WEB_PICK_RESULTS, or open a run from the list of earlier runs.' } });
        }
      },

      resultRows(query) {
        const { results } = get();
        if (results.status !== 'ready') return Promise.reject(new Error('No results are loaded.'));
        return bridge.resultRows(results.data.runId, query);
      },

      exportView(query) {
        const { results } = get();
        if (results.status !== 'ready') return Promise.reject(new Error('No results are loaded.'));
        return bridge.exportView(results.data.runId, query);
      },

      compareGrid(query) {
        const { results } = get();
        if (results.status !== 'ready') return Promise.reject(new Error('No results are loaded.'));
        return bridge.compareGrid(results.data.runId, query);
      },

      setExcluded(relPaths, excluded) {
        const now = new Set(get().excluded);
        for (const p of relPaths) {
          if (excluded) now.add(p);
          else now.delete(p);
        }
        set({ excluded: [...now] });
      },

      setResultsUi(patch) {
        const current = get().resultsUi;
        const next = { ...current, ...patch };
        // A search index belongs to one family's workbook.
        if (patch.family !== undefined && patch.family !== current.family && patch.search === undefined) next.search = null;
        set({ resultsUi: next });
      },

      async saveSettings(patch) {
        try {
          const settings = await bridge.saveSettings(patch);
          set({ settings, settingsError: null });
          return true;
        } catch (e) {
          set({ settingsError: errorMessage(e) });
          return false;
        }
      },

      openSettings() {
        set({ settingsOpen: true, settingsError: null });
      },

      openShortcuts() {
        set({ shortcutsOpen: true });
      },

      closeShortcuts() {
        set({ shortcutsOpen: false });
      },

      closeSettings() {
        set({ settingsOpen: false, settingsError: null });
      },

      goTo(view) {
        if (isBusy(get()) && view !== 'run') return;
        set({ view });
      },

      dismissBanner() {
        set({ banner: null });
      },

      async openPath(path) {
        try {
          await bridge.openPath(path);
        } catch (e) {
          set({ banner: { kind: 'error', text: `Could not open ${path}: ${errorMessage(e)}` } });
        }
      },

      async command(command) {
        const state = get();
        const busy = isBusy(state);
        switch (command) {
          case 'open-folder':
            if (!busy) await actions.chooseFolder();
            return;
          case 'open-search-file':
            if (!busy) await actions.chooseSearchFile();
            return;
          case 'open-results':
            if (!busy) await actions.chooseResults();
            return;
          case 'run':
            await actions.startRun();
            return;
          case 'cancel':
            await actions.cancelRun();
            return;
          case 'settings':
            actions.openSettings();
            return;
          case 'shortcuts':
            actions.openShortcuts();
            return;
          case 'show-results-folder': {
            const summary = state.results.status === 'ready' ? state.results.data.summary : state.run.summary;
            const written = summary?.families.find((f) => f.workbookPath)?.workbookPath ?? null;
            if (written) await actions.showInFolder(written);
            else set({ banner: { kind: 'info', text: 'No results yet: run the searches first.' } });
            return;
          }
          case 'about': {
            const info = state.appInfo;
            set({ banner: { kind: 'info', text: info ? `KP Analysis Toolkit ${info.version} (${info.host}, ${info.platform}, ${info.cores} cores)` : 'KP Analysis Toolkit' } });
            return;
          }
        }
      },

      async showInFolder(path) {
        try {
          await bridge.showInFolder(path);
          // A browser cannot open the host's file manager: say where the file is instead.
          if (get().appInfo?.host === 'browser') {
            set({ banner: { kind: 'info', text: `On the host, the file is ${path}. The browser cannot open a file manager there; Open workbook downloads the workbook.` } });
          }
        } catch (e) {
          set({ banner: { kind: 'error', text: `Could not show ${path}: ${errorMessage(e)}` } });
        }
      },
    };

    return { ...initialData, actions };
  });
}

