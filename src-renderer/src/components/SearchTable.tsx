// One search's rows: fetched page by page from the host, windowed (only the rows in view are
// in the DOM), sortable by any column, filtered by text; a row opens its full text.
import { useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { Cell, SearchOverview } from '../../../src-main/contract/ipc';
import { useDebounced } from '../hooks/useDebounced';
import { useViewportHeight } from '../hooks/useViewportHeight';
import { formatCount } from '../lib/format';
import { columnLayout, isNumericColumn, nextSort, type SortState } from '../results/columns';
import { RowCache } from '../results/row-cache';
import { scrollToReveal, virtualWindow } from '../results/virtual-window';
import { useActions } from '../store/context';
import { FilterField } from './FilterField';
import { RowDetail } from './RowDetail';

export const ROW_HEIGHT = 34;
/** Used until the viewport is measured (and in DOMs without layout, such as tests). */
const FALLBACK_VIEWPORT = 480;

function useRowCache(search: SearchOverview, filter: string, sort: SortState): RowCache {
  const actions = useActions();
  const sortKey = sort ? `${sort.column}:${sort.direction}` : '';
  const cache = useMemo(
    () =>
      new RowCache((offset, limit) =>
        actions.resultRows({
          family: search.family,
          index: search.index,
          offset,
          limit,
          ...(filter ? { filter } : {}),
          ...(sort ? { sort } : {}),
        }),
      ),
    // sortKey stands for sort (a new object each render); a new cache per query keeps stale pages out.
    [actions, search.family, search.index, filter, sortKey],
  );
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  return cache;
}

function cellText(c: Cell | undefined): string {
  return c === undefined ? '' : String(c);
}

export function SearchTable({ search }: { search: SearchOverview }) {
  const [filterInput, setFilterInput] = useState('');
  const filter = useDebounced(filterInput.trim(), 200);
  const [sort, setSort] = useState<SortState>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [active, setActive] = useState(0);
  const [detail, setDetail] = useState<{ index: number; row: Cell[] } | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const viewport = useViewportHeight(bodyRef, FALLBACK_VIEWPORT);
  const gridId = useId();
  const cache = useRowCache(search, filter, sort);

  const header = cache.header.length > 0 ? cache.header : search.header;
  const total = cache.total ?? 0;
  const win = virtualWindow(total, ROW_HEIGHT, scrollTop, viewport);
  const { template, minWidth } = columnLayout(header);
  const headRef = useRef<HTMLDivElement>(null);


  // A new query starts at the top.
  useEffect(() => {
    setActive(0);
    setScrollTop(0);
    if (bodyRef.current) bodyRef.current.scrollTop = 0;
  }, [cache]);

  useEffect(() => {
    cache.ensure(win.start, Math.max(win.end, win.start + 1));
  }, [cache, win.start, win.end]);

  const moveTo = (index: number) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    const el = bodyRef.current;
    if (!el) return;
    const target = scrollToReveal(next, ROW_HEIGHT, el.scrollTop, viewport);
    if (target !== null) {
      el.scrollTop = target;
      setScrollTop(target);
    }
  };

  const open = (index: number) => {
    const row = cache.row(index);
    if (row) setDetail({ index, row });
  };

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1),
      ArrowUp: () => moveTo(active - 1),
      PageDown: () => moveTo(active + pageRows),
      PageUp: () => moveTo(active - pageRows),
      Home: () => moveTo(0),
      End: () => moveTo(total - 1),
      Enter: () => open(active),
      ' ': () => open(active),
    };
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  const rows = [];
  for (let i = win.start; i < win.end; i += 1) {
    const row = cache.row(i);
    rows.push(
      <div
        key={i}
        id={`${gridId}-row-${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={i === active}
        className={`grid-row${i === active ? ' is-active' : ''}${i % 2 ? ' is-odd' : ''}`}
        style={{ gridTemplateColumns: template, top: i * ROW_HEIGHT }}
        onClick={() => {
          setActive(i);
          open(i);
        }}
        data-testid="search-table-row"
        data-row-index={i}
      >
        {row
          ? header.map((name, c) => (
              <div key={c} role="gridcell" className={`grid-cell${isNumericColumn(name) ? ' num' : ''}`} title={cellText(row[c])}>
                {cellText(row[c])}
              </div>
            ))
          : <div role="gridcell" className="grid-cell muted">Loading…</div>}
      </div>,
    );
  }

  return (
    <div
      className="search-table"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && detail) {
          e.preventDefault();
          e.stopPropagation();
          setDetail(null);
          bodyRef.current?.focus();
        }
      }}
    >
      <div className="table-toolbar">
        <div className="table-heading">
          <h2 className="table-title" data-testid="search-table-title">{search.search}</h2>
          {search.comment && (
            <p className="muted small table-comment" title={search.comment}>
              {search.comment}
            </p>
          )}
        </div>
        <FilterField label="Filter rows" placeholder="Filter rows…" value={filterInput} onChange={setFilterInput} testId="table-filter" controls={gridId} />
        <span className="card-meta" data-testid="table-total" data-total={total} aria-live="polite">
          {cache.total === null
            ? 'Loading…'
            : filter
              ? `${formatCount(total)} of ${formatCount(search.totalRows)} rows`
              : `${formatCount(total)} ${total === 1 ? 'row' : 'rows'}`}
        </span>
      </div>
      {cache.error && (
        <p className="error-text" role="alert">
          Rows could not be loaded: {cache.error}
        </p>
      )}
      <div className="grid" id={gridId} role="grid" aria-label={`Results of ${search.search}`} aria-rowcount={total + 1} aria-colcount={header.length} data-testid="search-table" data-search={search.search}>
        <div ref={headRef} className="grid-head" role="rowgroup">
          <div role="row" aria-rowindex={1} className="grid-row grid-header-row" style={{ gridTemplateColumns: template, minWidth }}>
            {header.map((name, c) => {
              const dir = sort?.column === c ? sort.direction : null;
              return (
                <div key={c} role="columnheader" aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'} className={`grid-cell${isNumericColumn(name) ? ' num' : ''}`}>
                  <button type="button" className="sort-btn" onClick={() => setSort((s) => nextSort(s, c))} data-testid="sort-column" data-column={name}>
                    {name}
                    <span className="sort-mark" aria-hidden="true">{dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}</span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div
          ref={bodyRef}
          className="grid-body"
          // As tall as the rows need, up to most of the window: a 3-row table stays small.
          style={{ height: `min(62vh, 640px, ${Math.max(3, total) * ROW_HEIGHT + 18}px)` }}
          role="rowgroup"
          tabIndex={0}
          aria-activedescendant={total > 0 ? `${gridId}-row-${active}` : undefined}
          onScroll={(e) => {
            setScrollTop(e.currentTarget.scrollTop);
            // The header sits outside the scroller: keep its columns over the body's.
            if (headRef.current) headRef.current.scrollLeft = e.currentTarget.scrollLeft;
          }}
          onKeyDown={onGridKey}
          data-testid="search-table-body"
        >
          <div className="grid-spacer" style={{ height: win.totalHeight, minWidth }}>
            {rows}
          </div>
          {cache.total === 0 && <p className="empty grid-empty">{filter ? 'No rows match the filter.' : 'This search found nothing.'}</p>}
        </div>
      </div>
      {detail && <RowDetail search={search.search} header={header} row={detail.row} index={detail.index} total={total} onClose={() => { setDetail(null); bodyRef.current?.focus(); }} />}
    </div>
  );
}
