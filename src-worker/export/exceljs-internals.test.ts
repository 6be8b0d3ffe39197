// The exporter's reliance on exceljs internals, checked directly: an exceljs upgrade that changes
// them must fail here.

import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { addRawSheet, createWorkbookWriter, listSheetFirst, styleId, ValueType, type RawSheet } from './exceljs-internals';
import { sharedStringCell, spannedRowXml } from './raw-xml';
import { sheetCloseXml, sheetOpenXml } from './sheet-xml';
import { readZipEntries } from './test-support';

const scratch = mkdtempSync(join(tmpdir(), 'kpat-exceljs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exceljs 4.4 internals used by the exporter', () => {
  it('loads the same writer class and value types as the package root, from their own files', async () => {
    const wb = createWorkbookWriter({ stream: createWriteStream(join(scratch, 'empty.xlsx')) });
    expect(wb).toBeInstanceOf(ExcelJS.stream.xlsx.WorkbookWriter);
    expect(ValueType).toEqual(ExcelJS.ValueType);
    await wb.commit();
  });

  it('orders sheets, links inside the workbook, takes raw sheets and reports pending bytes', async () => {
    const path = join(scratch, 'internals.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(path), useStyles: true, useSharedStrings: true });
    const style = { font: { bold: true } };
    const id = styleId(wb, style, ExcelJS.ValueType.String);
    expect(styleId(wb, style, ExcelJS.ValueType.String)).toBe(id);
    expect(id).toBeGreaterThan(0);

    /** A one-cell sheet: A1 links to `target`. */
    const linkSheet = (sheet: RawSheet, text: string, target: string): void => {
      const link = sheet.link('A1', target);
      sheet.write(sheetOpenXml({ widths: [] }) + spannedRowXml(1, sharedStringCell('A1', sheet.sharedString(text), id), 1, 1));
      sheet.write(sheetCloseXml({ merges: [], links: [link] }));
      sheet.end();
    };

    const data = addRawSheet(wb, 'Data');
    const back = data.sharedString('back');
    expect(data.sharedString('back')).toBe(back);
    const link = data.link('A1', "#'Front'!A1");
    expect(link).toEqual({ ref: 'A1', location: "'Front'!A1" });
    data.write(sheetOpenXml({ firstDataRow: 2, widths: [20] }) + spannedRowXml(1, sharedStringCell('A1', back, id), 1, 1));
    for (let r = 2; r <= 5000; r += 1) data.write(`<row r="${r}"><c r="A${r}" s="${id}" t="inlineStr"><is><t>row ${r}</t></is></c></row>`);
    const pending = data.pendingBytes();
    expect(Number.isFinite(pending)).toBe(true);
    expect(pending).toBeGreaterThanOrEqual(0);
    data.write(sheetCloseXml({ merges: [], links: [link] }));
    data.end();

    linkSheet(addRawSheet(wb, 'Odd!Name'), 'back', "#'Front'!A1");
    const front = addRawSheet(wb, 'Front');
    linkSheet(front, 'to odd', "#'Odd!Name'!A1");
    listSheetFirst(wb, front);
    await wb.commit();

    const zip = readZipEntries(path);
    expect([...(zip.get('xl/workbook.xml') ?? '').matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['Front', 'Data', 'Odd!Name']);
    const dataXml = zip.get('xl/worksheets/sheet1.xml') ?? '';
    expect(dataXml).toContain('<hyperlink ref="A1" location="&apos;Front&apos;!A1"/>');
    expect(dataXml).toContain('<c r="A5000" s="');
    expect(zip.has('xl/worksheets/_rels/sheet1.xml.rels')).toBe(false);
    // A title with '!' cannot be a location for exceljs: it stays a '#' relationship.
    expect(zip.get('xl/worksheets/sheet3.xml')).toContain('<hyperlink ref="A1" r:id="rId1"/>');
    expect(zip.get('xl/worksheets/_rels/sheet3.xml.rels')).toContain('Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="#&apos;Odd!Name&apos;!A1" TargetMode="External"');

    const read = new ExcelJS.Workbook();
    await read.xlsx.readFile(path);
    expect(read.getWorksheet('Data')?.getCell('A5000').value).toBe('row 5000');
    expect(read.getWorksheet('Data')?.getCell('A1').value).toBe('back');
    expect(read.getWorksheet('Front')?.getCell('A1').value).toEqual({ text: 'to odd', hyperlink: "#'Odd!Name'!A1" });
  });

  it('refuses to commit a workbook whose raw sheet was not finished', async () => {
    const wb = createWorkbookWriter({ stream: createWriteStream(join(scratch, 'unfinished.xlsx')), useSharedStrings: true });
    addRawSheet(wb, 'Open').write(sheetOpenXml({ widths: [] }));
    await expect(wb.commit()).rejects.toThrow('Worksheet Open was not finished');
  });
});
