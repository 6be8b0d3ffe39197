// The run as the UI sees it, and the pure reducers that fold the host's event stream into it.
import type { RunEvent, RunPhase, RunProgress, RunSummary } from '../../../src-main/contract/ipc';

export interface LogEntry {
  /** Increasing, for React keys. */
  id: number;
  level: 'warning' | 'error';
  message: string;
  file: string | null;
  search: string | null;
}

export type CancelState = 'none' | 'requested' | 'forced';

export interface RunState {
  /** idle: no run; starting: startRun sent, no id yet; running: events flow; finished: 'done' seen. */
  status: 'idle' | 'starting' | 'running' | 'finished';
  runId: string | null;
  progress: RunProgress | null;
  cancel: CancelState;
  log: LogEntry[];
  /** Entries dropped once the log reached LOG_LIMIT (a run with thousands of warnings stays responsive). */
  logDropped: number;
  nextLogId: number;
  summary: RunSummary | null;
  /** startRun itself failed (nothing ran). */
  startError: string | null;
  /** Events that arrived while startRun had not yet answered with the run id. */
  pending: RunEvent[];
  /** Whole-run progress, 0..100, never going back (see overallPercent). */
  percent: number;
}

export const LOG_LIMIT = 1000;

export const initialRunState: RunState = {
  status: 'idle',
  runId: null,
  progress: null,
  cancel: 'none',
  log: [],
  logDropped: 0,
  nextLogId: 1,
  summary: null,
  startError: null,
  pending: [],
  percent: 0,
};

/**
 * Each phase counts its own files and bytes from zero (detection reads every file, then the
 * search does, then one export per family), so the bar maps each phase onto its share of the
 * whole run. The search dominates the time and gets most of the bar.
 */
const PHASE_SPAN: Partial<Record<RunPhase, readonly [number, number]>> = {
  discovering: [0, 2],
  detecting: [2, 10],
  'loading-config': [10, 12],
  searching: [12, 90],
  merging: [90, 92],
  exporting: [92, 99],
  done: [100, 100],
};

/** Whole-run percent for a progress record, or null in phases that say nothing about it. */
export function overallPercent(p: RunProgress): number | null {
  const span = PHASE_SPAN[p.phase];
  if (!span) return null;
  const [from, to] = span;
  const fraction = Math.min(1, Math.max(0, phaseFraction(p)));
  return Math.floor(from + (to - from) * fraction);
}

/** How far the current phase is, 0..1: the search by bytes, the export by rows written. */
function phaseFraction(p: RunProgress): number {
  const part = (done: number, total: number): number => (total > 0 ? done / total : 0);
  if (p.phase === 'exporting') {
    // A large family's workbook takes most of the export; until rows are counted, workbooks done.
    const rowsTotal = p.exports.reduce((n, e) => n + e.rowsTotal, 0);
    if (rowsTotal > 0) return part(p.exports.reduce((n, e) => n + e.rowsWritten, 0), rowsTotal);
    return part(p.exports.filter((e) => e.step === 'done').length, p.exports.length);
  }
  return p.bytesTotal > 0 ? part(p.bytesDone, p.bytesTotal) : part(p.filesDone, p.filesTotal);
}

export function eventRunId(event: RunEvent): string {
  switch (event.type) {
    case 'progress':
      return event.progress.runId;
    case 'done':
      return event.summary.runId;
    default:
      return event.runId;
  }
}

export function runStarting(): RunState {
  return { ...initialRunState, status: 'starting' };
}

/** startRun answered: adopt the id and replay whatever of this run arrived meanwhile. */
export function runStarted(state: RunState, runId: string): RunState {
  if (state.status !== 'starting') return state;
  const started: RunState = { ...state, status: 'running', runId, pending: [] };
  return applyRunEvents(started, state.pending);
}

export function runStartFailed(state: RunState, message: string): RunState {
  return { ...state, status: 'idle', startError: message, pending: [] };
}

export function cancelRequested(state: RunState, force: boolean): RunState {
  if (state.status !== 'running' && state.status !== 'starting') return state;
  return { ...state, cancel: force ? 'forced' : 'requested' };
}

/** What the Cancel button does next: Cancel first, then Force stop while cancelling. */
export function nextCancelAction(state: RunState): 'cancel' | 'force' | null {
  if (state.status !== 'running' && state.status !== 'starting') return null;
  if (state.cancel === 'forced') return null;
  if (state.cancel === 'requested' || state.progress?.phase === 'cancelling') return 'force';
  return 'cancel';
}

function appendLog(state: RunState, entries: Omit<LogEntry, 'id'>[]): RunState {
  if (entries.length === 0) return state;
  let nextId = state.nextLogId;
  const added = entries.map((e) => ({ ...e, id: nextId++ }));
  const all = state.log.concat(added);
  const overflow = Math.max(0, all.length - LOG_LIMIT);
  return {
    ...state,
    log: overflow > 0 ? all.slice(overflow) : all,
    logDropped: state.logDropped + overflow,
    nextLogId: nextId,
  };
}

/**
 * Fold a batch of events (one animation frame's worth) into the run. Events of other runs are
 * ignored; after 'done' nothing changes any more.
 */
export function applyRunEvents(state: RunState, events: readonly RunEvent[]): RunState {
  if (events.length === 0) return state;
  if (state.status === 'starting') return { ...state, pending: state.pending.concat(events) };
  if (state.status !== 'running') return state;
  let next = state;
  const logEntries: Omit<LogEntry, 'id'>[] = [];
  for (const event of events) {
    if (eventRunId(event) !== next.runId || next.status !== 'running') continue;
    switch (event.type) {
      case 'progress': {
        const percent = overallPercent(event.progress);
        next = { ...next, progress: event.progress, percent: percent === null ? next.percent : Math.max(next.percent, percent) };
        break;
      }
      case 'warning':
        logEntries.push({ level: 'warning', message: event.message, file: event.file, search: null });
        break;
      case 'error':
        logEntries.push({ level: 'error', message: event.message, file: event.file, search: event.search });
        break;
      case 'done':
        next = { ...next, status: 'finished', summary: event.summary };
        break;
    }
  }
  return appendLog(next, logEntries);
}
