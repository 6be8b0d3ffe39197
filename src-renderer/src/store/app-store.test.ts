import { describe, expect, it } from 'vitest';
import type { AppCommand, RunHistoryEntry, SearchSetRef } from '../../../src-main/contract/ipc';
import { defaultReport, FAKE_SEARCHES, FAKE_SYSTEMS } from '../testing/fake-bridge';
import { createHarness, settle } from '../testing/harness';
import { runBlocker } from './app-store';

const ROOT = '/audits/acme-2026';

const EARLIER: RunHistoryEntry = {
  manifestPath: `${ROOT}/results/kpat-manifest-20261101-090000.json`,
  runId: 'run-earlier',
  outcome: 'complete',
  startedAt: '2026-11-01T09:00:00.000Z',
  finishedAt: '2026-11-01T09:00:02.000Z',
  root: ROOT,
  outputDir: `${ROOT}/results`,
  searchSetTitle: 'audit-all',
  systems: 6,
  rows: 40,
  families: ['Linux'],
  reopenable: true,
};

async function ready(options: Parameters<typeof createHarness>[0] = {}) {
  const h = createHarness(options);
  await h.store.getState().actions.init();
  return h;
}

async function prepared(options: Parameters<typeof createHarness>[0] = {}) {
  const h = await ready(options);
  await h.store.getState().actions.openFolder(ROOT);
  await settle();
  return h;
}

