// Issue 14's views past one search's table: a hit's source lines (Show in file), one system across
// all searches, and the shown run against an earlier one (drift). The first two are asked for by
// the view that shows them; the drift stays in the store, so that it survives a change of tab,
// until other results are shown. A slice of the app store: merged into AppState and AppActions.
import type { KpatBridge, RunDrift, SourceContextQuery, SourceView, SystemView, SystemViewQuery } from '../../../src-main/contract/ipc';
import { errorMessage } from './error-message';

export interface DriftData {
  /**
   * The earlier run the next run compares with (a history entry's manifest): its workbooks get
   * a Changes sheet, and its results open in the drift view. Null: none.
   */
  runBaseline: string | null;
  /** The shown run against an earlier one; `path` is what was chosen. */
  drift: { status: 'idle' } | { status: 'loading'; path: string } | { status: 'ready'; data: RunDrift } | { status: 'error'; path: string; error: string };
}

export interface SourceViewsActions {
  /** "Show in file" for a hit of the shown results. */
  sourceContext(query: SourceContextQuery): Promise<SourceView>;
  /** One system of the shown results across all its family's searches. */
  systemView(query: SystemViewQuery): Promise<SystemView>;
  /** Compare the shown run with an earlier one (a run manifest, results folder or results JSON). */
  compareWithRun(path: string): Promise<void>;
  /** The host's results picker (a results folder or JSON), then compareWithRun. */
  chooseEarlierRun(): Promise<void>;
  /** Choose (or clear) the earlier run the next run compares with. */
  setRunBaseline(path: string | null): void;
  /** Forget the comparison (the drift view goes back to choosing a run). */
  clearDrift(): void;
}

/** The comparison shown; what other results reset (the next run's baseline stays chosen). */
export const initialDrift: Pick<DriftData, 'drift'> = { drift: { status: 'idle' } };

type Set = (patch: Partial<DriftData>) => void;
type Get = () => DriftData & { results: { status: string; data?: { runId: string } } };

export function createSourceViewsActions(bridge: KpatBridge, set: Set, get: Get): SourceViewsActions {
  let generation = 0;
  const runId = (): string => {
    const r = get().results;
    if (r.status !== 'ready' || !r.data) throw new Error('No results are loaded.');
    return r.data.runId;
  };
  const compareWithRun = async (path: string): Promise<void> => {
    const mine = ++generation;
    let id: string;
    try {
      id = runId();
    } catch (e) {
      set({ drift: { status: 'error', path, error: errorMessage(e) } });
      return;
    }
    set({ drift: { status: 'loading', path } });
    try {
      const data = await bridge.driftAgainst(id, path);
      if (mine === generation && get().results.data?.runId === id) set({ drift: { status: 'ready', data } });
    } catch (e) {
      if (mine === generation) set({ drift: { status: 'error', path, error: errorMessage(e) } });
    }
  };
  return {
    async sourceContext(query) {
      return bridge.sourceContext(runId(), query);
    },
    async systemView(query) {
      return bridge.systemView(runId(), query);
    },
    compareWithRun,
    async chooseEarlierRun() {
      let path: string | null;
      try {
        path = await bridge.chooseResults();
      } catch (e) {
        set({ drift: { status: 'error', path: '', error: `the results picker could not open: ${errorMessage(e)}` } });
        return;
      }
      if (path) await compareWithRun(path);
    },
    setRunBaseline(path) {
      set({ runBaseline: path });
    },
    clearDrift() {
      generation += 1;
      set({ drift: { status: 'idle' } });
    },
  };
}
