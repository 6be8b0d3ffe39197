// One search across all systems of a family (issue 14): a row per system, a column per field or
// per key of a key → value search, each cell the values that system has. Cells that differ from
// the column's majority — or from a baseline system the auditor picks — are highlighted. The host
// computes the grid (compare-grid.ts); this view only windows it, in both directions, so 1,000
// systems × hundreds of keys keep a few hundred cells in the DOM. A cell opens its values and a
// mark editor (CompareCellMark.tsx: the auditor's marks on compare cells, issue 15).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CompareGrid, GridCell, GridRow, MarkView, SearchOverview } from '../../../src-main/contract/ipc';
import { useViewportHeight } from '../hooks/useViewportHeight';
import { formatCount } from '../lib/format';
import { compareCsv, cellLabel, rowStateLabel } from '../results/compare-csv';
import { virtualWindow } from '../results/virtual-window';
import { useActions } from '../store/context';
import type { SourceTarget } from '../results/source-target';
import { ShowInFile } from './ShowInFile';
import { CellMarkButton, CompareCellDetail, cellMarkOf, useCellMarks, type CellRef } from './CompareCellMark';

const ROW_HEIGHT = 34;
const HEAD_HEIGHT = 50;
const SYSTEM_WIDTH = 220;
const COLUMN_WIDTH = 190;
const FALLBACK_VIEWPORT = 480;
const FALLBACK_WIDTH = 900;

function useViewportWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(FALLBACK_WIDTH);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || FALLBACK_WIDTH));
    ro.observe(el);
    setWidth(el.clientWidth || FALLBACK_WIDTH);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function CompareView({ search }: { search: SearchOverview }) {
  const actions = useActions();
  const [baseline, setBaseline] = useState<string | null>(null);
  const [onlyDeviating, setOnlyDeviating] = useState(false);
  const [grid, setGrid] = useState<CompareGrid | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [column, setColumn] = useState<number | null>(null);
  const [source, setSource] = useState<SourceTarget | null>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0 });
  const [openCell, setOpenCell] = useState<CellRef | null>(null);
  const cellMarks = useCellMarks(search.search);
  // One drawer at a time: a cell's mark panel or its lines in the file.
  const openMark = (cell: CellRef | null): void => {
    setSource(null);
    setOpenCell(cell);
  };
  const bodyRef = useRef<HTMLDivElement>(null);
  const viewportHeight = useViewportHeight(bodyRef, FALLBACK_VIEWPORT);
  const viewportWidth = useViewportWidth(bodyRef);

  useEffect(() => {
    let live = true;
    setError(null);
    actions.compareGrid({ family: search.family, index: search.index, baseline }).then(
      (g) => live && setGrid(g),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [actions, search.family, search.index, baseline]);

  const rows: GridRow[] = useMemo(() => (grid ? (onlyDeviating ? grid.rows.filter((r) => r.deviates) : grid.rows) : []), [grid, onlyDeviating]);
  const columns = grid?.columns ?? [];
  const vert = virtualWindow(rows.length, ROW_HEIGHT, scroll.top, viewportHeight - HEAD_HEIGHT);
  const horiz = virtualWindow(columns.length, COLUMN_WIDTH, scroll.left, viewportWidth - SYSTEM_WIDTH, 2);
  const totalWidth = SYSTEM_WIDTH + columns.length * COLUMN_WIDTH;
  const selected = column === null ? null : columns[column] ?? null;
  const compared = grid?.rows.filter((r) => r.state === 'found' || r.state === 'none') ?? [];

  const cells = (row: GridRow) => {
    const out = [];
    for (let c = horiz.start; c < horiz.end; c += 1) {
      const cell = row.cells[c] as GridCell;
      const label = row.state === 'found' || row.state === 'none' ? cellLabel(cell) : '';
      const name = columns[c]?.name;
      const mark = cellMarkOf(cellMarks, row.system, name);
      const isOpen = openCell?.system === row.system && openCell.column === name;
      out.push(
        <div
          key={c}
          role="gridcell"
          className={`cmp-cell${cell.deviates ? ' is-deviating' : ''}${cell.values.length === 0 ? ' is-nothing' : ''}${isOpen ? ' is-open' : ''}`}
          style={{ left: SYSTEM_WIDTH + c * COLUMN_WIDTH, width: COLUMN_WIDTH }}
          title={label}
          data-testid="compare-cell"
          data-column={name}
          data-deviates={cell.deviates ? 'true' : 'false'}
          data-mark={mark?.status}
        >
          {cell.values.length > 0 ? (
            <button
              type="button"
              className="cmp-cell-btn"
              onClick={() => {
                setOpenCell(null);
                setSource({ family: search.family, index: search.index, system: row.system, line: null, column: columns[c]?.name ?? null });
              }}
              title={`${label} — show in file`}
              data-testid="compare-cell-source"
            >
              {label}
            </button>
          ) : (
            label
          )}
          <CellMarkButton system={row.system} column={name} mark={mark} open={isOpen} onOpen={() => name !== undefined && openMark(isOpen ? null : { system: row.system, column: name })} />
        </div>,
      );
    }
    return out;
  };

  return (
    <div className="search-table compare-view" data-testid="compare-view">
      <div className="table-toolbar">
        <div className="table-heading">
          <h2 className="table-title">{search.search}</h2>
          <p className="muted small table-comment">
            {grid
              ? `${formatCount(grid.rows.length)} systems · ${formatCount(columns.length)} ${grid.layout.kind === 'key-value' ? `columns (${grid.layout.keyField} → ${grid.layout.valueField})` : 'fields'} · ${formatCount(grid.deviatingSystems)} deviate from ${grid.reference.kind === 'baseline' ? grid.reference.system : 'the majority'}`
              : 'Loading…'}
          </p>
        </div>
        <label className="compare-control">
          Compare with
          <select value={baseline ?? ''} onChange={(e) => setBaseline(e.target.value === '' ? null : e.target.value)} data-testid="compare-baseline">
            <option value="">the majority</option>
            {compared.map((r) => (
              <option key={r.system} value={r.system}>
                {r.system}
              </option>
            ))}
          </select>
        </label>
        <label className="compare-control">
          <input type="checkbox" checked={onlyDeviating} onChange={(e) => setOnlyDeviating(e.target.checked)} data-testid="compare-only-deviating" />
          Only systems that deviate
        </label>
        <button type="button" className="btn" disabled={!grid} onClick={() => grid && download(`Compare-${search.sheet}.csv`, compareCsv(grid))} data-testid="compare-csv">
          Export CSV
        </button>
      </div>
      {error && (
        <p className="error-text" role="alert">
          The comparison could not be made: {error}
        </p>
      )}
      {selected && (
        <div className="compare-values" data-testid="compare-values" aria-live="polite">
          <strong>{selected.name}</strong>
          {selected.distinct.map((d) => (
            <span key={d.sig} className={`compare-value${d.sig === selected.reference ? ' is-reference' : ''}`}>
              {cellLabel(d)} <span className="muted">× {d.count}</span>
            </span>
          ))}
        </div>
      )}
      <div
        ref={bodyRef}
        className="cmp-body"
        role="grid"
        aria-label={`${search.search} compared across systems`}
        aria-rowcount={rows.length + 1}
        aria-colcount={columns.length + 1}
        style={{ height: `min(62vh, 640px, ${Math.max(3, rows.length) * ROW_HEIGHT + HEAD_HEIGHT + 18}px)` }}
        tabIndex={0}
        onScroll={(e) => setScroll({ top: e.currentTarget.scrollTop, left: e.currentTarget.scrollLeft })}
        data-testid="compare-grid"
      >
        <div className="cmp-spacer" style={{ width: totalWidth, height: HEAD_HEIGHT + rows.length * ROW_HEIGHT }}>
          <div className="cmp-head" role="row" style={{ width: totalWidth, height: HEAD_HEIGHT }}>
            <div role="columnheader" className="cmp-cell cmp-system" style={{ width: SYSTEM_WIDTH }}>
              System
            </div>
            {columns.slice(horiz.start, horiz.end).map((col, i) => {
              const c = horiz.start + i;
              return (
                <div key={c} role="columnheader" className={`cmp-cell cmp-colhead${column === c ? ' is-selected' : ''}`} style={{ left: SYSTEM_WIDTH + c * COLUMN_WIDTH, width: COLUMN_WIDTH }}>
                  <button type="button" className="cmp-colbtn" onClick={() => setColumn(column === c ? null : c)} title={col.distinct.map((d) => `${cellLabel(d)} × ${d.count}`).join('\n')} data-testid="compare-column" data-column={col.name}>
                    <span className="cmp-colname">{col.name}</span>
                    <span className="cmp-colmeta">
                      {col.distinct.length} {col.distinct.length === 1 ? 'value' : 'values'}
                      {col.deviating > 0 ? ` · ${col.deviating} deviate` : ''}
                    </span>
                  </button>
                </div>
              );
            })}
          </div>
          {rows.slice(vert.start, vert.end).map((row, i) => {
            const r = vert.start + i;
            return (
              <div
                key={row.system}
                role="row"
                className={`cmp-row${r % 2 ? ' is-odd' : ''}${row.deviates ? ' is-deviating' : ''}${row.system === baseline ? ' is-baseline' : ''}`}
                style={{ top: HEAD_HEIGHT + r * ROW_HEIGHT, width: totalWidth }}
                data-testid="compare-row"
                data-system={row.system}
                data-state={row.state}
              >
                <div role="rowheader" className="cmp-cell cmp-system" style={{ width: SYSTEM_WIDTH }} title={row.system}>
                  {row.system}
                  {row.state !== 'found' && <span className="cmp-state">{rowStateLabel(row.state)}</span>}
                </div>
                {row.state === 'found' || row.state === 'none' ? cells(row) : null}
              </div>
            );
          })}
          {grid && rows.length === 0 && <p className="grid-empty muted">{onlyDeviating ? 'No system deviates.' : 'No systems.'}</p>}
        </div>
      </div>
      {source && <ShowInFile target={source} onClose={() => setSource(null)} />}
      {grid && openCell && <OpenCell search={search.search} grid={grid} cell={openCell} against={baseline} mark={cellMarkOf(cellMarks, openCell.system, openCell.column)} onClose={() => openMark(null)} />}
    </div>
  );
}

/** The open cell's panel, while its system and column are still in the grid (a new baseline keeps them). */
function OpenCell({ search, grid, cell, against, mark, onClose }: { search: string; grid: CompareGrid; cell: CellRef; against: string | null; mark: MarkView | undefined; onClose: () => void }) {
  const row = grid.rows.find((r) => r.system === cell.system);
  const index = grid.columns.findIndex((c) => c.name === cell.column);
  const column = grid.columns[index];
  if (!row || !column) return null;
  return <CompareCellDetail search={search} row={row} column={column} index={index} against={against} mark={mark} onClose={onClose} />;
}
