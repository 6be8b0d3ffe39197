// Types for the exceljs modules the exporter loads directly instead of the package root
// (which would also load the reader, CSV and unzip code; see exceljs-internals.ts). exceljs
// ships types only for its root, so these re-use the root's declarations where it has them.

declare module 'exceljs/lib/stream/xlsx/workbook-writer' {
  import type ExcelJS from 'exceljs';

  const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter;
  export = WorkbookWriter;
}

declare module 'exceljs/lib/doc/enums' {
  import type ExcelJS from 'exceljs';

  const enums: { ValueType: typeof ExcelJS.ValueType };
  export = enums;
}

declare module 'exceljs/lib/stream/xlsx/sheet-rels-writer' {
  /** A worksheet's relationships part (`xl/worksheets/_rels/sheetN.xml.rels`), opened at its first link. */
  class SheetRelsWriter {
    constructor(options: { id: number; workbook: unknown });
    addHyperlink(link: { address: string; target: string; tooltip?: string }): void;
    _hyperlinks: { address: string; rId?: string }[];
    commit(): void;
  }
  export = SheetRelsWriter;
}
