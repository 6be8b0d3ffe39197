// The parts of a worksheet's XML around its rows, written directly instead of through exceljs's
// WorksheetWriter: its row, cell and xform objects cost more per sheet than a small sheet's rows
// (and run too few times to be optimised on a cold worker). The output is exactly what exceljs 4.4
// writes for the same sheet (opening, cols, closing; rows and cells are in raw-xml.ts), so the workbook stays byte-identical;
// exceljs still writes the package (workbook, styles, shared strings, zip).

const OPEN_WORKSHEET =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"' +
  ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"' +
  ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"' +
  ' mc:Ignorable="x14ac"' +
  ' xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">';
/** Fit-to-page printing (the page setup below says how: one page wide). */
const SHEET_PR = '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>';
/** exceljs's default sheet format properties. */
const SHEET_FORMAT = '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>';
/**
 * Printing, after the hyperlinks: landscape, one page wide and as many pages long as needed (the
 * old tool's workbooks printed 1,080 pages of one column each), the sheet's name in the header and
 * the workbook's name and page number in the footer. The rows repeated on every page are the
 * sheet's Print_Titles (RawSheet.repeatRows). As exceljs writes this page setup.
 */
const PAGE_SETUP =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '<pageSetup orientation="landscape" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="0"/>' +
  '<headerFooter><oddHeader>&amp;L&amp;&quot;-,Bold&quot;&amp;A</oddHeader><oddFooter>&amp;L&amp;F&amp;RPage &amp;P of &amp;N</oddFooter></headerFooter>';

/** exceljs's options for the same page setup (tests render a sheet through exceljs to compare). */
export const PAGE_SETUP_OPTIONS = {
  pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  headerFooter: { oddHeader: '&L&"-,Bold"&A', oddFooter: '&L&F&RPage &P of &N' },
} as const;

const ATTR_SPECIAL = /["&'<>]/g;
const ATTR_ENTITY: Record<string, string> = { '"': '&quot;', '&': '&amp;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** Attribute text as exceljs escapes it (quotes and apostrophes too). */
export function escapeAttr(text: string): string {
  return text.replace(ATTR_SPECIAL, (c) => ATTR_ENTITY[c] ?? c);
}

/** Frozen rows above `firstDataRow`, its first cell selected (exceljs's rendering of such a view). */
function frozenViewXml(firstDataRow: number): string {
  const cell = `A${firstDataRow}`;
  return (
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${firstDataRow - 1}" topLeftCell="${cell}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="${cell}" sqref="${cell}"/></sheetView></sheetViews>`
  );
}

/**
 * `<cols>` for columns 1..n of these widths. Like exceljs, neighbours of equal width share one
 * `<col>`. Widths must be custom (exceljs leaves out its default, 9, which the layout never uses).
 */
export function colsXml(widths: readonly number[]): string {
  if (widths.length === 0) return '';
  let xml = '<cols>';
  let start = 0;
  for (let c = 1; c <= widths.length; c += 1) {
    if (c < widths.length && widths[c] === widths[start]) continue;
    xml += `<col min="${start + 1}" max="${c}" width="${widths[start]}" customWidth="1"/>`;
    start = c;
  }
  return `${xml}</cols>`;
}

export interface SheetHead {
  /** First row below the frozen pane; none: no frozen pane. */
  firstDataRow?: number;
  widths: readonly number[];
}

/** Everything before the first row: declaration, worksheet, views, format, cols, `<sheetData>`. */
export function sheetOpenXml(head: SheetHead): string {
  const views = head.firstDataRow === undefined ? '' : frozenViewXml(head.firstDataRow);
  return `${OPEN_WORKSHEET}${SHEET_PR}${views}${SHEET_FORMAT}${colsXml(head.widths)}<sheetData>`;
}

export interface SheetTail {
  autoFilter?: string;
  merges: readonly string[];
  /** In the workbook (`location`, e.g. `'Title'!A1`) or through a relationship (`rId`). */
  links: readonly { ref: string; location?: string; rId?: string }[];
}

/** A `<hyperlink>` with exceljs's attribute order. */
function hyperlinkXml(link: SheetTail['links'][number]): string {
  const rId = link.rId === undefined ? '' : ` r:id="${link.rId}"`;
  const location = link.location === undefined ? '' : ` location="${escapeAttr(link.location)}"`;
  return `<hyperlink ref="${link.ref}"${rId}${location}/>`;
}

/** Everything after the last row, in exceljs's order. */
export function sheetCloseXml(tail: SheetTail): string {
  let xml = '</sheetData>';
  if (tail.autoFilter !== undefined) xml += `<autoFilter ref="${tail.autoFilter}"/>`;
  if (tail.merges.length > 0) {
    xml += `<mergeCells count="${tail.merges.length}">${tail.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`;
  }
  if (tail.links.length > 0) {
    xml += `<hyperlinks>${tail.links.map(hyperlinkXml).join('')}</hyperlinks>`;
  }
  return `${xml}${PAGE_SETUP}</worksheet>`;
}
