// How the user arranged one search's grid (pure): which columns show and in what order, their
// widths, the sort keys (shift-click adds one) and the value filters; and the view as CSV / TSV.
// The arrangement is remembered per search name in the browser's storage: it is how this UI
// looks, not a setting of the app.
import type { Cell } from '../../../src-main/contract/ipc';

export interface GridPrefs {
  /** Column names in the order shown (names not listed follow in the header's order). */
  order: string[];
  hidden: string[];
  /** px, by column name; columns without one use their default track. */
  widths: Record<string, number>;
}

export const EMPTY_PREFS: GridPrefs = { order: [], hidden: [], widths: {} };
export const MIN_WIDTH = 60;
export const MAX_WIDTH = 900;
/** The first column, System Name, is always shown and frozen on the left. */
export const FROZEN = 0;

export type SortKey = { column: number; direction: 'asc' | 'desc' };
export type ValueFilter = { column: number; values: string[] };

/** Header indexes shown, in order: System Name first, then the user's order, without hidden ones. */
export function visibleColumns(header: readonly string[], prefs: GridPrefs): number[] {
  const rest = header.map((_, i) => i).filter((i) => i !== FROZEN);
  const rank = (i: number) => {
    const r = prefs.order.indexOf(header[i] as string);
    return r < 0 ? prefs.order.length + i : r;
  };
  const shown = rest.filter((i) => !prefs.hidden.includes(header[i] as string)).sort((a, b) => rank(a) - rank(b));
  return header.length > 0 ? [FROZEN, ...shown] : [];
}

/** Moves a column one place left (-1) or right (+1) among the movable ones. */
export function moveColumn(header: readonly string[], prefs: GridPrefs, column: number, by: -1 | 1): GridPrefs {
  const all = visibleColumns(header, { ...prefs, hidden: [] }).filter((i) => i !== FROZEN);
  const at = all.indexOf(column);
  const to = at + by;
  if (at < 0 || to < 0 || to >= all.length) return prefs;
  [all[at], all[to]] = [all[to] as number, all[at] as number];
  return { ...prefs, order: all.map((i) => header[i] as string) };
}

export function setHidden(prefs: GridPrefs, name: string, hidden: boolean): GridPrefs {
  const rest = prefs.hidden.filter((h) => h !== name);
  return { ...prefs, hidden: hidden ? [...rest, name] : rest };
}

export function setWidth(prefs: GridPrefs, name: string, px: number): GridPrefs {
  return { ...prefs, widths: { ...prefs.widths, [name]: Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, px))) } };
}

/** Content-fitted widths (px) stay within these, per kind of column. */
const FIT_LIMITS = {
  system: { min: 140, max: 320 },
  text: { min: 240, max: MAX_WIDTH },
  field: { min: 90, max: 480 },
} as const;

const kindOf = (name: string, i: number): keyof typeof FIT_LIMITS => (i === FROZEN ? 'system' : name === 'Matched Text' ? 'text' : 'field');

/**
 * Each column's width for its content: the header or the longest first line of a cell among
 * `rows` (a sample: the first page of the view), measured by `measure` (px of a text), plus the
 * cell's padding, within the limits of its kind.
 */
export function contentWidths(header: readonly string[], rows: readonly Cell[][], measure: (text: string) => number): Record<string, number> {
  const out: Record<string, number> = {};
  header.forEach((name, i) => {
    // The header is semi-bold (about 8% wider than the measuring font) and also holds the sort mark
    // and the filter button (about 64 px with its padding).
    let widest = measure(name) * 1.08 + 64;
    for (const row of rows) {
      const cell = row[i];
      if (cell === undefined || cell === null || cell === '') continue;
      widest = Math.max(widest, measure(String(cell).split('\n')[0] ?? '') + 24);
    }
    const { min, max } = FIT_LIMITS[kindOf(name, i)];
    out[name] = Math.round(Math.max(min, Math.min(max, widest)));
  });
  return out;
}

/**
 * Matched Text gives up width to the field columns before the grid scrolls sideways: the fields
 * are what a search extracted, and should be in view beside it.
 */
const TEXT_FLOOR = 480;

/**
 * The default track of a column: its fitted width when known (System Name exactly; the others at
 * least that, Matched Text at least TEXT_FLOOR of it, sharing the window's spare width in
 * proportion to their content), else a fixed or flexible one.
 */
function defaultTrack(name: string, i: number, fit: number | undefined): { min: number; track: string } {
  if (fit !== undefined) {
    // System Name and Line Number take what they need and no more: spare width is for the text and fields.
    if (i === FROZEN || name === 'Line Number') return { min: fit, track: `${fit}px` };
    const min = name === 'Matched Text' ? Math.min(fit, TEXT_FLOOR) : fit;
    return { min, track: `minmax(${min}px, ${fit}fr)` };
  }
  // Before the content is measured: wide enough for its header (name, sort mark, value-filter button).
  if (name === 'Line Number') return { min: 140, track: '140px' };
  if (i === FROZEN && name === 'System Name') return { min: 160, track: 'minmax(160px, 220px)' };
  if (name === 'Matched Text') return { min: 320, track: 'minmax(320px, 3fr)' };
  return { min: 140, track: 'minmax(140px, 1fr)' };
}

