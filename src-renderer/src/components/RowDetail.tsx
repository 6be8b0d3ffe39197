import { useEffect, useRef } from 'react';
import type { Cell } from '../../../src-main/contract/ipc';
import { CloseIcon } from './icons';

export function RowDetail({ header, row, index, total, onClose }: { header: string[]; row: Cell[]; index: number; total: number; onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), [row]);
  return (
    <aside className="row-detail" role="dialog" aria-modal="false" aria-labelledby="row-detail-title" data-testid="row-detail">
      <header className="row-detail-header">
        <h3 id="row-detail-title">
          Row {(index + 1).toLocaleString('en-US')} <span className="muted">of {total.toLocaleString('en-US')}</span>
        </h3>
        <button ref={closeRef} type="button" className="icon-btn" aria-label="Close row details" onClick={onClose} data-testid="row-detail-close">
          <CloseIcon />
        </button>
      </header>
      <dl className="row-detail-fields">
        {header.map((name, c) => (
          <div key={c} className={name === 'Matched Text' ? 'is-main' : ''}>
            <dt>{name}</dt>
            <dd>
              <pre data-testid={name === 'Matched Text' ? 'row-detail-text' : undefined}>{row[c] === undefined || row[c] === '' ? '—' : String(row[c])}</pre>
            </dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
