// Marks on the Compare view's cells (issue 15): one setting (a column of the grid) on one system
// marked as a finding, ok or follow-up with a note. The core keys the mark by system + search +
// column and keeps the cell's values as its evidence, so a later run with other values shows the
// mark as "evidence changed". The grid shows which cells are marked; a cell opens this panel.
import { useEffect, useMemo, useRef } from 'react';
import type { GridColumn, GridRow, MarkView } from '../../../src-main/contract/ipc';
import { cellLabel } from '../results/compare-csv';
import { useActions, useApp } from '../store/context';
import { CloseIcon, FlagIcon } from './icons';
import { MarkEditor, STATUS_LABEL } from './MarkEditor';
import './findings.css';

export interface CellRef {
  system: string;
  column: string;
}

const cellKey = (system: string, column: string): string => `${system}\u0000${column}`;

/** The cell marks of one search, by system and column; null while the findings are not loaded. */
export function useCellMarks(search: string): Map<string, MarkView> | null {
  const marks = useApp((s) => (s.findings.status === 'ready' ? s.findings.data.marks : null));
  return useMemo(() => {
    if (marks === null) return null;
    const map = new Map<string, MarkView>();
    for (const m of marks) if (m.target.kind === 'cell' && m.target.search === search) map.set(cellKey(m.target.system, m.target.column), m);
    return map;
  }, [marks, search]);
}

export function cellMarkOf(marks: Map<string, MarkView> | null, system: string, column: string | undefined): MarkView | undefined {
  return column === undefined ? undefined : marks?.get(cellKey(system, column));
}

/**
 * A cell's mark button, at its right edge: the mark's dot (in the check matrix's colours) when the
 * cell is marked, else a flag shown while the row is hovered or the button focused.
 */
export function CellMarkButton({ system, column, mark, open, onOpen }: { system: string; column: string | undefined; mark: MarkView | undefined; open: boolean; onOpen: () => void }) {
  const what = `${column ?? ''} on ${system}`;
  return (
    <button
      type="button"
      className={`cmp-mark-btn${mark ? ` is-marked mark-${mark.status}` : ''}${open ? ' is-open' : ''}`}
      onClick={onOpen}
      aria-label={mark ? `${what}: marked ${STATUS_LABEL[mark.status]} (open the mark)` : `Mark ${what}`}
      aria-expanded={open}
      title={mark ? `Marked ${STATUS_LABEL[mark.status]}${mark.note ? `: ${mark.note}` : ''}` : 'Mark this cell'}
      data-testid="compare-cell-mark"
    >
      {mark ? <span className={`mark-dot mark-${mark.status}`} aria-hidden="true" /> : <FlagIcon width={13} height={13} />}
    </button>
  );
}

/** One cell's values, what the column is compared with, and the mark editor. */
export function CompareCellDetail({
  search,
  row,
  column,
  index,
  against,
  mark,
  onClose,
}: {
  search: string;
  row: GridRow;
  column: GridColumn;
  /** The column's index in the row's cells. */
  index: number;
  /** What the cells are compared with: a system's name, or null for the majority. */
  against: string | null;
  mark: MarkView | undefined;
  onClose: () => void;
}) {
  const actions = useActions();
  const markError = useApp((s) => s.markError);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), [row.system, column.name]);
  const cell = row.cells[index];
  const reference = column.distinct.find((d) => d.sig === column.reference);
  const target = { kind: 'cell' as const, system: row.system, search, column: column.name };
  return (
    <aside
      className="row-detail mark-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="compare-cell-title"
      data-testid="compare-cell-detail"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="row-detail-header">
        <h3 id="compare-cell-title">
          {column.name} <span className="muted">on {row.system}</span>
        </h3>
        <button ref={closeRef} type="button" className="icon-btn" aria-label="Close cell details" onClick={onClose} data-testid="compare-cell-close">
          <CloseIcon />
        </button>
      </header>
      <dl className="row-detail-fields">
        <div className="is-main">
          <dt>Value on {row.system}</dt>
          <dd>
            <pre data-testid="compare-cell-values">{cell ? cellLabel(cell) : '—'}</pre>
          </dd>
        </div>
        <div>
          <dt>Compared with {against ?? 'the majority'}</dt>
          <dd data-testid="compare-cell-reference">
            {reference ? (
              <>
                <span className="mono">{cellLabel(reference)}</span>{' '}
                <span className="muted small">
                  ({reference.count} of {column.distinct.reduce((n, d) => n + d.count, 0)} systems){cell?.deviates ? ' · this system deviates' : ''}
                </span>
              </>
            ) : (
              <span className="muted">nothing to compare with</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Search</dt>
          <dd className="mono small">{search}</dd>
        </div>
        <div>
          <dt>Mark this cell</dt>
          <dd>
            <MarkEditor
              automatic={null}
              mark={mark}
              error={markError}
              onSave={(v) => actions.putMark({ target, status: v.status, note: v.note, override: null, line: null })}
              onRemove={() => (mark ? actions.removeMark(mark.key) : Promise.resolve(false))}
            />
          </dd>
        </div>
      </dl>
    </aside>
  );
}
