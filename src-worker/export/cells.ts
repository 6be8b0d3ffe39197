// Turning result values into what a worksheet cell may hold: no characters XML/Excel reject,
// real line breaks, and nothing longer than a cell can take (cut visibly, and counted).

/** Excel-illegal controls (SPEC §4.11: tab, LF, CR kept), XML non-characters and lone surrogates. */
const ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Any character ILLEGAL might remove (surrogates included, paired or not): a cheap first test,
 * since the lookarounds make ILLEGAL slow on the many cells that have none of them. */
const MAYBE_ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFFFE\uFFFF]/;
const CR = /\r\n?/g;

/** Removes characters a workbook cannot hold (SPEC §4.11). */
export function stripIllegal(text: string): string {
  return text.replace(ILLEGAL, '');
}

/** The marker that ends a cut cell: visible, and says how much is missing. */
export function truncationMarker(removed: number): string {
  return `… [truncated ${removed} chars]`;
}

/** Cuts `text` to at most `max` characters, the marker included, never splitting a surrogate pair. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let keep = max - truncationMarker(text.length).length;
  if (keep > 0 && /[\uD800-\uDBFF]/.test(text.charAt(keep - 1))) keep -= 1;
  return text.slice(0, Math.max(0, keep)) + truncationMarker(text.length - Math.max(0, keep));
}

/** Cleans cell text and counts the cells it had to cut. One per workbook. */
export class CellText {
  truncated = 0;
  /** Cut cells per sheet title, for the Summary. */
  readonly truncatedBySheet = new Map<string, number>();

  constructor(readonly maxChars: number) {}

  /** Line breaks become `\n` (Excel's in-cell break), illegal characters go, long text is cut. */
  clean(text: string, sheet: string): string {
    let out = text;
    if (out.includes('\r')) out = out.replace(CR, '\n');
    if (MAYBE_ILLEGAL.test(out)) {
      ILLEGAL.lastIndex = 0;
      if (ILLEGAL.test(out)) out = stripIllegal(out);
    }
    if (out.length > this.maxChars) {
      out = truncateText(out, this.maxChars);
      this.truncated += 1;
      this.truncatedBySheet.set(sheet, (this.truncatedBySheet.get(sheet) ?? 0) + 1);
    }
    return out;
  }
}

/** Number of lines and the longest line's length, for row heights and column widths. */
export function measureLines(text: string): { lines: number; longest: number } {
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', start)) {
    longest = Math.max(longest, i - start);
    lines += 1;
    start = i + 1;
  }
  return { lines, longest: Math.max(longest, text.length - start) };
}

/** `\r\n` and `\r` count as one break each, like `clean` makes them. */
export function longestLine(value: string | number): number {
  if (typeof value === 'number') return String(value).length;
  return measureLines(value.includes('\r') ? value.replace(CR, '\n') : value).longest;
}
