// The checks and marks of the shown run (issue 15): loaded with the results, changed one mark at
// a time (the core saves each in the run's findings file and answers the new state), and the
// report exported beside the workbooks. A slice of the app store: its state and actions are
// merged into AppState and AppActions.
import type { KpatBridge, MarkRequest, RunFindings } from '../../../src-main/contract/ipc';
import { errorMessage } from './error-message';

export type ReportExport = { status: 'idle' } | { status: 'busy'; format: 'html' | 'pdf' | 'print' } | { status: 'done'; path: string | null } | { status: 'error'; error: string };

export interface FindingsData {
  findings: { status: 'idle' } | { status: 'loading' } | { status: 'ready'; data: RunFindings } | { status: 'error'; error: string };
  /** Why the last mark could not be saved, else null. */
  markError: string | null;
  reportExport: ReportExport;
}

export interface FindingsActions {
  loadFindings(runId: string): Promise<void>;
  /** Saves a mark on the shown run; false (and markError) when the core refused it. */
  putMark(mark: MarkRequest): Promise<boolean>;
  removeMark(key: string): Promise<boolean>;
  /** Writes the report beside the workbooks (HTML, or PDF in the desktop app). */
  exportReport(format: 'html' | 'pdf'): Promise<void>;
  /** The report's HTML for the browser's print; null (and reportExport error) when it cannot be made. */
  reportHtml(): Promise<string | null>;
  /** The browser printed (or was asked to print) the report. */
  reportPrinted(): void;
}

export const initialFindings: FindingsData = { findings: { status: 'idle' }, markError: null, reportExport: { status: 'idle' } };

type Set = (patch: Partial<FindingsData>) => void;
type Get = () => FindingsData & { results: { status: string; data?: { runId: string } } };

export function createFindingsActions(bridge: KpatBridge, set: Set, get: Get): FindingsActions {
  let generation = 0;
  const runId = (): string | null => {
    const r = get().results;
    return r.status === 'ready' && r.data ? r.data.runId : null;
  };
  const change = async (work: (id: string) => Promise<RunFindings>): Promise<boolean> => {
    const id = runId();
    if (!id) return false;
    try {
      const data = await work(id);
      if (runId() === id) set({ findings: { status: 'ready', data }, markError: null });
      return true;
    } catch (e) {
      set({ markError: errorMessage(e) });
      return false;
    }
  };
  return {
    async loadFindings(id) {
      const mine = ++generation;
      set({ findings: { status: 'loading' }, markError: null, reportExport: { status: 'idle' } });
      try {
        const data = await bridge.runFindings(id);
        if (mine === generation) set({ findings: { status: 'ready', data } });
      } catch (e) {
        if (mine === generation) set({ findings: { status: 'error', error: errorMessage(e) } });
      }
    },
    putMark: (mark) => change((id) => bridge.putMark(id, mark)),
    removeMark: (key) => change((id) => bridge.removeMark(id, key)),
    async exportReport(format) {
      const id = runId();
      if (!id) return;
      set({ reportExport: { status: 'busy', format } });
      try {
        const { path } = await bridge.exportReport(id, format);
        set({ reportExport: { status: 'done', path } });
      } catch (e) {
        set({ reportExport: { status: 'error', error: errorMessage(e) } });
      }
    },
    async reportHtml() {
      const id = runId();
      if (!id) return null;
      set({ reportExport: { status: 'busy', format: 'print' } });
      try {
        return await bridge.reportHtml(id);
      } catch (e) {
        set({ reportExport: { status: 'error', error: errorMessage(e) } });
        return null;
      }
    },
    reportPrinted() {
      set({ reportExport: { status: 'done', path: null } });
    },
  };
}
