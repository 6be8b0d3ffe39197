// The results grid's two pickers: the column chooser (show, hide, reorder) and a column's value
// filter (its distinct values with counts, like Excel's autofilter).
import { useEffect, useMemo, useState } from 'react';

/** Escape closes a picker wherever the focus is. */
function useEscape(onClose: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
}
import type { RowsPage } from '../../../src-main/contract/ipc';
import { formatCount } from '../lib/format';
import { FROZEN, moveColumn, setHidden, visibleColumns, type GridPrefs } from '../results/grid-view';

export function ColumnChooser({ header, prefs, onChange, onClose }: { header: readonly string[]; prefs: GridPrefs; onChange: (p: GridPrefs) => void; onClose: () => void }) {
  useEscape(onClose);
  const order = visibleColumns(header, { ...prefs, hidden: [] });
  return (
    <div className="grid-pop card" role="dialog" aria-label="Columns" data-testid="column-chooser">
      <ul className="grid-pop-list">
        {order.map((i, at) => {
          const name = header[i] as string;
          return (
            <li key={name} className="column-choice">
              <label>
                <input
                  type="checkbox"
                  checked={!prefs.hidden.includes(name) || i === FROZEN}
                  disabled={i === FROZEN}
                  onChange={(e) => onChange(setHidden(prefs, name, !e.target.checked))}
                  data-testid="column-toggle"
                  data-column={name}
                />
                {name}
                {i === FROZEN && <span className="muted small"> (always shown)</span>}
              </label>
              {i !== FROZEN && (
                <span className="column-move">
                  <button type="button" className="btn-icon" disabled={at <= 1} aria-label={`Move ${name} left`} onClick={() => onChange(moveColumn(header, prefs, i, -1))}>
                    ↑
                  </button>
                  <button type="button" className="btn-icon" disabled={at === order.length - 1} aria-label={`Move ${name} right`} onClick={() => onChange(moveColumn(header, prefs, i, 1))}>
                    ↓
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <div className="grid-pop-actions">
        <button type="button" className="btn btn-ghost" onClick={() => onChange({ order: [], hidden: [], widths: {} })}>
          Reset columns
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}

const label = (v: string) => (v === '' ? '(empty)' : v);

export function ValuePicker(p: {
  name: string;
  /** The column's values over the rows the other filters keep. */
  load: () => Promise<RowsPage>;
  current: string[] | null;
  onApply: (values: string[] | null) => void;
  onClose: () => void;
}) {
  const { load } = p;
  useEscape(p.onClose);
  const [page, setPage] = useState<RowsPage['values'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [find, setFind] = useState('');
  const [chosen, setChosen] = useState<Set<string> | null>(p.current ? new Set(p.current) : null);

  useEffect(() => {
    let live = true;
    load().then(
      (r) => live && setPage(r.values ?? { column: 0, values: [], more: 0 }),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [load]);

  const listed = useMemo(() => {
    const needle = find.trim().toLowerCase();
    return (page?.values ?? []).filter((v) => !needle || v.value.toLowerCase().includes(needle));
  }, [page, find]);
  const isOn = (v: string) => chosen === null || chosen.has(v);
  const toggle = (v: string) => {
    const next = new Set(chosen ?? (page?.values ?? []).map((x) => x.value));
    if (next.has(v)) next.delete(v);
    else next.add(v);
    setChosen(next);
  };

  return (
    <div className="grid-pop card value-picker" role="dialog" aria-label={`Filter ${p.name} by value`} data-testid="value-picker">
      <input type="search" placeholder={`Find a ${p.name} value…`} value={find} onChange={(e) => setFind(e.target.value)} aria-label="Find a value" autoFocus data-testid="value-picker-find" />
      {error && <p className="error-text">{error}</p>}
      {!page && !error && <p className="muted small">Counting values…</p>}
      {page && (
        <>
          <div className="value-picker-bulk">
            <button type="button" className="btn-link" onClick={() => setChosen(null)}>
              All
            </button>
            <button type="button" className="btn-link" onClick={() => setChosen(new Set())}>
              None
            </button>
          </div>
          <ul className="grid-pop-list value-list">
            {listed.map((v) => (
              <li key={v.value}>
                <label title={v.value}>
                  <input type="checkbox" checked={isOn(v.value)} onChange={() => toggle(v.value)} data-testid="value-option" data-value={v.value} />
                  <span className={`value-text${v.value === '' ? ' muted' : ''}`}>{label(v.value)}</span>
                  <span className="value-count">{formatCount(v.count)}</span>
                </label>
              </li>
            ))}
          </ul>
          {page.more > 0 && <p className="muted small">and {formatCount(page.more)} rarer values (use the text filter for those)</p>}
        </>
      )}
      <div className="grid-pop-actions">
        <button type="button" className="btn btn-ghost" onClick={() => p.onApply(null)} data-testid="value-picker-clear">
          Clear filter
        </button>
        <button type="button" className="btn btn-primary" onClick={() => p.onApply(chosen === null ? null : [...chosen])} data-testid="value-picker-apply">
          Apply
        </button>
      </div>
    </div>
  );
}
