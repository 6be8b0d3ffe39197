// Types for the two exceljs modules the exporter loads directly instead of the package root
// (which would also load the reader, CSV and unzip code; see exceljs-internals.ts). exceljs
// ships types only for its root, so these re-use the root's declarations.

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
