import { useEffect, useRef } from 'react';
import type { Cell } from '../../../src-main/contract/ipc';
import { useActions, useApp } from '../store/context';
import { CloseIcon } from './icons';
import { MarkEditor } from './MarkEditor';
import { rowTargetOf } from './row-marks';

/** The row's mark: by system + search + the row's text (never its line number), as the core keys it. */
function RowMark({ search, header, row }: { search: string; header: string[]; row: Cell[] }) {
  const actions = useActions();
  const markError = useApp((s) => s.markError);
  const marks = useApp((s) => (s.findings.status === 'ready' ? s.findings.data.marks : null));
  const { target, line } = rowTargetOf(search, header, row);
  if (marks === null) return null;
  const mark = marks.find((m) => m.target.kind === 'row' && m.target.system === target.system && m.target.search === search && m.target.text === target.text);
  return (
    <section className="row-mark" aria-label="Mark this row" data-testid="row-mark">
      <MarkEditor
        automatic={null}
        mark={mark}
        error={markError}
        onSave={(v) => actions.putMark({ target, status: v.status, note: v.note, override: null, line })}
        onRemove={() => (mark ? actions.removeMark(mark.key) : Promise.resolve(false))}
      />
    </section>
  );
}

/** Keys typed into a field of the drawer (the mark's note) are the field's, not the drawer's. */
const isTyping = (target: EventTarget): boolean => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * One row in full. With `onStep`, ↑/↓ (and the Previous / Next buttons) step through the rows of
 * the view; `row` is null while the row stepped to is being fetched.
 */
export function RowDetail({
  header,
  row,
  index,
  total,
  onClose,
  onStep,
  search,
  onShowInFile,
}: {
  header: string[];
  row: Cell[] | null;
  index: number;
  total: number;
  onClose: () => void;
  onStep?: (by: -1 | 1) => void;
  search?: string;
  /** Opens the row's source lines (Show in file); absent when the row has no line to show. */
  onShowInFile?: () => void;
}) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <aside
      className="row-detail"
      role="dialog"
      aria-modal="false"
      aria-labelledby="row-detail-title"
      data-testid="row-detail"
      data-row-index={index}
      onKeyDown={(e) => {
        if (!onStep || isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
        const by = e.key === 'ArrowDown' || e.key === 'j' ? 1 : e.key === 'ArrowUp' || e.key === 'k' ? -1 : 0;
        if (by === 0) return;
        e.preventDefault();
        onStep(by);
      }}
    >
      <header className="row-detail-header">
        <h3 id="row-detail-title">
          Row {(index + 1).toLocaleString('en-US')} <span className="muted">of {total.toLocaleString('en-US')}</span>
        </h3>
        <span className="row-detail-actions">
          {onStep && (
            <span className="row-detail-steps">
              <button type="button" className="btn" disabled={index <= 0} onClick={() => onStep(-1)} title="Previous row (↑)" data-testid="row-detail-prev">
                ↑ Previous
              </button>
              <button type="button" className="btn" disabled={index >= total - 1} onClick={() => onStep(1)} title="Next row (↓)" data-testid="row-detail-next">
                ↓ Next
              </button>
            </span>
          )}
          {onShowInFile && (
            <button type="button" className="btn" onClick={onShowInFile} data-testid="row-show-in-file" title="The lines of the original file around this hit">
              Show in file
            </button>
          )}
          <button ref={closeRef} type="button" className="icon-btn" aria-label="Close row details" onClick={onClose} data-testid="row-detail-close">
            <CloseIcon />
          </button>
        </span>
      </header>
      {row === null ? (
        <p className="muted row-detail-loading">Loading…</p>
      ) : (
      <dl className="row-detail-fields">
        {header.map((name, c) => (
          <div key={c} className={name === 'Matched Text' ? 'is-main' : ''}>
            <dt>{name}</dt>
            <dd>
              <pre data-testid={name === 'Matched Text' ? 'row-detail-text' : undefined}>{row[c] === undefined || row[c] === '' ? '—' : String(row[c])}</pre>
            </dd>
          </div>
        ))}
        {search !== undefined && (
          <div>
            <dt>Mark this row</dt>
            <dd>
              <RowMark search={search} header={header} row={row} />
            </dd>
          </div>
        )}
      </dl>
      )}
    </aside>
  );
}