/**
 * CSS grid tracks for the columns shown, and the width below which the grid scrolls sideways.
 * A width the user set wins over the fitted one (`fitted`, from contentWidths).
 */
export function gridTemplate(header: readonly string[], cols: readonly number[], prefs: GridPrefs, fitted: Record<string, number> = {}): { template: string; minWidth: number } {
  let minWidth = 0;
  const tracks = cols.map((i) => {
    const name = header[i] as string;
    const px = prefs.widths[name];
    if (px !== undefined) {
      minWidth += px;
      return `${px}px`;
    }
    const d = defaultTrack(name, i, fitted[name]);
    minWidth += d.min;
    return d.track;
  });
  return { template: tracks.join(' '), minWidth };
}

/** How wide the System Name column is drawn (for shortening names that do not fit it). */
export function systemColumnWidth(header: readonly string[], prefs: GridPrefs, fitted: Record<string, number>): number {
  const name = header[FROZEN] as string;
  return prefs.widths[name] ?? fitted[name] ?? 220;
}

/**
 * Header click: this column alone, unsorted → ascending → descending → unsorted. Shift-click
 * adds the column as a further key (or cycles it in place), keeping the others.
 */
export function nextSorts(current: readonly SortKey[], column: number, additive: boolean): SortKey[] {
  const at = current.findIndex((s) => s.column === column);
  const cycled: SortKey | null = at < 0 ? { column, direction: 'asc' } : current[at]?.direction === 'asc' ? { column, direction: 'desc' } : null;
  if (!additive) {
    // A plain click on one of several keys makes it the only key, ascending.
    if (at >= 0 && current.length > 1) return [{ column, direction: 'asc' }];
    return cycled ? [cycled] : [];
  }
  if (!cycled) return current.filter((_, i) => i !== at);
  return at < 0 ? [...current, cycled] : current.map((s, i) => (i === at ? cycled : s));
}

export function withValueFilter(filters: readonly ValueFilter[], column: number, values: string[] | null): ValueFilter[] {
  const rest = filters.filter((f) => f.column !== column);
  return values === null ? rest : [...rest, { column, values }];
}

// A text cell that Excel would read as a formula (=, +, -, @, or a leading tab/CR) gets a leading
// apostrophe, so that a collected line such as `=HYPERLINK(...)` opens as the text it is. Numbers
// (Line Number) are written as they are.
const FORMULA_START = /^[=+\-@\t\r]/;
const text = (c: Cell | undefined): string => {
  if (c === undefined || c === null) return '';
  if (typeof c === 'string') return FORMULA_START.test(c) ? `'${c}` : c;
  return String(c);
};

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; CRLF between records. */
export function toCsv(header: readonly string[], rows: readonly Cell[][], cols: readonly number[]): string {
  const field = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const line = (cells: string[]) => cells.map(field).join(',');
  return [line(cols.map((i) => header[i] as string)), ...rows.map((r) => line(cols.map((i) => text(r[i]))))].join('\r\n') + '\r\n';
}

/** Tab-separated, as Excel pastes it: a cell with a tab, quote or line break is quoted. */
export function toTsv(header: readonly string[], rows: readonly Cell[][], cols: readonly number[]): string {
  const field = (s: string) => (/[\t"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const line = (cells: string[]) => cells.map(field).join('\t');
  return [line(cols.map((i) => header[i] as string)), ...rows.map((r) => line(cols.map((i) => text(r[i]))))].join('\r\n');
}

const PREFS_KEY = (search: string) => `kpat.grid.${search}`;

export function loadPrefs(storage: Pick<Storage, 'getItem'> | undefined, search: string): GridPrefs {
  try {
    const raw = storage?.getItem(PREFS_KEY(search));
    if (!raw) return EMPTY_PREFS;
    const p = JSON.parse(raw) as Partial<GridPrefs>;
    const strings = (x: unknown) => (Array.isArray(x) ? x.filter((s): s is string => typeof s === 'string') : []);
    const widths: Record<string, number> = {};
    if (p.widths && typeof p.widths === 'object') {
      for (const [k, w] of Object.entries(p.widths)) if (typeof w === 'number' && Number.isFinite(w)) widths[k] = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w));
    }
    return { order: strings(p.order), hidden: strings(p.hidden), widths };
  } catch {
    // A damaged entry only loses the arrangement.
    return EMPTY_PREFS;
  }
}

export function savePrefs(storage: Pick<Storage, 'setItem'> | undefined, search: string, prefs: GridPrefs): void {
  try {
    storage?.setItem(PREFS_KEY(search), JSON.stringify(prefs));
  } catch {
    // Storage full or refused: the arrangement lasts until the page closes.
  }
}
