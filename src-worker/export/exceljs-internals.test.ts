// The exporter's reliance on exceljs internals, checked directly: an exceljs upgrade that changes
// them must fail here.

import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { addRawSheet, createWorkbookWriter, listSheetFirst, styleId, useInternalHyperlinks, ValueType } from './exceljs-internals';
import { sharedStringCell, sheetCloseXml, sheetOpenXml, spannedRowXml } from './sheet-xml';
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

    const data = addRawSheet(wb, 'Data');
    const back = data.sharedString('back');
    expect(data.sharedString('back')).toBe(back);
    data.write(sheetOpenXml({ firstDataRow: 2, widths: [20] }) + spannedRowXml(1, sharedStringCell('A1', back, id), 1, 1));
    for (let r = 2; r <= 5000; r += 1) data.write(`<row r="${r}"><c r="A${r}" s="${id}" t="inlineStr"><is><t>row ${r}</t></is></c></row>`);
    const pending = data.pendingBytes();
    expect(Number.isFinite(pending)).toBe(true);
    expect(pending).toBeGreaterThanOrEqual(0);
    data.write(sheetCloseXml({ merges: [], links: [{ ref: 'A1', location: "'Front'!A1" }] }));
    data.end();

    const odd = wb.addWorksheet('Odd!Name');
    useInternalHyperlinks(odd);
    odd.getCell('A1').value = { text: 'back', hyperlink: "#'Front'!A1" };
    odd.commit();

    const front = wb.addWorksheet('Front');
    useInternalHyperlinks(front);
    front.getCell('A1').value = { text: 'to odd', hyperlink: "#'Odd!Name'!A1" };
    front.commit();
    listSheetFirst(wb, front);
    await wb.commit();

    const zip = readZipEntries(path);
    expect([...(zip.get('xl/workbook.xml') ?? '').matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1])).toEqual(['Front', 'Data', 'Odd!Name']);
    const dataXml = zip.get('xl/worksheets/sheet1.xml') ?? '';
    expect(dataXml).toContain('<hyperlink ref="A1" location="&apos;Front&apos;!A1"/>');
    expect(dataXml).toContain('<c r="A5000" s="');
    expect(zip.has('xl/worksheets/_rels/sheet1.xml.rels')).toBe(false);
    // A title with '!' cannot be a location for exceljs: it stays a '#' relationship.
    expect(zip.get('xl/worksheets/_rels/sheet3.xml.rels')).toContain('Target="#&apos;Odd!Name&apos;!A1"');

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
