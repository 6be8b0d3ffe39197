// One search's rows: fetched page by page from the host, windowed (only the rows in view are
// in the DOM), sorted by one or several columns (shift-click), filtered by text and by values;
// columns resized, hidden and reordered (remembered per search: grid-view.ts), System Name frozen
// on the left and long names shortened where they are alike (system-names.ts); columns sized to
// their content; the view exported as CSV or XLSX, the selected rows copied as TSV; a row opens
// its full text in a drawer that steps to the previous / next row.
import { useCallback, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type PointerEvent as ReactPointerEvent } from 'react';
import type { Cell, SearchOverview } from '../../../src-main/contract/ipc';
import { useDebounced } from '../hooks/useDebounced';
import { useViewportHeight } from '../hooks/useViewportHeight';
import { formatCount } from '../lib/format';
import { isNumericColumn } from '../results/columns';
import { contentWidths, FROZEN, gridTemplate, loadPrefs, nextSorts, savePrefs, setWidth, systemColumnWidth, toCsv, toTsv, visibleColumns, withValueFilter, type GridPrefs, type SortKey, type ValueFilter } from '../results/grid-view';
import { PAGE_SIZE, RowCache } from '../results/row-cache';
import { extendTo, isSelected, NO_SELECTION, selectAll, selectedCount, selectedRows, selectOnly, toggle, type RowSelection } from '../results/row-selection';
import { charsThatFit, shortNames } from '../results/system-names';
import { scrollToReveal, virtualWindow } from '../results/virtual-window';
import { useActions, useApp } from '../store/context';
import { useRowMarks } from './row-marks';
import { FilterField } from './FilterField';
import { ColumnChooser, ValuePicker } from './GridMenus';
import { RowDetail } from './RowDetail';
import { ShowInFile } from './ShowInFile';
import { sourceTargetOfRow, type SourceTarget } from '../results/source-target';

export const ROW_HEIGHT = 34;
/** Used until the viewport is measured (and in DOMs without layout, such as tests). */
const FALLBACK_VIEWPORT = 480;

/** The query's part beyond paging: what a new RowCache is made for. */
interface ViewQuery {
  filter: string;
  sorts: SortKey[];
  values: ValueFilter[];
}

function queryOf(search: SearchOverview, view: ViewQuery) {
  return {
    family: search.family,
    index: search.index,
    ...(view.filter ? { filter: view.filter } : {}),
    ...(view.sorts.length > 0 ? { sorts: view.sorts } : {}),
    ...(view.values.length > 0 ? { values: view.values } : {}),
  };
}

/** Largest page the host serves (RowsQuery.limit). */
const EXPORT_PAGE = 10_000;
const storage = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage);

function useRowCache(search: SearchOverview, view: ViewQuery): RowCache {
  const actions = useActions();
  const key = JSON.stringify([view.filter, view.sorts, view.values]);
  const cache = useMemo(
    () =>
      new RowCache((offset, limit) => actions.resultRows({ ...queryOf(search, view), offset, limit })),
    // key stands for the view (new objects each render); a new cache per query keeps stale pages out.
    [actions, search.family, search.index, key],
  );
  useSyncExternalStore(cache.subscribe, cache.getVersion);
  return cache;
}

function cellText(c: Cell | undefined): string {
  return c === undefined ? '' : String(c);
}

/** px of a text in the grid's font (canvas), or an estimate where there is no canvas (tests). */
function textMeasure(): (text: string) => number {
  const probe = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (probe) probe.font = '12.5px system-ui, sans-serif';
  return (t) => (probe ? probe.measureText(t).width : t.length * 7);
}

/** Most rows one copy puts on the clipboard (a bigger view is for Export). */
const MAX_COPY_ROWS = 100_000;

