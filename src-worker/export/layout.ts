// Numbers of the layout: column letters, widths, row heights, sheet titles, file names.

import type { OsFamily } from '../engine/types';

/** 1 → A, 26 → Z, 27 → AA, 16384 → XFD (Q15: proper lettering past Z). */
export function columnLetter(column: number): string {
  if (!Number.isInteger(column) || column < 1 || column > 16_384) {
    throw new RangeError(`Column ${column} is outside A..XFD`);
  }
  let n = column;
  let letters = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    letters = String.fromCharCode(65 + rem) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

/** SPEC §5.6: min(max(L + 2, 10), 50), L = longest of header and values. */
export function columnWidth(longest: number): number {
  return Math.min(Math.max(longest + 2, 10), 50);
}

/** SPEC §5.6 data rows: max(15, min(lines·15, 100)) points. */
export function dataRowHeight(lines: number): number {
  return Math.max(15, Math.min(lines * 15, 100));
}

/** How many lines `text` takes wrapped in a column `width` characters wide (each of its lines at least one). */
export function wrappedLines(text: string, width: number): number {
  const perLine = Math.max(1, Math.floor(width));
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
}

/** Excel's default column width in characters, for columns we do not size. */
export const DEFAULT_COLUMN_WIDTH = 8.43;

/**
 * Comment row height in points: SPEC §5.6's max(30, ⌊len/120⌋·15) as the floor, raised so the
 * wrapped 9 pt text fits the merged cell `widthChars` wide (about 1.15 comment characters per
 * width unit, 12 points a line); Excel's maximum is 409.
 */
export function commentRowHeight(comment: string, widthChars: number): number {
  const perLine = Math.max(20, Math.floor(widthChars * 1.15));
  const lines = comment.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
  return Math.min(409, Math.max(30, Math.floor(comment.length / 120) * 15, lines * 12 + 3));
}

/** Excel's sheet-title limit. */
export const MAX_SHEET_TITLE = 31;

/**
 * Title of the `part`-th sheet (2, 3, …) of `base`: `<base>(<part>)`, the base shortened so the
 * whole fits in 31 characters, and a different base cut if the title is already taken.
 * Comparison is case-insensitive, like Excel's.
 */
export function continuationTitle(base: string, part: number, taken: ReadonlySet<string>): string {
  const suffix = `(${part})`;
  for (let extra = 0; extra < MAX_SHEET_TITLE; extra += 1) {
    const room = MAX_SHEET_TITLE - suffix.length - extra;
    if (room < 1) break;
    const marker = extra === 0 ? '' : '~'.repeat(extra);
    let head = base.slice(0, room);
    if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
    const title = `${head}${marker}${suffix}`;
    if (!taken.has(title.toLowerCase())) return title;
  }
  throw new Error(`No free sheet title for part ${part} of sheet "${base}"`);
}

/** `base`, or `base_2`, `base_3`… when taken (case-insensitive); the chosen title is then taken too. */
export function freeTitle(base: string, taken: Set<string>): string {
  let title = base;
  for (let n = 2; taken.has(title.toLowerCase()); n += 1) title = `${base}_${n}`;
  taken.add(title.toLowerCase());
  return title;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYYMMDD-HHMMSS` in local time (SPEC §5.2). */
export function fileTimestamp(t: Date): string {
  return `${t.getFullYear()}${pad(t.getMonth() + 1)}${pad(t.getDate())}-${pad(t.getHours())}${pad(t.getMinutes())}${pad(t.getSeconds())}`;
}

/** `<Family>_search_results-<YYYYMMDD-HHMMSS>.xlsx` (SPEC §5.2), local time. */
export function workbookFileName(family: OsFamily, timestamp: Date): string {
  return `${family}_search_results-${fileTimestamp(timestamp)}.xlsx`;
}

/** `kpat diff -o`: `Changes-<YYYYMMDD-HHMMSS>.xlsx`, local time. */
export function changesWorkbookFileName(timestamp: Date): string {
  return `Changes-${fileTimestamp(timestamp)}.xlsx`;
}

/** The `--json` file beside the workbook. */
export function resultsJsonFileName(family: OsFamily, timestamp: Date): string {
  return `${family}_search_results-${fileTimestamp(timestamp)}.json`;
}
