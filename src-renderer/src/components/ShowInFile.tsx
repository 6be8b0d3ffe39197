// "Show in file" (issue 14): the lines of the original file around a hit, with the hit
// highlighted, its section's name and header lines above it, and the previous / next hit of the
// same search in that section. A worker on the host reads the file after checking its SHA-384;
// a file that changed or is gone says so here instead of showing other lines. Only the lines
// around the hit come to the page, never the file.
import { useEffect, useRef, useState } from 'react';
import type { SourceView } from '../../../src-main/contract/ipc';
import type { SourceTarget } from '../results/source-target';
import { formatCount } from '../lib/format';
import { useActions } from '../store/context';
import { CloseIcon } from './icons';
import './source-views.css';

const DEFAULT_RADIUS = 20;
const MORE_LINES = 40;
const MAX_RADIUS = 5000;

const PROBLEM_TITLE: Record<'missing' | 'changed' | 'unreadable' | 'no-such-line', string> = {
  changed: 'The file changed since the run',
  missing: 'The file is gone',
  unreadable: 'The file cannot be read',
  'no-such-line': 'The line is not in the file',
};

export function ShowInFile({ target, onClose }: { target: SourceTarget; onClose: () => void }) {
  const actions = useActions();
  const [line, setLine] = useState<number | null>(target.line);
  const [radius, setRadius] = useState(DEFAULT_RADIUS);
  const [view, setView] = useState<SourceView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const hitRef = useRef<HTMLLIElement>(null);

  useEffect(() => {
    closeRef.current?.focus();
  }, []);
  useEffect(() => {
    let live = true;
    setError(null);
    actions
      .sourceContext({ family: target.family, index: target.index, system: target.system, line, column: line === null ? target.column : null, radius })
      .then(
        (v) => live && setView(v),
        (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
      );
    return () => {
      live = false;
    };
  }, [actions, target, line, radius]);
  // In a block: Chromium's scrollIntoView answers a promise, which React would take for a cleanup.
  useEffect(() => {
    hitRef.current?.scrollIntoView({ block: 'center' });
  }, [view]);

  const ctx = view?.context ?? null;
  const ok = ctx?.ok ? ctx : null;
  const hitNo = ok && view ? view.hits.indexOf(ok.hit) + 1 : 0;
  const lines = ok?.lines ?? [];
  const firstShown = lines[0]?.line ?? 0;
  // Header lines the window already shows are tinted there; the others stay pinned above it.
  const pinned = ok ? ok.header.filter((h) => h.line < firstShown) : [];
  const headerLines = new Set(ok?.header.map((h) => h.line) ?? []);
  const gap = pinned.length > 0 && firstShown > (pinned.at(-1)?.line ?? 0) + 1;

  return (
    <aside
      className="source-panel"
      role="dialog"
      aria-modal="false"
      aria-labelledby="source-title"
      data-testid="source-panel"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="source-head">
        <div className="source-head-text">
          <h3 id="source-title">
            Show in file <span className="muted">· {target.system}</span>
          </h3>
          <p className="mono small muted source-path" title={view?.filePath} data-testid="source-path">
            {view ? view.relPath : 'Reading the file…'}
          </p>
        </div>
        <button ref={closeRef} type="button" className="icon-btn" aria-label="Close the source lines" onClick={onClose} data-testid="source-close">
          <CloseIcon />
        </button>
      </header>
      {error && (
        <p className="error-text source-message" role="alert" data-testid="source-error">
          The lines could not be shown: {error}
        </p>
      )}
      {ctx && !ctx.ok && (
        <div className="source-problem" role="alert" data-testid="source-problem" data-reason={ctx.reason}>
          <strong>{PROBLEM_TITLE[ctx.reason]}</strong>
          <p>{ctx.message}</p>
          {ctx.reason === 'changed' && <p className="muted small">The results stay as the run found them; run the searches again to see the file as it is now.</p>}
        </div>
      )}
      {ok && view && (
        <>
          <div className="source-bar">
            <span data-testid="source-section">
              {ok.section ? (
                <>
                  Section <strong className="mono">{ok.section}</strong>
                </>
              ) : (
                'No section'
              )}
            </span>
            <span className="muted small">
              line {formatCount(ok.hit)} of {formatCount(ok.totalLines)}
              {hitNo > 0 && ` · hit ${hitNo} of ${view.hits.length} of “${view.search}”`}
            </span>
            <span className="source-actions">
              <button type="button" className="btn btn-small" disabled={ok.previousHit === null} onClick={() => setLine(ok.previousHit)} data-testid="source-previous" title="The previous hit of this search in the same section">
                ↑ Previous hit
              </button>
              <button type="button" className="btn btn-small" disabled={ok.nextHit === null} onClick={() => setLine(ok.nextHit)} data-testid="source-next" title="The next hit of this search in the same section">
                ↓ Next hit
              </button>
              <button type="button" className="btn btn-small" disabled={radius >= MAX_RADIUS} onClick={() => setRadius(Math.min(MAX_RADIUS, radius + MORE_LINES))} data-testid="source-more">
                More lines
              </button>
            </span>
          </div>
          <div className="source-body">
            {pinned.length > 0 && (
              <ol className="source-lines source-header" aria-label="Section header" data-testid="source-header">
                {pinned.map((l) => (
                  <li key={l.line} className="source-line">
                    <span className="source-no">{l.line}</span>
                    <span className="source-text">{l.text}</span>
                  </li>
                ))}
              </ol>
            )}
            {gap && (
              <p className="source-gap muted small" aria-hidden="true">
                ⋯
              </p>
            )}
            <ol className="source-lines" aria-label={`Lines ${lines[0]?.line ?? ''} to ${lines.at(-1)?.line ?? ''}`} data-testid="source-lines">
              {lines.map((l) => {
                const isHit = l.line === ok.hit;
                const other = !isHit && view.hits.includes(l.line);
                return (
                  <li
                    key={l.line}
                    ref={isHit ? hitRef : undefined}
                    className={`source-line${isHit ? ' is-hit' : ''}${other ? ' is-other-hit' : ''}${headerLines.has(l.line) ? ' is-header' : ''}`}
                    aria-current={isHit ? 'true' : undefined}
                    data-testid={isHit ? 'source-hit' : undefined}
                    data-line={l.line}
                  >
                    <span className="source-no">{l.line}</span>
                    <span className="source-text">{l.text === '' ? ' ' : l.text}</span>
                  </li>
                );
              })}
            </ol>
          </div>
        </>
      )}
      {!ctx && !error && <p className="muted source-message">Reading the file…</p>}
    </aside>
  );
}
