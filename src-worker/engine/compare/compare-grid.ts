// One search across all systems: a row per system, a column per field (or per key of a
// key → value search such as sshd's `setting` → `value`), each cell the values that system has.
// Per column the distinct values with their counts, and which cells deviate from the reference:
// the majority of the systems compared, or a baseline system the auditor picked.
//
// A system without rows is not a value like any other: it was searched and nothing was found
// (compared, as "nothing"), the search does not apply to it (its filters exclude the system), or
// its file failed. The last two are shown as such and never compared.
import type { Cell } from '../types';
import { fieldColumns, rowReader, SYSTEM_COLUMN, TEXT_COLUMN } from './row-identity';
import { NO_RESULTS_TEXT } from '../results/build-family-results';

/** What the run knows of a system for this search, before looking at rows. */
export type SearchedState = 'searched' | 'not-applicable' | 'failed';
/** What a grid row shows: `none` is a system that was searched and has no rows. */
export type GridRowState = 'found' | 'none' | 'not-applicable' | 'failed';

export interface GridSystem {
  name: string;
  state: SearchedState;
}

export type GridLayout = { kind: 'fields'; columns: string[] } | { kind: 'key-value'; keyField: string; valueField: string };

export interface CompareGridInput {
  header: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Every system of the family, in display order. */
  systems: readonly GridSystem[];
  layout: GridLayout;
  /** A system name, or null for the majority. */
  baseline: string | null;
}

export interface GridValue {
  /** The cell's values, sorted; [] is "nothing". */
  values: string[];
  /** Identity of the value set (equal cells have equal signatures). */
  sig: string;
}

export interface GridCell extends GridValue {
  /** Differs from the column's reference (only ever true for compared systems). */
  deviates: boolean;
}

export interface GridColumn {
  name: string;
  /** Distinct cells among the compared systems, most frequent first (ties: first met). */
  distinct: (GridValue & { count: number })[];
  /** The signature cells are compared with, or null when there is nothing to compare with. */
  reference: string | null;
  deviating: number;
}

export interface GridRow {
  system: string;
  state: GridRowState;
  cells: GridCell[];
  deviates: boolean;
}

export interface CompareGrid {
  layout: GridLayout;
  reference: { kind: 'majority' } | { kind: 'baseline'; system: string };
  columns: GridColumn[];
  rows: GridRow[];
  /** Systems with at least one deviating cell. */
  deviatingSystems: number;
}

const sigOf = (values: readonly string[]): string => JSON.stringify(values);

function cellOf(values: Iterable<string>): GridValue {
  const sorted = [...new Set(values)].sort();
  return { values: sorted, sig: sigOf(sorted) };
}

/**
 * The layout a search suggests: key → value when its first field names settings (there are not
 * too many distinct ones to be columns), else its fields. A key a system lists more than once
 * (sshd's `listenaddress` for IPv4 and IPv6) has all its values in its cell.
 */
export function suggestLayout(header: readonly string[], rows: readonly (readonly Cell[])[], maxKeys = 100): GridLayout {
  const fields = fieldColumns(header);
  if (fields.length === 0) return { kind: 'fields', columns: header.length ? [TEXT_COLUMN] : [] };
  const [keyField, valueField] = fields as [string, string | undefined];
  if (valueField !== undefined) {
    const reader = rowReader(header);
    const keys = new Set<string>();
    for (const row of rows) {
      keys.add(reader.get(row, keyField));
      if (keys.size > maxKeys) break;
    }
    if (keys.size > 0 && keys.size <= maxKeys) return { kind: 'key-value', keyField, valueField };
  }
  return { kind: 'fields', columns: fields };
}