describe('app store', () => {
  it('init loads settings, app info, search sets, selects the first set and subscribes once', async () => {
    const h = await ready();
    const s = h.store.getState();
    expect(s.settings?.settings.workerCount).toBe(2);
    expect(s.appInfo?.host).toBe('browser');
    expect(s.searchSets.map((x) => x.title)).toEqual(['All systems (built-in)', 'Linux only (built-in)']);
    expect(s.selectedSet).toEqual({ kind: 'builtin', name: 'audit-all' });
    expect(h.bridge.listenerCount()).toBe(1);
    await s.actions.init();
    expect(h.bridge.listenerCount()).toBe(1);
    s.actions.dispose();
    expect(h.bridge.listenerCount()).toBe(0);
  });

  it('restores the last chosen YAML file as a picker entry', async () => {
    const last: SearchSetRef = { kind: 'file', path: '/home/me/my-searches.yaml' };
    const h = await ready({ settings: { lastSearchSet: last } });
    const s = h.store.getState();
    expect(s.selectedSet).toEqual(last);
    expect(s.searchSets.at(-1)?.title).toBe('my-searches.yaml');
  });

  it('reports a bridge that does not answer', async () => {
    const h = createHarness();
    h.bridge.failNext('getSettings', 'connection refused');
    await h.store.getState().actions.init();
    expect(h.store.getState().bootError).toBe('connection refused');
  });

  it('openFolder scans, inspects against the folder, and shows the recents the core recorded', async () => {
    const h = await ready({ settings: { recentFolders: ['/old', ROOT, '/older'] } });
    await h.store.getState().actions.openFolder(ROOT);
    await settle();
    const s = h.store.getState();
    expect(s.view).toBe('prepare');
    expect(s.scan.status === 'ready' && s.scan.data.systems.length).toBe(FAKE_SYSTEMS.length);
    expect(h.bridge.callsTo('inspectSearchSet')).toEqual([[{ kind: 'builtin', name: 'audit-all' }, ROOT]]);
    expect(s.settings?.settings.recentFolders).toEqual([ROOT, '/old', '/older']);
    // The core owns the settings: the store never writes recents itself.
    expect(h.bridge.callsTo('saveSettings')).toEqual([]);
    expect(runBlocker(s)).toBeNull();
  });

  it('keeps the newest folder when an older scan answers late', async () => {
    const h = await ready();
    const scan = h.bridge.scanFolder;
    // Folder /a is slow: its answer lands after /b's.
    h.bridge.scanFolder = (root) => new Promise((r) => setTimeout(r, root === '/a' ? 40 : 1)).then(() => scan(root));
    const a = h.store.getState().actions.openFolder('/a');
    const b = h.store.getState().actions.openFolder('/b');
    await Promise.all([a, b]);
    const s = h.store.getState();
    expect(s.root).toBe('/b');
    expect(s.scan.status === 'ready' && s.scan.data.root).toBe('/b');
  });

  it('shows a scan failure and blocks Run', async () => {
    const h = await ready();
    h.bridge.failNext('scanFolder', "Error invoking remote method 'scanFolder': Error: EACCES: permission denied");
    await h.store.getState().actions.openFolder('/locked');
    const s = h.store.getState();
    expect(s.scan).toEqual({ status: 'error', error: 'EACCES: permission denied' });
    expect(runBlocker(s)).toBe('The folder could not be read.');
  });

  it('blocks Run while the search set has problems', async () => {
    const h = await prepared({
      report: (ref) => ({ ...defaultReport(ref, FAKE_SEARCHES, FAKE_SYSTEMS), problems: [{ file: '/s/bad.yaml', line: 12, column: 3, search: 'x', message: 'bad regex' }] }),
    });
    expect(runBlocker(h.store.getState())).toBe('Fix the problems in the search set first.');
    await h.store.getState().actions.startRun();
    expect(h.bridge.callsTo('startRun')).toEqual([]);
  });

  it('selecting a set inspects it and shows the choice the core recorded; choosing a YAML file selects it', async () => {
    const h = await prepared({ searchFileToChoose: '/home/me/custom.yaml' });
    await h.store.getState().actions.selectSearchSet({ kind: 'builtin', name: 'linux-only' });
    await settle();
    expect(h.store.getState().settings?.settings.lastSearchSet).toEqual({ kind: 'builtin', name: 'linux-only' });
    expect(h.bridge.callsTo('saveSettings')).toEqual([]);
    await h.store.getState().actions.chooseSearchFile();
    await settle();
    const s = h.store.getState();
    expect(s.selectedSet).toEqual({ kind: 'file', path: '/home/me/custom.yaml' });
    expect(s.searchSets.some((x) => x.ref.kind === 'file')).toBe(true);
    expect(h.bridge.callsTo('inspectSearchSet').at(-1)).toEqual([{ kind: 'file', path: '/home/me/custom.yaml' }, ROOT]);
  });

  it('a dropped folder is resolved through the bridge by default', async () => {
    const h = await ready({ pathForDroppedFile: (f) => `/dropped/${f.name}` });
    await h.store.getState().actions.dropFiles([new File([''], 'acme')]);
    expect(h.store.getState().root).toBe('/dropped/acme');
    expect(h.bridge.callsTo('scanFolder')).toEqual([['/dropped/acme']]);
  });

  it('a drop without paths shows why and scans nothing', async () => {
    const h = await ready();
    await h.store.getState().actions.dropFiles([new File([''], 'x.txt')]);
    expect(h.store.getState().banner?.kind).toBe('error');
    expect(h.bridge.callsTo('scanFolder')).toEqual([]);
  });

  it('after a reload, init shows the results the core showed last; without one it stays on Start', async () => {
    const h = await ready({ history: [EARLIER], currentRun: 'run-7' });
    const s = h.store.getState();
    expect(s.view).toBe('results');
    expect(s.results.status === 'ready' && s.results.data.runId).toBe('run-7');
    expect(s.history).toEqual([EARLIER]);
    const fresh = await ready({ history: [EARLIER] });
    expect(fresh.store.getState().view).toBe('start');
    expect(fresh.store.getState().results.status).toBe('idle');
  });

  it('opens an earlier run from the history, a picked results folder, or a dropped results JSON or folder', async () => {
    const h = await ready({ history: [EARLIER], resultsToChoose: `${ROOT}/results`, pathForDroppedFile: (f) => (f.name.endsWith('.json') ? `${ROOT}/results/${f.name}` : `${ROOT}/${f.name}`) });
    const { actions } = h.store.getState();
    await actions.openRun(EARLIER.manifestPath);
    let s = h.store.getState();
    expect(s.view).toBe('results');
    expect(s.results.status === 'ready' && s.results.data.summary.manifestPath).toBe(EARLIER.manifestPath);
    await actions.chooseResults();
    expect(h.bridge.callsTo('openRun').at(-1)).toEqual([`${ROOT}/results`]);
    await actions.dropFiles([new File([''], 'kpat-manifest-20261101-090000.json')]);
    expect(h.bridge.callsTo('openRun').at(-1)).toEqual([EARLIER.manifestPath]);
    // A dropped folder with a run manifest in it is a results folder: its run opens, nothing is scanned.
    await actions.dropFiles([new File([''], 'results')]);
    expect(h.bridge.callsTo('runsInFolder').at(-1)).toEqual([`${ROOT}/results`]);
    expect(h.bridge.callsTo('openRun').at(-1)).toEqual([EARLIER.manifestPath]);
    expect(h.bridge.callsTo('scanFolder')).toEqual([]);
    // A folder of audit results is scanned as before.
    await actions.dropFiles([new File([''], 'audits')]);
    expect(h.bridge.callsTo('scanFolder')).toEqual([[`${ROOT}/audits`]]);
    // What cannot be opened is said, and the results shown so far stay.
    await actions.openRun('/elsewhere/nothing.json');
    s = h.store.getState();
    expect(s.banner?.text).toMatch(/Could not open the results: .*holds no completed run/);
    expect(s.results.status).toBe('ready');
  });

  it('a cancelled or failed run leaves the previous results open', async () => {
    const h = await prepared({ history: [EARLIER] });
    const { actions } = h.store.getState();
    await actions.openRun(EARLIER.manifestPath);
    await actions.goTo('prepare');
    await actions.startRun();
    h.bridge.emit({ type: 'done', summary: h.bridge.summary({ runId: 'run-1', outcome: 'cancelled', families: [] }) });
    h.frames.flush();
    await settle();
    let s = h.store.getState();
    expect(s.banner?.text).toMatch(/previous run are still open/);
    expect(s.results.status === 'ready' && s.results.data.runId).toBe('run-earlier');
    await actions.startRun();
    h.bridge.emit({ type: 'done', summary: h.bridge.summary({ runId: 'run-2', outcome: 'failed', error: 'boom' }) });
    h.frames.flush();
    await settle();
    s = h.store.getState();
    expect(s.results.status === 'ready' && s.results.data.runId).toBe('run-earlier');
    actions.goTo('results');
    expect(h.store.getState().view).toBe('results');
  });

  it('runs: progress flows per frame, completion loads results and opens workbooks when asked', async () => {
    const h = await prepared({ settings: { openWorkbookWhenDone: true } });
    await h.store.getState().actions.startRun();
    let s = h.store.getState();
    expect(s.view).toBe('run');
    expect(s.run.runId).toBe('run-1');
    expect(h.bridge.callsTo('startRun')).toEqual([[{ root: ROOT, searchSet: { kind: 'builtin', name: 'audit-all' } }]]);
    h.bridge.emit({ type: 'progress', progress: h.bridge.progress({ filesDone: 2 }) });
    h.bridge.emit({ type: 'progress', progress: h.bridge.progress({ filesDone: 4 }) });
    expect(h.store.getState().run.progress).toBeNull();
    h.frames.flush();
    expect(h.store.getState().run.progress?.filesDone).toBe(4);
    h.bridge.emit({ type: 'done', summary: h.bridge.summary() });
    h.frames.flush();
    await settle();
    s = h.store.getState();
    expect(s.view).toBe('results');
    expect(s.results.status).toBe('ready');
    expect(s.resultsUi.family).toBe('Linux');
    expect(h.bridge.callsTo('openPath').map((a) => a[0])).toEqual([`${ROOT}/results/Linux.xlsx`, `${ROOT}/results/Windows.xlsx`, `${ROOT}/results/Darwin.xlsx`]);
  });

  it('cancel, then force stop; a cancelled run returns to review with Run enabled', async () => {
    const h = await prepared();
    const { actions } = h.store.getState();
    await actions.startRun();
    await actions.cancelRun();
    expect(h.store.getState().run.cancel).toBe('requested');
    await actions.cancelRun();
    expect(h.bridge.callsTo('cancelRun')).toEqual([
      ['run-1', 'keep'],
      ['run-1', 'force'],
    ]);
    await actions.cancelRun();
    expect(h.bridge.callsTo('cancelRun')).toHaveLength(2);
    h.bridge.emit({ type: 'done', summary: h.bridge.summary({ outcome: 'cancelled', families: [] }) });
    h.frames.flush();
    await settle();
    const s = h.store.getState();
    expect(s.view).toBe('prepare');
    expect(s.banner?.text).toMatch(/cancelled/i);
    expect(runBlocker(s)).toBeNull();
  });

  it('a failed run stays on the run screen with its error', async () => {
    const h = await prepared();
    await h.store.getState().actions.startRun();
    h.bridge.emit({ type: 'error', runId: 'run-1', message: 'worker died', file: 'a.txt', search: null });
    h.bridge.emit({ type: 'done', summary: h.bridge.summary({ outcome: 'failed', error: 'all workers died' }) });
    h.frames.flush();
    await settle();
    const s = h.store.getState();
    expect(s.view).toBe('run');
    expect(s.run.summary?.error).toBe('all workers died');
    expect(s.run.log.map((l) => l.message)).toEqual(['worker died']);
    expect(runBlocker(s)).toBeNull();
  });

  it('a run that cannot start goes back with the reason', async () => {
    const h = await prepared();
    h.bridge.failNext('startRun', 'no worker could start');
    await h.store.getState().actions.startRun();
    const s = h.store.getState();
    expect(s.view).toBe('prepare');
    expect(s.banner).toEqual({ kind: 'error', text: 'The run could not start: no worker could start' });
  });

  it('navigation is locked while a run is going', async () => {
    const h = await prepared();
    await h.store.getState().actions.startRun();
    h.store.getState().actions.goTo('start');
    expect(h.store.getState().view).toBe('run');
    await h.store.getState().actions.openFolder('/other');
    expect(h.store.getState().root).toBe(ROOT);
  });

  it('saveSettings reports what the host refused', async () => {
    const h = await ready({ maxWorkers: 4 });
    const { actions } = h.store.getState();
    expect(await actions.saveSettings({ workerCount: 3 })).toBe(true);
    expect(h.store.getState().settings?.settings.workerCount).toBe(3);
    expect(await actions.saveSettings({ workerCount: 9 })).toBe(false);
    expect(h.store.getState().settingsError).toBe('workerCount must be 1..4');
  });

  it('switching results family clears the open search', async () => {
    const h = await ready();
    const { actions } = h.store.getState();
    actions.setResultsUi({ tab: 'searches', family: 'Linux', search: 1 });
    actions.setResultsUi({ family: 'Windows' });
    expect(h.store.getState().resultsUi).toEqual({ tab: 'searches', family: 'Windows', search: null });
  });
});

