// "Export XLSX" of the results grid: the view's sheet, read back with exceljs.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportViewWorkbook } from './view-workbook';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('exportViewWorkbook', () => {
  it('writes the rows in the order given under the columns shown, with what the view is beside the header and no link to a missing Summary', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kpat-view-'));
    const path = join(dir, 'Linux_07_users-view-20261203-140000.xlsx');
    const rows = [
      ['web-02', 'root', '=cmd|x'],
      ['web-01', 'root', 'plain'],
    ];
    const result = await exportViewWorkbook(
      {
        search: '07_users_05_etc_group',
        sheet: 'Local Groups',
        comment: 'Groups and members',
        header: ['System Name', 'groupname', 'Matched Text'],
        totalRows: rows.length,
        systemsWithHits: 2,
        view: { facts: [['Results grid view:', ''], ['Sorted by:', 'System Name descending'], ['Rows:', '2 of 100']] },
        rows: () => rows,
      },
      path,
    );
    expect(result).toMatchObject({ path, rows: 2, sheets: 1 });
    // Nothing but the workbook is left (the temporary file was renamed into place).
    expect(readdirSync(dir)).toEqual(['Linux_07_users-view-20261203-140000.xlsx']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Local Groups']);
    const ws = wb.getWorksheet('Local Groups') as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('Groups and members');
    expect(ws.getCell('A2').value).toBeNull();
    expect([1, 2, 3].map((c) => ws.getRow(3).getCell(c).value)).toEqual(['System Name', 'groupname', 'Matched Text']);
    expect([4, 5].map((r) => [1, 2, 3].map((c) => ws.getRow(r).getCell(c).value))).toEqual(rows);
    expect(ws.getCell('E3').value).toBe('Results grid view:');
    expect(ws.getCell('F4').value).toBe('System Name descending');
    expect(ws.getCell('F5').value).toBe('2 of 100');
    expect(ws.autoFilter).toBe('A3:C5');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
  });
});