export function SearchTable({ search }: { search: SearchOverview }) {
  const [filterInput, setFilterInput] = useState('');
  const filter = useDebounced(filterInput.trim(), 200);
  const [sorts, setSorts] = useState<SortKey[]>([]);
  const [values, setValues] = useState<ValueFilter[]>([]);
  const [prefs, setPrefsState] = useState<GridPrefs>(() => loadPrefs(storage(), search.search));
  const [menu, setMenu] = useState<{ kind: 'columns' } | { kind: 'values'; column: number } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const actions = useActions();
  const [scrollTop, setScrollTop] = useState(0);
  const [scrollLeft, setScrollLeft] = useState(0);
  const [active, setActive] = useState(0);
  const [selection, setSelection] = useState<RowSelection>(NO_SELECTION);
  const [detail, setDetail] = useState<number | null>(null);
  const [fitted, setFitted] = useState<Record<string, number> | null>(null);
  const familySystems = useApp((s) => (s.results.status === 'ready' ? s.results.data.families.find((f) => f.family === search.family)?.systems : undefined));
  const [source, setSource] = useState<SourceTarget | null>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const viewport = useViewportHeight(bodyRef, FALLBACK_VIEWPORT);
  const gridId = useId();
  const view = useMemo(() => ({ filter, sorts, values }), [filter, sorts, values]);
  const cache = useRowCache(search, view);
  const setPrefs = (next: GridPrefs) => {
    setPrefsState(next);
    savePrefs(storage(), search.search, next);
  };
  const markOf = useRowMarks(search.search);

  const header = cache.header.length > 0 ? cache.header : search.header;
  const total = cache.total ?? 0;
  const win = virtualWindow(total, ROW_HEIGHT, scrollTop, viewport);
  const cols = visibleColumns(header, prefs);
  const { template, minWidth } = gridTemplate(header, cols, prefs, fitted ?? {});
  const headRef = useRef<HTMLDivElement>(null);
  const systemChars = charsThatFit(systemColumnWidth(header, prefs, fitted ?? {}));
  const names = useMemo(() => shortNames((familySystems ?? []).map((s) => s.systemName), systemChars), [familySystems, systemChars]);

  // Columns fit the first page of the search's rows once, so they do not jump while scrolling.
  useEffect(() => {
    if (fitted !== null || cache.total === null || cache.header.length === 0) return;
    const sample: Cell[][] = [];
    for (let i = 0; i < Math.min(cache.total, PAGE_SIZE); i++) {
      const row = cache.row(i);
      if (row) sample.push(row);
    }
    if (sample.length > 0 || cache.total === 0) setFitted(contentWidths(cache.header, sample, textMeasure()));
  });

  // A new query starts at the top, with nothing selected (the indexes were the old query's).
  useEffect(() => {
    setActive(0);
    setSelection(NO_SELECTION);
    setDetail(null);
    setScrollTop(0);
    if (bodyRef.current) bodyRef.current.scrollTop = 0;
  }, [cache]);

  useEffect(() => {
    cache.ensure(win.start, Math.max(win.end, win.start + 1));
  }, [cache, win.start, win.end]);

  /** Makes `index` the active row (and, with `extend`, extends the selection to it). */
  const moveTo = (index: number, extend = false) => {
    if (total === 0) return;
    const next = Math.max(0, Math.min(total - 1, index));
    setActive(next);
    setSelection((sel) => (extend ? extendTo(sel.ranges.length > 0 ? sel : selectOnly(active), next) : selectOnly(next)));
    const el = bodyRef.current;
    if (!el) return;
    const target = scrollToReveal(next, ROW_HEIGHT, el.scrollTop, viewport);
    if (target !== null) {
      el.scrollTop = target;
      setScrollTop(target);
    }
  };

  const detailRow = detail === null ? undefined : cache.row(detail);

  const open = (index: number) => {
    if (cache.row(index)) setDetail(index);
  };

  /** The drawer steps through the view: the grid's active row follows it. */
  const step = (by: -1 | 1) => {
    if (detail === null) return;
    const next = Math.max(0, Math.min(total - 1, detail + by));
    if (next === detail) return;
    moveTo(next);
    cache.ensure(next, next + 1);
    setDetail(next);
  };

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => moveTo(active + 1, e.shiftKey),
      ArrowUp: () => moveTo(active - 1, e.shiftKey),
      PageDown: () => moveTo(active + pageRows, e.shiftKey),
      PageUp: () => moveTo(active - pageRows, e.shiftKey),
      Home: () => moveTo(0, e.shiftKey),
      End: () => moveTo(total - 1, e.shiftKey),
      Enter: () => open(active),
      ' ': () => open(active),
    };
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
      e.preventDefault();
      void copyRows();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      setSelection(selectAll(total));
      return;
    }
    const action = keys[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  };

  /** The selected rows (else the active one), in view order, as TSV with the header: pastes into Excel. */
  const copyRows = async () => {
    const sel = selection.ranges.length > 0 ? selection : selectOnly(active);
    const count = selectedCount(sel);
    if (total === 0 || count === 0) return;
    if (count > MAX_COPY_ROWS) {
      setNote(`${formatCount(count)} rows are too many to copy (at most ${formatCount(MAX_COPY_ROWS)}): use Export XLSX or Export CSV.`);
      return;
    }
    try {
      const rows = await selectedRows(sel, EXPORT_PAGE, async (offset, limit) => {
        const cached = Array.from({ length: limit }, (_, k) => cache.row(offset + k));
        if (cached.every((r) => r !== undefined)) return cached as Cell[][];
        return (await actions.resultRows({ ...queryOf(search, view), offset, limit })).rows;
      });
      await navigator.clipboard.writeText(toTsv(header, rows, cols));
      setNote(rows.length === 1 ? `Row ${formatCount((sel.ranges[0]?.[0] ?? 0) + 1)} copied (tab-separated, with the header).` : `${formatCount(rows.length)} rows copied (tab-separated, with the header).`);
    } catch (err) {
      setNote(`The rows could not be copied: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  /** Every row of the current view (filters, sort, columns shown) as a CSV download. */
  const exportCsv = async () => {
    setNote('Exporting…');
    try {
      const all: Cell[][] = [];
      for (let offset = 0; ; offset += EXPORT_PAGE) {
        const page = await actions.resultRows({ ...queryOf(search, view), offset, limit: EXPORT_PAGE });
        all.push(...page.rows);
        if (page.rows.length < EXPORT_PAGE || all.length >= page.total) break;
      }
      const url = URL.createObjectURL(new Blob([toCsv(header, all, cols)], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${search.family}_${search.search}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setNote(`${formatCount(all.length)} rows exported as CSV.`);
    } catch (err) {
      setNote(`The view could not be exported: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  /**
   * The view as a workbook: the host writes it beside the run's workbooks (the rows as the grid
   * shows them, the columns shown in their order), then opens it (the browser host downloads it).
   */
  const exportXlsx = async () => {
    setNote('Writing the workbook…');
    try {
      const written = await actions.exportView({ ...queryOf(search, view), columns: cols });
      setNote(`${formatCount(written.rows)} ${written.rows === 1 ? 'row' : 'rows'} exported as XLSX: ${written.path}`);
      await actions.openPath(written.path);
    } catch (err) {
      setNote(`The view could not be exported: ${err instanceof Error ? err.message : String(err)}`);
    }
  };

  const loadValues = useCallback(
    (column: number) => actions.resultRows({ ...queryOf(search, view), offset: 0, limit: 1, valueCounts: column }),
    [actions, search, view],
  );
  const pickerColumn = menu?.kind === 'values' ? menu.column : null;
  const loadPicker = useMemo(() => (pickerColumn === null ? null : () => loadValues(pickerColumn)), [loadValues, pickerColumn]);

  /** Drag the header's right edge to resize; double-click it to fit the content in view. */
  const startResize = (e: ReactPointerEvent<HTMLSpanElement>, name: string) => {
    e.preventDefault();
    e.stopPropagation();
    const cell = e.currentTarget.parentElement;
    const startX = e.clientX;
    const startW = cell?.getBoundingClientRect().width ?? 140;
    let latest = prefs;
    const move = (ev: PointerEvent) => {
      latest = setWidth(prefs, name, startW + ev.clientX - startX);
      setPrefsState(latest);
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      savePrefs(storage(), search.search, latest);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };
  const fitColumn = (c: number) => {
    const name = header[c] as string;
    const measure = textMeasure();
    let widest = measure(name) + 40;
    for (let i = win.start; i < win.end; i++) {
      const cell = cache.row(i)?.[c];
      if (cell !== undefined) widest = Math.max(widest, measure(String(cell).split('\n')[0] ?? '') + 24);
    }
    setPrefs(setWidth(prefs, name, widest));
  };

  const rows = [];
  for (let i = win.start; i < win.end; i += 1) {
    const row = cache.row(i);
    const mark = row ? markOf(header, row) : null;
    const selected = isSelected(selection, i);
    rows.push(
      <div
        key={i}
        id={`${gridId}-row-${i}`}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={selected}
        className={`grid-row${i === active ? ' is-active' : ''}${selected ? ' is-selected' : ''}${i % 2 ? ' is-odd' : ''}${mark ? ` is-marked mark-${mark}` : ''}`}
        style={{ gridTemplateColumns: template, top: i * ROW_HEIGHT }}
        onClick={(e) => {
          setActive(i);
          // Shift extends the selection from its anchor, Ctrl/Cmd adds or removes one row; a plain click opens the row.
          if (e.shiftKey) setSelection((sel) => extendTo(sel.ranges.length > 0 ? sel : selectOnly(active), i));
          else if (e.ctrlKey || e.metaKey) setSelection((sel) => toggle(sel, i));
          else {
            setSelection(selectOnly(i));
            open(i);
          }
        }}
        data-testid="search-table-row"
        data-row-index={i}
        data-mark={mark ?? undefined}
      >
        {row
          ? cols.map((c) => (
              <div key={c} role="gridcell" className={`grid-cell${isNumericColumn(header[c] as string) ? ' num' : ''}${c === FROZEN ? ' grid-cell-frozen' : ''}${header[c] === 'Matched Text' ? ' grid-cell-text' : ''}`} title={cellText(row[c])}>
                {c === FROZEN ? (names.get(cellText(row[c])) ?? cellText(row[c])) : cellText(row[c])}
              </div>
            ))
          : <div role="gridcell" className="grid-cell grid-cell-frozen muted">Loading…</div>}
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
          <h2 className="table-title" data-testid="search-table-title">
            {search.title}
            {search.title !== search.search && <span className="table-key mono" data-testid="search-table-key">{search.search}</span>}
          </h2>
          {search.comment && (
            <p className="muted small table-comment" title={search.comment}>
              {search.comment}
            </p>
          )}
        </div>
        <FilterField label="Filter rows" placeholder="Filter rows…" value={filterInput} onChange={setFilterInput} testId="table-filter" controls={gridId} />
        <div className="grid-tools">
          <button type="button" className="btn" aria-expanded={menu?.kind === 'columns'} onClick={() => setMenu(menu?.kind === 'columns' ? null : { kind: 'columns' })} data-testid="columns-button">
            Columns{prefs.hidden.length > 0 ? ` (${prefs.hidden.length} hidden)` : ''}
          </button>
          <button type="button" className="btn" onClick={() => void exportCsv()} disabled={total === 0} title="Every row of this view (filters, sort, columns shown) as a CSV file" data-testid="export-csv">
            Export CSV
          </button>
          <button type="button" className="btn" onClick={() => void exportXlsx()} disabled={total === 0} title="Every row of this view (filters, sort, columns shown) as an Excel workbook beside the run's" data-testid="export-xlsx">
            Export XLSX
          </button>
          {menu?.kind === 'columns' && <ColumnChooser header={header} prefs={prefs} onChange={setPrefs} onClose={() => setMenu(null)} />}
        </div>
        {selectedCount(selection) > 1 && (
          <span className="card-meta" data-testid="selection-count">
            {formatCount(selectedCount(selection))} selected · {navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl+'}C copies
          </span>
        )}
        <span className="card-meta" data-testid="table-total" data-total={total} aria-live="polite">
          {cache.total === null
            ? 'Loading…'
            : filter || values.length > 0
              ? `${formatCount(total)} of ${formatCount(search.totalRows)} rows`
              : `${formatCount(total)} ${total === 1 ? 'row' : 'rows'}`}
        </span>
      </div>
      {note && (
        <p className="muted small grid-note" role="status" data-testid="grid-note">
          {note}
        </p>
      )}
      {cache.error && (
        <p className="error-text" role="alert">
          Rows could not be loaded: {cache.error}
        </p>
      )}
      <div className="grid" id={gridId} role="grid" aria-multiselectable="true" aria-label={`Results of ${search.search}`} aria-rowcount={total + 1} aria-colcount={header.length} data-testid="search-table" data-search={search.search} data-fitted={fitted !== null}>
        <div ref={headRef} className="grid-head" role="rowgroup">
          <div role="row" aria-rowindex={1} className="grid-row grid-header-row" style={{ gridTemplateColumns: template, minWidth }}>
            {cols.map((c) => {
              const name = header[c] as string;
              const key = sorts.findIndex((k) => k.column === c);
              const dir = key >= 0 ? sorts[key]?.direction : null;
              const filtered = values.some((v) => v.column === c);
              return (
                <div
                  key={c}
                  role="columnheader"
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
                  className={`grid-cell grid-head-cell${isNumericColumn(name) ? ' num' : ''}${c === FROZEN ? ' grid-cell-frozen' : ''}`}
                  // The header row scrolls with the body by scrollLeft; its frozen cell moves back by as much.
                  style={c === FROZEN && scrollLeft > 0 ? { transform: `translateX(${scrollLeft}px)` } : undefined}
                  data-testid="column-header"
                  data-column={name}
                >
                  <button
                    type="button"
                    className="sort-btn"
                    onClick={(e) => setSorts((s) => nextSorts(s, c, e.shiftKey))}
                    title="Sort; shift-click to sort by this column too"
                    data-testid="sort-column"
                    data-column={name}
                  >
                    {name}
                    <span className="sort-mark" aria-hidden="true">
                      {dir === 'asc' ? '▲' : dir === 'desc' ? '▼' : '↕'}
                      {dir && sorts.length > 1 ? key + 1 : ''}
                    </span>
                  </button>
                  <button
                    type="button"
                    className={`filter-btn${filtered ? ' is-on' : ''}`}
                    aria-label={`Filter ${name} by value`}
                    aria-pressed={filtered}
                    onClick={() => setMenu(menu?.kind === 'values' && menu.column === c ? null : { kind: 'values', column: c })}
                    data-testid="value-filter-button"
                    data-column={name}
                  >
                    ▾
                  </button>
                  <span className="col-resize" role="separator" aria-orientation="vertical" aria-label={`Resize ${name}`} onPointerDown={(e) => startResize(e, name)} onDoubleClick={() => fitColumn(c)} data-testid="column-resize" data-column={name} />
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
            setScrollLeft(e.currentTarget.scrollLeft);
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
      {menu?.kind === 'values' && loadPicker && (
        <ValuePicker
          key={menu.column}
          name={header[menu.column] as string}
          load={loadPicker}
          current={values.find((v) => v.column === menu.column)?.values ?? null}
          onApply={(chosen) => {
            setValues((v) => withValueFilter(v, menu.column, chosen));
            setMenu(null);
          }}
          onClose={() => setMenu(null)}
        />
      )}
      {detail !== null && (
        <RowDetail
          search={search.search}
          header={header}
          row={cache.row(detail) ?? null}
          index={detail}
          total={total}
          onStep={step}
          onClose={() => {
            setDetail(null);
            bodyRef.current?.focus();
          }}
          onShowInFile={detailRow && sourceTargetOfRow(search, header, detailRow) ? () => setSource(sourceTargetOfRow(search, header, detailRow)) : undefined}
        />
      )}
      {source && <ShowInFile target={source} onClose={() => setSource(null)} />}
    </div>
  );
}
