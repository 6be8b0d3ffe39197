import type { RunHistoryEntry } from '../../../src-main/contract/ipc';
import { baseName, formatCount, plural } from '../lib/format';
import { FAMILY_LABEL } from '../lib/families';
import { useActions, useApp } from '../store/context';

/** "2026-12-03 09:14" in the user's time zone. */
function when(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

function whyNot(e: RunHistoryEntry): string {
  return e.families.length === 0 ? 'No results' : 'Its results files are missing';
}

/**
 * Earlier runs, newest first; one that exported results opens without running again. With
 * `onPick`, choosing a run hands it over instead (the drift view's baseline); the run shown is then not offered.
 */
export function RunHistoryList({ limit, onOpened, onPick }: { limit?: number; onOpened?: () => void; onPick?: (entry: RunHistoryEntry) => void }) {
  const history = useApp((s) => s.history);
  const current = useApp((s) => (s.results.status === 'ready' ? s.results.data.runId : null));
  const actions = useActions();
  const shown = limit === undefined ? history : history.slice(0, limit);
  if (shown.length === 0) return <p className="muted small" data-testid="run-history-empty">No earlier runs yet. Each run leaves a manifest beside its workbooks; open a results folder to add one.</p>;
  return (
    <ul className="history-list" data-testid="run-history">
      {shown.map((e) => (
        <li key={e.manifestPath}>
          <button
            type="button"
            className={`history-item${e.runId === current ? ' is-current' : ''}`}
            disabled={!e.reopenable || (onPick !== undefined && e.runId === current)}
            onClick={() => {
              if (onPick) return onPick(e);
              void actions.openRun(e.manifestPath);
              onOpened?.();
            }}
            title={e.reopenable ? e.manifestPath : `${whyNot(e)} — ${e.manifestPath}`}
            data-testid="run-history-item"
            data-run-id={e.runId}
          >
            <span className="history-when mono">{when(e.startedAt)}</span>
            <span className="history-what">
              <span className="history-folder">{baseName(e.root)}</span>
              <span className="muted small">
                {' '}
                · {e.searchSetTitle} · {plural(e.systems, 'system')} · {formatCount(e.rows)} rows
                {e.families.length > 0 && ` · ${e.families.map((f) => FAMILY_LABEL[f]).join(', ')}`}
              </span>
            </span>
            <span className={`history-outcome outcome-${e.outcome}`}>{!e.reopenable ? whyNot(e) : e.runId === current ? (onPick ? 'Shown' : 'Open now') : onPick ? 'Compare' : 'Open'}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