describe('app commands (native menu and shortcuts)', () => {
  it('subscribes to menu commands and carries them out like the buttons', async () => {
    const h = createHarness();
    let send: ((c: AppCommand) => void) | null = null;
    h.bridge.onAppCommand = (listener) => {
      send = listener;
      return () => (send = null);
    };
    await h.store.getState().actions.init();
    expect(send).not.toBeNull();
    send!('settings');
    expect(h.store.getState().settingsOpen).toBe(true);
    h.store.getState().actions.closeSettings();
    send!('open-folder');
    await settle();
    expect(h.store.getState().root).toBe(ROOT);
    send!('run');
    await settle();
    expect(h.store.getState().run.runId).toBe('run-1');
    // While running, open commands are ignored; cancel twice = cancel, then force stop.
    send!('open-folder');
    send!('cancel');
    await settle();
    send!('cancel');
    await settle();
    expect(h.bridge.callsTo('chooseFolder')).toHaveLength(1);
    expect(h.bridge.callsTo('cancelRun')).toEqual([
      ['run-1', 'keep'],
      ['run-1', 'force'],
    ]);
    h.store.getState().actions.dispose();
    expect(send).toBeNull();
  });

  it('opens one folder picker even when the shortcut and the menu both fire', async () => {
    const h = await ready({ latencyMs: 5 });
    await Promise.all([h.store.getState().actions.command('open-folder'), h.store.getState().actions.command('open-folder')]);
    expect(h.bridge.callsTo('chooseFolder')).toHaveLength(1);
  });

  it('show-results-folder reveals the first workbook, or says there is none', async () => {
    const h = await prepared();
    await h.store.getState().actions.command('show-results-folder');
    expect(h.store.getState().banner?.text).toMatch(/No results yet/);
    await h.store.getState().actions.startRun();
    h.bridge.emit({ type: 'done', summary: h.bridge.summary() });
    h.frames.flush();
    await settle();
    await h.store.getState().actions.command('show-results-folder');
    expect(h.bridge.callsTo('showInFolder')).toEqual([[`${ROOT}/results/Linux.xlsx`]]);
  });
});
