// The sheet XML the exporter writes itself must be what exceljs writes for the same sheet: these
// tests render a sheet through exceljs's WorksheetWriter and compare the parts.

import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkbookWriter, styleId, ValueType } from './exceljs-internals';
import { booleanCell, mergedCell, sharedStringCell, spannedRowXml } from './raw-xml';
import { colsXml, escapeAttr, PAGE_SETUP_OPTIONS, sheetCloseXml, sheetOpenXml } from './sheet-xml';
import { readZipEntries } from './test-support';

const scratch = mkdtempSync(join(tmpdir(), 'kpat-sheet-xml-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Sheet 1 of a workbook exceljs wrote with `build` (A1 in style 1), as XML. */
async function exceljsSheet(build: (ws: ExcelJS.Worksheet) => void, views = true): Promise<string> {
  const path = join(scratch, `sheet-${Math.random().toString(36).slice(2)}.xlsx`);
  const wb = createWorkbookWriter({ stream: createWriteStream(path), useStyles: true, useSharedStrings: true });
  const style = { font: { italic: true } };
  const id = styleId(wb, style, ValueType.String);
  const frozen: Partial<ExcelJS.WorksheetView> = { state: 'frozen', xSplit: 0, ySplit: 3, topLeftCell: 'A4', activeCell: 'A4' };
  const ws = wb.addWorksheet('Sheet', { ...PAGE_SETUP_OPTIONS, ...(views ? { views: [frozen] } : {}) } as Partial<ExcelJS.AddWorksheetOptions>);
  expect(id).toBe(1);
  build(ws);
  ws.getRow(1).getCell(1).style = style;
  ws.commit();
  await wb.commit();
  return readZipEntries(path).get('xl/worksheets/sheet1.xml') ?? '';
}

describe('sheet XML written past exceljs', () => {
  it('joins neighbouring columns of equal width, as exceljs does', () => {
    expect(colsXml([13, 13, 20, 13])).toBe(
      '<cols><col min="1" max="2" width="13" customWidth="1"/><col min="3" max="3" width="20" customWidth="1"/><col min="4" max="4" width="13" customWidth="1"/></cols>',
    );
    expect(colsXml([])).toBe('');
  });

  it('escapes attributes like exceljs', () => {
    expect(escapeAttr(`'A&B' <"x">`)).toBe('&apos;A&amp;B&apos; &lt;&quot;x&quot;&gt;');
  });

  it('matches exceljs: frozen pane, cols, merged comment row, link, filter, closing', async () => {
    const widths = [12, 12, 30, 3, 18];
    const xml = await exceljsSheet((ws) => {
      ws.columns = widths.map((width) => ({ width }));
      ws.mergeCells('A1:D1');
      ws.getRow(1).height = 45;
      ws.getCell('A1').value = 'note';
      ws.getCell('A2').value = { text: 'back', hyperlink: 'https://example.com/' };
      ws.autoFilter = 'A3:C9';
    });
    const open = sheetOpenXml({ firstDataRow: 4, widths });
    expect(xml.startsWith(open)).toBe(true);
    const rows = xml.slice(open.length, xml.indexOf('</sheetData>'));
    // Shared strings are numbered in order of first use: 'note' 0, 'back' 1. The link keeps exceljs's default style (0: no `s`).
    expect(rows).toBe(
      spannedRowXml(1, sharedStringCell('A1', 0, 1) + mergedCell('B1') + mergedCell('C1') + mergedCell('D1'), 1, 4, 45) +
        '<row r="2" spans="1:1" x14ac:dyDescent="0.25"><c r="A2" t="s"><v>1</v></c></row>',
    );
    // exceljs itself writes every link as a relationship; in-document ones are checked in exceljs-internals.test.ts.
    expect(xml.slice(xml.indexOf('</sheetData>'))).toBe(sheetCloseXml({ autoFilter: 'A3:C9', merges: ['A1:D1'], links: [{ ref: 'A2', rId: 'rId1' }] }));
  });

  it('matches exceljs without a frozen pane, filter, merge or link', async () => {
    const xml = await exceljsSheet((ws) => {
      ws.columns = [{ width: 50 }];
      ws.getCell('A1').value = 'only';
    }, false);
    const open = sheetOpenXml({ widths: [50] });
    expect(xml).toBe(`${open}${spannedRowXml(1, sharedStringCell('A1', 0, 1), 1, 1)}${sheetCloseXml({ merges: [], links: [] })}`);
  });

  it('writes in-document links, booleans and a row without spans when it has only a height', () => {
    expect(sheetCloseXml({ merges: [], links: [{ ref: 'B3', location: "'A&B'!A1" }] })).toContain('<hyperlinks><hyperlink ref="B3" location="&apos;A&amp;B&apos;!A1"/></hyperlinks>');
    expect(booleanCell('E3', true, 11) + booleanCell('E4', false, 11)).toBe('<c r="E3" s="11" t="b"><v>1</v></c><c r="E4" s="11" t="b"><v>0</v></c>');
    expect(spannedRowXml(7, '', 0, 0, 20)).toBe('<row r="7" ht="20" customHeight="1" x14ac:dyDescent="0.25"></row>');
  });
});
