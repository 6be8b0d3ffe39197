// Turning PowerShell's two text layouts back into records, one property a column: the `format` option of a
// search (ours, issue 17). kpadaudit (and kpwinaudit) write most sections through `Format-List` or
// `Format-Table -AutoSize`, so a search of such a section can yield columns Name, Enabled, … instead of raw
// lines. Pure and incremental: the search feeds the text of each line it matched (the part after the
// `<Section>::` prefix) and receives each record as soon as it is complete.

export const PS_FORMATS = ['list', 'table'] as const;
export type PsFormat = (typeof PS_FORMATS)[number];

/** One record: its first line, its lines as found, and its properties in the order written. */
export interface PsRecord {
  line: number;
  lines: string[];
  properties: [string, string][];
}

export interface PsReader {
  /** `text`: the line after its section prefix, without its line end. Returns the records this line completes. */
  push(text: string, lineNo: number, raw: string): PsRecord[];
  /** The end of the block (section change, end of file): any pending record. */
  end(): PsRecord[];
}

/** Format-List output lines that carry no `Name : value` shape (e.g. a bare list of names) go to this property. */
export const LIST_VALUE_PROPERTY = 'Value';

const isBlank = (s: string): boolean => s.trim() === '';

/**
 * `Name : value` lines, names padded to a common width; records separated by blank lines. A long value
 * wraps onto indented lines: they join the value with a line break, as found. An empty value stays ''.
 */
export class ListReader implements PsReader {
  private record: PsRecord | null = null;
  private last: [string, string] | null = null;
  private static readonly PROPERTY = /^(\S[^:]*?)\s*:(?: (.*))?$/;

  push(text: string, lineNo: number, raw: string): PsRecord[] {
    if (isBlank(text)) return this.end();
    const out: PsRecord[] = [];
    const m = /^\s/.test(text) ? null : ListReader.PROPERTY.exec(text);
    if (m) {
      const name = m[1] as string;
      // A name met twice without a blank line between: PowerShell always separates records, so a
      // new one started where the blank line went missing.
      if (this.record?.properties.some(([n]) => n === name)) out.push(...this.end());
      this.last = [name, (m[2] ?? '').trim()];
      this.current(lineNo).properties.push(this.last);
    } else if (this.last !== null) {
      this.last[1] = this.last[1] === '' ? text.trim() : `${this.last[1]}\n${text.trim()}`;
    } else {
      this.last = [LIST_VALUE_PROPERTY, text.trim()];
      this.current(lineNo).properties.push(this.last);
    }
    this.current(lineNo).lines.push(raw);
    return out;
  }

  private current(lineNo: number): PsRecord {
    return (this.record ??= { line: lineNo, lines: [], properties: [] });
  }

  end(): PsRecord[] {
    const r = this.record;
    this.record = null;
    this.last = null;
    return r && r.properties.length > 0 ? [r] : [];
  }
}

interface Column {
  name: string;
  start: number;
  /** Exclusive; the last column runs to the end of the line. */
  end: number;
}

const DASHES = /^\s*-+(?:\s+-+)*\s*$/;

/** The columns of a header line and the dashes line under it (each run of dashes spans one column). */
function columnsOf(header: string, dashes: string): Column[] {
  const cols: Column[] = [];
  const run = /-+/g;
  for (let m = run.exec(dashes); m !== null; m = run.exec(dashes)) cols.push({ name: '', start: m.index, end: m.index + m[0].length });
  cols.forEach((c, i) => {
    const next = cols[i + 1];
    c.name = header.slice(c.start, next === undefined ? undefined : Math.max(c.end, next.start - 1)).trim();
  });
  return cols;
}

/**
 * Which column a word of a data line belongs to. Text columns are left-aligned under their header,
 * numbers, booleans and enums right-aligned; a value wider than its column spills into the space of
 * its neighbour (`SHIRE\Domain Admins AllSettingsEnabled`: the status, right-aligned, reaches into the
 * owner's column). A word ending exactly where a column ends is right-aligned to it; one starting where
 * a column starts is left-aligned to it; otherwise it belongs where it starts. Words never go left of
 * the previous word's column.
 */
function columnOfWord(cols: readonly Column[], a: number, b: number, from: number): number {
  const last = cols.length - 1;
  let first = -1;
  let hit = -1;
  for (let i = from; i <= last; i++) {
    const c = cols[i] as Column;
    const end = i === last ? Infinity : c.end;
    if (b <= c.start) break;
    if (a >= end) continue;
    if (first === -1) first = i;
    if (b === c.end || a === c.start) hit = i;
  }
  if (hit !== -1) return hit;
  if (first !== -1) return first;
  // In the gap between two columns: the value of the left one ran past its end.
  let i = from;
  while (i < last && (cols[i + 1] as Column).start <= a) i++;
  return i;
}

function splitRow(cols: readonly Column[], text: string): string[] {
  const cells: { a: number; b: number }[] = cols.map(() => ({ a: -1, b: -1 }));
  let col = 0;
  const word = /\S+/g;
  for (let m = word.exec(text); m !== null; m = word.exec(text)) {
    const a = m.index;
    const b = a + m[0].length;
    col = columnOfWord(cols, a, b, col);
    const cell = cells[col] as { a: number; b: number };
    if (cell.a === -1) cell.a = a;
    cell.b = b;
  }
  return cells.map((c) => (c.a === -1 ? '' : text.slice(c.a, c.b)));
}

/**
 * A header line, a dashes line, then one row a line, in fixed-width columns. A blank line may end the
 * table; a line after it opens a new one only if a dashes line follows it (PowerShell prints a new header
 * when the kind of object changes), else it is one more row of the same table.
 */
export class TableReader implements PsReader {
  private cols: Column[] | null = null;
  /** A line that may be a header: decided by the next line. */
  private pending: { text: string; lineNo: number; raw: string } | null = null;

  push(text: string, lineNo: number, raw: string): PsRecord[] {
    if (isBlank(text)) return this.flushPending();
    const pending = this.pending;
    if (pending !== null && DASHES.test(text)) {
      this.cols = columnsOf(pending.text, text);
      this.pending = null;
      return [];
    }
    const out = this.flushPending();
    this.pending = { text, lineNo, raw };
    return out;
  }

  /** The held line, as a row of the current table (nothing when there is no table yet). */
  private flushPending(): PsRecord[] {
    const p = this.pending;
    this.pending = null;
    if (p === null || this.cols === null) return [];
    const values = splitRow(this.cols, p.text);
    return [{ line: p.lineNo, lines: [p.raw], properties: this.cols.map((c, i) => [c.name, values[i] as string]) }];
  }

  end(): PsRecord[] {
    const out = this.flushPending();
    this.cols = null;
    return out;
  }
}

export function psReader(format: PsFormat): PsReader {
  return format === 'list' ? new ListReader() : new TableReader();
}
