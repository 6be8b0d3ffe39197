// The exporter's reliance on exceljs internals, checked directly: an exceljs upgrade that changes
// them must fail here.

import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkbookWriter, listSheetFirst, pendingBytes, rawRowWriter, styleId, useInternalHyperlinks, ValueType } from './exceljs-internals';
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

  it('orders sheets, links inside the workbook, takes raw rows and reports pending bytes', async () => {
    const path = join(scratch, 'internals.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(path), useStyles: true, useSharedStrings: true });
    const style = { font: { bold: true } };
    const id = styleId(wb, style, ExcelJS.ValueType.String);
    expect(styleId(wb, style, ExcelJS.ValueType.String)).toBe(id);
    expect(id).toBeGreaterThan(0);

    const data = wb.addWorksheet('Data');
    useInternalHyperlinks(data);
    data.getCell('A1').value = { text: 'back', hyperlink: "#'Front'!A1" };
    data.getRow(1).commit();
    const write = rawRowWriter(data);
    for (let r = 2; r <= 5000; r += 1) write(`<row r="${r}"><c r="A${r}" s="${id}" t="inlineStr"><is><t>row ${r}</t></is></c></row>`);
    const pending = pendingBytes(data);
    expect(Number.isFinite(pending)).toBe(true);
    expect(pending).toBeGreaterThanOrEqual(0);
    data.commit();

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

    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path);
    expect(back.getWorksheet('Data')?.getCell('A5000').value).toBe('row 5000');
  });
});
