// Rows written as exceljs renders the rows it builds (text as shared strings, `spans` over the
// row's cells, merged cells empty), for the cells outside result tables: the rows above a table
// and the two summary sheets. Also collects the sheet's merges and links for its closing part.

import { type CellValue, type ExportContext } from './context';
import type { RawSheet, SheetLink } from './exceljs-internals';
import { columnLetter } from './layout';
import { booleanCell, mergedCell, numberCell, sharedStringCell, spannedRowXml } from './raw-xml';
import { sheetCloseXml } from './sheet-xml';
import type { StyleName } from './styles';

export class SheetRows {
  /** The rows ended so far. */
  xml = '';
  private readonly merges: string[] = [];
  private readonly links: SheetLink[] = [];
  private row = 0;
  private cells = '';
  private first = 0;
  private last = 0;

  constructor(
    private readonly ctx: ExportContext,
    private readonly sheet: RawSheet,
  ) {}

  /** Starts row `row` (rows come in order); the previous one is ended. */
  begin(row: number): void {
    this.end();
    this.row = row;
  }

  /** Ends the current row: exceljs writes a row only when it has cells or a height. */
  end(height?: number): void {
    if (this.row > 0 && (this.cells !== '' || height)) {
      this.xml += spannedRowXml(this.row, this.cells, this.first, this.last, height);
    }
    this.row = 0;
    this.cells = '';
    this.first = 0;
    this.last = 0;
  }

  /**
   * One cell, as exceljs wrote it for this value and style: none for empty values; text (a link's
   * too) cleaned for this sheet first, its cuts counted. Cells come in column order.
   */
  put(column: number, value: CellValue, style: StyleName): void {
    if (value === null || value === undefined || value === '') return;
    const ref = this.ref(column);
    const s = this.ctx.styleIds[style];
    if (typeof value === 'number') this.cell(column, numberCell(ref, value, s));
    else if (typeof value === 'boolean') this.cell(column, booleanCell(ref, value, s));
    else if (typeof value === 'string') this.cell(column, sharedStringCell(ref, this.shared(value), s));
    else {
      this.cell(column, sharedStringCell(ref, this.shared(value.text), s));
      this.links.push(this.sheet.link(ref, value.hyperlink));
    }
  }

  /** Merges this row's cells `from`..`to`: the first keeps its value, the others are written empty. */
  merge(from: number, to: number): void {
    this.merges.push(`${this.ref(from)}:${this.ref(to)}`);
  }

  mergedCell(column: number): void {
    this.cell(column, mergedCell(this.ref(column)));
  }

  /** The sheet's closing part (after its last row). */
  closeXml(autoFilter?: string): string {
    return sheetCloseXml({ autoFilter, merges: this.merges, links: this.links });
  }

  private shared(text: string): number {
    return this.sheet.sharedString(this.ctx.text.clean(text, this.sheet.name));
  }

  private ref(column: number): string {
    return `${columnLetter(column)}${this.row}`;
  }

  private cell(column: number, xml: string): void {
    this.cells += xml;
    if (this.first === 0) this.first = column;
    this.last = column;
  }
}