/** Values per system and column, from the rows (show_missing's NO RESULTS FOUND rows are "nothing"). */
function collect(input: CompareGridInput): { columns: string[]; bySystem: Map<string, Map<string, string[]>> } {
  const reader = rowReader(input.header);
  const bySystem = new Map<string, Map<string, string[]>>();
  const keyOrder = new Set<string>();
  const fields = fieldColumns(input.header);
  const put = (system: string, column: string, value: string): void => {
    let cols = bySystem.get(system);
    if (!cols) bySystem.set(system, (cols = new Map()));
    const list = cols.get(column);
    if (list) list.push(value);
    else cols.set(column, [value]);
  };
  for (const row of input.rows) {
    const system = reader.get(row, SYSTEM_COLUMN);
    if (reader.get(row, TEXT_COLUMN) === NO_RESULTS_TEXT && fields.every((f) => reader.get(row, f) === '')) continue;
    if (!bySystem.has(system)) bySystem.set(system, new Map());
    if (input.layout.kind === 'key-value') {
      const key = reader.get(row, input.layout.keyField);
      keyOrder.add(key);
      put(system, key, reader.get(row, input.layout.valueField));
    } else {
      for (const column of input.layout.columns) {
        const v = reader.get(row, column);
        if (v !== '') put(system, column, v);
      }
    }
  }
  return { columns: input.layout.kind === 'key-value' ? [...keyOrder] : input.layout.columns, bySystem };
}

export function compareGrid(input: CompareGridInput): CompareGrid {
  const { columns: names, bySystem } = collect(input);
  const rows: GridRow[] = input.systems.map((s) => {
    const found = bySystem.get(s.name);
    const state: GridRowState = s.state !== 'searched' ? s.state : found ? 'found' : 'none';
    return { system: s.name, state, cells: names.map((n) => ({ ...cellOf(found?.get(n) ?? []), deviates: false })), deviates: false };
  });
  const compared = rows.filter((r) => r.state === 'found' || r.state === 'none');
  const baselineRow = input.baseline === null ? null : rows.find((r) => r.system === input.baseline);
  if (input.baseline !== null && !baselineRow) throw new Error(`baseline system "${input.baseline}" is not among the systems compared`);

  const columns: GridColumn[] = names.map((name, c) => {
    const counts = new Map<string, GridValue & { count: number }>();
    for (const r of compared) {
      const cell = r.cells[c] as GridCell;
      const entry = counts.get(cell.sig);
      if (entry) entry.count += 1;
      else counts.set(cell.sig, { values: cell.values, sig: cell.sig, count: 1 });
    }
    // Stable sort: equal counts keep the order in which the systems list them.
    const distinct = [...counts.values()].sort((a, b) => b.count - a.count);
    let reference: string | null;
    if (baselineRow) reference = baselineRow.state === 'found' || baselineRow.state === 'none' ? (baselineRow.cells[c] as GridCell).sig : null;
    else reference = distinct[0]?.sig ?? null;
    let deviating = 0;
    if (reference !== null) {
      for (const r of compared) {
        const cell = r.cells[c] as GridCell;
        cell.deviates = cell.sig !== reference;
        if (cell.deviates) {
          deviating += 1;
          r.deviates = true;
        }
      }
    }
    return { name, distinct, reference, deviating };
  });
  return {
    layout: input.layout,
    reference: baselineRow ? { kind: 'baseline', system: baselineRow.system } : { kind: 'majority' },
    columns,
    rows,
    deviatingSystems: rows.filter((r) => r.deviates).length,
  };
}

/**
 * What some cells of a search's Compare grid hold: the values each system has in each column,
 * laid out as the view lays the search out (suggestLayout over all its rows), as `system \0 column`
 * → values ([] is "nothing"), or null when the grid has no such column (a key no system lists, or
 * a field the search no longer has). A cell mark's evidence is compared with this in a later run.
 */
export function gridCellValues(header: readonly string[], rows: readonly (readonly Cell[])[], cells: readonly { system: string; column: string }[]): Map<string, string[] | null> {
  const { columns, bySystem } = collect({ header, rows, systems: [], layout: suggestLayout(header, rows), baseline: null });
  const known = new Set(columns);
  const out = new Map<string, string[] | null>();
  for (const c of cells) out.set(`${c.system}\u0000${c.column}`, known.has(c.column) ? cellOf(bySystem.get(c.system)?.get(c.column) ?? []).values : null);
  return out;
}
