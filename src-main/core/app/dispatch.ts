// One dispatcher behind both hosts: validates a command's arguments, routes it to the core or
// to the host's shell (dialogs, opening files), and turns every outcome into a CommandReply.
// Paths a dialog returns become reachable; only files our runs wrote may be opened or shown.

import type { KpatBridge } from '../../contract/ipc';
import { isCommandName, type CommandName, type CommandReply } from './commands';
import { validateCommandArgs } from './command-validators';

/** What only the host can do: native dialogs and handing a file to the OS. */
export interface HostShell {
  chooseFolder(): Promise<string | null>;
  chooseSearchFile(): Promise<string | null>;
  /** A results folder (or a manifest / results JSON where the platform's dialog can pick either). */
  chooseResults(): Promise<string | null>;
  openPath(path: string): Promise<void>;
  showInFolder(path: string): Promise<void>;
  /**
   * Prints an HTML file to a PDF file as the desktop app does (Electron's printToPDF); the
   * browser host refuses (it prints with the browser's own print).
   */
  printToPdf(htmlPath: string, pdfPath: string): Promise<void>;
}

type ShellCommand = keyof HostShell | 'exportReport';
export type CoreCommandName = Exclude<CommandName, ShellCommand>;

export type CoreCommands = Pick<KpatBridge, CoreCommandName> & {
  /** Writes the run's HTML report beside its workbooks (and lets it be opened); answers its path. */
  writeReport(runId: string): Promise<string>;
  /** A file a command wrote may be opened and shown in its folder. */
  allowWritten(path: string): void;
  /** The user chose this path (dialog, drop): the renderer may now use it. */
  grantPath(path: string): void;
  /** The canonical path of a file one of our runs wrote (what the shell opens); throws for any other path. */
  openableFile(path: string): Promise<string>;
};

export type CommandDispatcher = (name: unknown, args: unknown) => Promise<CommandReply>;

export function createDispatcher(core: CoreCommands, shell: HostShell, log: (message: string) => void = () => undefined): CommandDispatcher {
  const routes: { [K in CommandName]: (...args: Parameters<KpatBridge[K]>) => Promise<unknown> } = {
    appInfo: () => core.appInfo(),
    getSettings: () => core.getSettings(),
    saveSettings: (patch) => core.saveSettings(patch),
    chooseFolder: async () => granted(await shell.chooseFolder()),
    chooseSearchFile: async () => granted(await shell.chooseSearchFile()),
    chooseResults: async () => granted(await shell.chooseResults()),
    scanFolder: (root) => core.scanFolder(root),
    listSearchSets: () => core.listSearchSets(),
    inspectSearchSet: (ref, root) => core.inspectSearchSet(ref, root),
    startRun: (request) => core.startRun(request),
    cancelRun: (runId, mode) => core.cancelRun(runId, mode),
    retryFailed: (runId) => core.retryFailed(runId),
    resultsOverview: (runId) => core.resultsOverview(runId),
    resultRows: (runId, query) => core.resultRows(runId, query),
    compareGrid: (runId, query) => core.compareGrid(runId, query),
    sourceContext: (runId, query) => core.sourceContext(runId, query),
    systemView: (runId, query) => core.systemView(runId, query),
    driftAgainst: (runId, earlier) => core.driftAgainst(runId, earlier),
    runHistory: () => core.runHistory(),
    openRun: (path) => core.openRun(path),
    runsInFolder: (folder) => core.runsInFolder(folder),
    // The OS gets the canonical path that was checked, not the one the page sent.
    openPath: async (path) => shell.openPath(await core.openableFile(path)),
    showInFolder: async (path) => shell.showInFolder(await core.openableFile(path)),
    runFindings: (runId) => core.runFindings(runId),
    putMark: (runId, mark) => core.putMark(runId, mark),
    removeMark: (runId, key) => core.removeMark(runId, key),
    reportHtml: (runId) => core.reportHtml(runId),
    exportView: (runId, query) => core.exportView(runId, query),
    exportReport: async (runId, format) => {
      const html = await core.writeReport(runId);
      if (format === 'html') return { path: html };
      // The PDF is printed from the HTML just written, and sits beside it.
      const pdf = html.replace(/\.html$/, '.pdf');
      await shell.printToPdf(html, pdf);
      core.allowWritten(pdf);
      return { path: pdf };
    },
  };

  function granted(path: string | null): string | null {
    if (path !== null) core.grantPath(path);
    return path;
  }

  return async (name, args) => {
    if (!isCommandName(name)) return { ok: false, error: `Unknown command ${JSON.stringify(name)}` };
    try {
      const valid = validateCommandArgs(name, args);
      const route = routes[name] as (...a: unknown[]) => Promise<unknown>;
      const value = await route(...(valid as unknown[]));
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log(`command ${name} failed: ${message}`);
      return { ok: false, error: message };
    }
  };
}
