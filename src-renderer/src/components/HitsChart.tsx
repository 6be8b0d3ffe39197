// Hits per search as horizontal bars (plain CSS widths; no chart library).
import { useState } from 'react';
import type { SearchOverview } from '../../../src-main/contract/ipc';
import { formatCount } from '../lib/format';

const COLLAPSED = 15;

export function HitsChart({ searches, onOpen }: { searches: SearchOverview[]; onOpen: (s: SearchOverview) => void }) {
  const [all, setAll] = useState(false);
  const withHits = searches.filter((s) => s.totalRows > 0).sort((a, b) => b.totalRows - a.totalRows || a.search.localeCompare(b.search));
  const max = withHits[0]?.totalRows ?? 0;
  const shown = all ? withHits : withHits.slice(0, COLLAPSED);
  // Said the same way as the "No results" panel beside it: no search at all is not "nothing found".
  if (searches.length === 0) return <p className="empty">No search ran on these results.</p>;
  if (withHits.length === 0) return <p className="empty">No search found anything.</p>;
  return (
    <div className="hits-chart" data-testid="hits-chart">
      <ol className="bars" aria-label="Hits per search">
        {shown.map((s) => (
          <li key={`${s.family}:${s.index}`} className="bar-row">
            <button type="button" className="bar-button" onClick={() => onOpen(s)} title={s.comment ?? s.search} data-testid="hits-bar" data-search={s.search}>
              <span className="bar-label">
                <span className={`family-dot family-${s.family}`} aria-hidden="true" />
                {s.search}
              </span>
              <span className="bar-track" aria-hidden="true">
                <span className={`bar-fill family-${s.family}`} style={{ width: `${Math.max(1, (s.totalRows / max) * 100)}%` }} />
              </span>
              <span className="bar-value">{formatCount(s.totalRows)}</span>
            </button>
          </li>
        ))}
      </ol>
      {withHits.length > COLLAPSED && (
        <button type="button" className="btn btn-link" onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {all ? 'Show the top 15' : `Show all ${withHits.length} searches with hits`}
        </button>
      )}
    </div>
  );
}
