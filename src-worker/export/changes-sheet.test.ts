import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import type { FamilyDiff } from '../engine/compare/run-diff';
import { changeLines } from './changes-sheet';
import { exportWorkbook } from './workbook';

const scratch = mkdtempSync(join(tmpdir(), 'kpat-changes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
const diff: FamilyDiff = {
  family: 'Linux',
  systems: { added: ['new-host'], removed: [] },
  searches: [
    {
      search: 'ssh',
      sheet: 'Changes',
      header: HEADER,
      keyField: 'setting',
      added: [['a', 40, 'port 2222', 'port', '2222']],
      removed: [],
      changed: [{ before: ['a', 12, 'permitrootlogin no', 'permitrootlogin', 'no'], after: ['a', 14, 'permitrootlogin yes', 'permitrootlogin', 'yes'] }],
    },
  ],
};

describe('the Changes sheet', () => {
  it('lists systems in one run only, then changed, added and removed rows, line numbers as numbers', () => {
    expect(changeLines([{ against: '/old/Linux.json', diff }])).toEqual([
      ['Linux', '', '', 'system added', 'new-host'],
      ['Linux', 'ssh', 'Changes', 'changed', 'a', 'setting = permitrootlogin', 12, 14, 'permitrootlogin no', 'permitrootlogin yes'],
      ['Linux', 'ssh', 'Changes', 'added', 'a', 'setting = port', '', 40, '', 'port 2222'],
    ]);
  });

  it('takes a title no search sheet has', async () => {
    const source = { search: 'ssh', sheet: 'Changes', comment: null, header: HEADER, options: { maxResults: -1, onlyMatching: false, unique: false, fullScan: false, multiline: false, showMissing: false, fieldList: [], format: null }, totalRows: 0, systemsWithHits: 0, rows: () => [] };
    const facts = { startedAt: '2026-01-01T00:00:00Z', searchSetTitle: 'x', inputFolder: '/in', appVersion: 't', outcome: 'complete', skipped: [], failedFiles: [], familiesWithoutWorkbook: [] };
    const out = await exportWorkbook({ family: 'Linux', systems: [], searches: [source], facts, changes: { against: '/old/Linux.json', diff } }, scratch, { timestamp: new Date(2026, 0, 1) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out.path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Systems Summary', 'Changes_2', 'Changes']);
    expect(wb.getWorksheet('Changes_2')?.getCell('A1').value).toBe('Changes since Linux.json: 3 (rows matched without line numbers)');
  });
});
