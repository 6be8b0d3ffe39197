// Row and cell XML written past exceljs (see exceljs-internals.ts). Data rows: text is always an
// inline string, so a value starting with `=`, `+`, `-` or `@` stays text (Q18). The rows exceljs
// used to render (above a table, the summary sheets) keep its shared strings, spans and merges.

const HAS_XML_SPECIAL = /[&<>]/;
// Excel decodes `_xHHHH_` inside strings; `_x005F_` is an escaped underscore, so the text stays literal.
const OOXML_ESCAPE = /_(x[0-9A-Fa-f]{4}_)/g;

export function escapeText(text: string): string {
  let out = text;
  if (out.includes('_x')) out = out.replace(OOXML_ESCAPE, '_x005F_$1');
  // Most cells need no entity; string replacements beat a replace callback when some do.
  if (!HAS_XML_SPECIAL.test(out)) return out;
  return out.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Cell text is already clean (cells.ts); empty text gives no cell. */
export function textCell(ref: string, text: string, style: number): string {
  if (text === '') return '';
  return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${escapeText(text)}</t></is></c>`;
}

export function numberCell(ref: string, value: number, style: number): string {
  return `<c r="${ref}" s="${style}"><v>${value}</v></c>`;
}

export function rowXml(row: number, cells: string, height?: number): string {
  const ht = height === undefined ? '' : ` ht="${height}" customHeight="1"`;
  return `<row r="${row}"${ht}>${cells}</row>`;
}

/** A text cell by its shared-string index (how exceljs writes the rows it renders). */
export function sharedStringCell(ref: string, index: number, style: number): string {
  return `<c r="${ref}" s="${style}" t="s"><v>${index}</v></c>`;
}

export function booleanCell(ref: string, value: boolean, style: number): string {
  return `<c r="${ref}" s="${style}" t="b"><v>${value ? 1 : 0}</v></c>`;
}

/** A cell covered by a merge (exceljs writes it empty). */
export function mergedCell(ref: string): string {
  return `<c r="${ref}"/>`;
}

/** A row as exceljs renders it: `spans` over its first..last cell (columns), optional height. */
export function spannedRowXml(row: number, cells: string, first: number, last: number, height?: number): string {
  const ht = height ? ` ht="${height}" customHeight="1"` : '';
  const spans = first > 0 && first <= last ? ` spans="${first}:${last}"` : '';
  return `<row r="${row}"${ht}${spans} x14ac:dyDescent="0.25">${cells}</row>`;
}
