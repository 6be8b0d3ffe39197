// A modal dialog: the backdrop, Escape and the close button close it, Tab stays inside it, and
// the focus goes back to where it was when it closes. Settings and Keyboard shortcuts use it.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { CloseIcon } from './icons';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal(p: { title: string; closeLabel: string; onClose: () => void; testId: string; wide?: boolean; children: ReactNode }) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(typeof document !== 'undefined' ? document.activeElement : null);
  const titleId = `${p.testId}-title`;

  useEffect(() => {
    // The dialog's first control has the focus unless the content moves it (its effects run later).
    dialogRef.current?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    const back = opener.current;
    return () => {
      if (back instanceof HTMLElement) back.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      p.onClose();
      return;
    }
    if (e.key !== 'Tab' || !dialogRef.current) return;
    const items = Array.from(dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE));
    const first = items[0];
    const last = items[items.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && p.onClose()}>
      <div ref={dialogRef} className={`modal${p.wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown} data-testid={p.testId}>
        <header className="modal-header">
          <h2 id={titleId}>{p.title}</h2>
          <button type="button" className="icon-btn" aria-label={p.closeLabel} onClick={p.onClose} data-testid={`${p.testId}-close`}>
            <CloseIcon />
          </button>
        </header>
        {p.children}
      </div>
    </div>
  );
}
