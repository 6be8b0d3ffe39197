// Before a run: an earlier run to compare it with (issue 14). Its workbooks then get a Changes
// sheet against that run, and Results → Changes opens on the same comparison.
import { useEffect } from 'react';
import { useActions, useApp } from '../store/context';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function RunBaselineSelect() {
  const history = useApp((s) => s.history);
  const baseline = useApp((s) => s.runBaseline);
  const actions = useActions();
  const runs = history.filter((e) => e.reopenable);
  // A chosen run that left the history (its files were removed) is not offered any more.
  useEffect(() => {
    if (baseline && !runs.some((e) => e.manifestPath === baseline)) actions.setRunBaseline(null);
  }, [actions, baseline, runs]);
  if (runs.length === 0) return null;
  return (
    <label className="compare-control run-baseline" title="Each workbook gets a Changes sheet: rows added, removed and changed since that run">
      Changes since
      <select value={baseline ?? ''} onChange={(e) => actions.setRunBaseline(e.target.value === '' ? null : e.target.value)} data-testid="run-compare-with">
        <option value="">no earlier run</option>
        {runs.map((e) => (
          <option key={e.manifestPath} value={e.manifestPath}>
            {when(e.startedAt)} · {e.searchSetTitle} · {e.systems} systems
          </option>
        ))}
      </select>
    </label>
  );
}
