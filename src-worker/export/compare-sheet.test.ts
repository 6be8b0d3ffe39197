import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { compareGrid } from '../engine/compare/compare-grid';
import type { Cell } from '../engine/types';
import { compareLines, compareSheetTitle, type CompareSheetInput } from './compare-sheet';
import { exportWorkbook } from './workbook';

const scratch = mkdtempSync(join(tmpdir(), 'kpat-compare-sheet-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = ['System Name', 'Line Number', 'Matched Text', 'setting', 'value'];
const row = (system: string, line: number, setting: string, value: string): Cell[] => [system, line, `${setting} ${value}`, setting, value];
const ROWS = [
  row('ubuntu-a', 10, 'permitrootlogin', 'no'),
  row('ubuntu-a', 11, 'port', '22'),
  row('ubuntu-b', 10, 'permitrootlogin', 'no'),
  row('ubuntu-b', 11, 'port', '22'),
  row('ubuntu-b', 12, 'port', '2222'),
  row('rhel', 40, 'permitrootlogin', 'yes'),
  row('rhel', 41, 'port', '22'),
];
const SYSTEMS = [
  { name: 'rhel', state: 'searched' as const },
  { name: 'ubuntu-a', state: 'searched' as const },
  { name: 'ubuntu-b', state: 'searched' as const },
  { name: 'empty', state: 'searched' as const },
  { name: 'win', state: 'not-applicable' as const },
];
const input = (baseline: string | null = null): CompareSheetInput => ({
  search: 'sshd',
  sheet: 'SSH Effective Settings',
  grid: compareGrid({ header: HEADER, rows: ROWS, systems: SYSTEMS, layout: { kind: 'key-value', keyField: 'setting', valueField: 'value' }, baseline }),
});

describe('the Compare sheet', () => {
  it('a row per system (state, one column per setting, values one per line, differing cells counted), then the values per column', () => {
    const { lines, tableEnd } = compareLines(input());
    expect(lines[0]?.values[0]).toBe('Compare: sshd (sheet SSH Effective Settings) — 5 systems, 4 compared, 3 differ from the majority; one column per setting (its value)');
    expect(lines[1]?.values).toEqual(['System Name', 'Result', 'permitrootlogin', 'port', 'Differing cells']);
    expect(lines.slice(2, tableEnd).map((l) => l.values)).toEqual([
      ['rhel', 'found', 'yes', '22', 1],
      ['ubuntu-a', 'found', 'no', '22', 0],
      ['ubuntu-b', 'found', 'no', '22\n2222', 1],
      ['empty', 'searched, nothing found', '', '', 2],
      ['win', 'search does not apply', '', '', ''],
    ]);
    // Highlighted: what differs from the majority; greyed: the system that was not compared.
    expect(lines[2]?.styles).toEqual(['data', 'data', 'deviates', 'data', 'data']);
    expect(lines[4]?.styles).toEqual(['data', 'data', 'data', 'deviates', 'data']);
    expect(lines[6]?.styles).toEqual(['muted', 'muted', 'muted', 'muted', 'muted']);
    expect(lines.slice(tableEnd + 2).map((l) => l.values)).toEqual([
      ['Column', 'Value', 'Systems', ''],
      ['permitrootlogin', 'no', 2, 'reference (the majority)'],
      ['permitrootlogin', 'yes', 1, ''],
      ['permitrootlogin', '(nothing)', 1, ''],
      ['port', '22', 2, 'reference (the majority)'],
      ['port', '22\n2222', 1, ''],
      ['port', '(nothing)', 1, ''],
    ]);
  });

  it('a baseline system is named as the reference', () => {
    const { lines } = compareLines(input('rhel'));
    expect(lines[0]?.values[0]).toMatch(/3 differ from system rhel;/);
    expect(lines.find((l) => l.values[0] === 'permitrootlogin' && l.values[1] === 'yes')?.values[3]).toBe('reference (system rhel)');
  });

  it('titles: "Compare <sheet>" within 31 characters, unique in the workbook', () => {
    const taken = new Set(['summary', 'compare ssh']);
    expect(compareSheetTitle('SSH', taken)).toBe('Compare SSH_2');
    expect(compareSheetTitle('SSH Effective Settings 2026 edition', taken)).toBe('Compare SSH Effective Settings');
    expect(compareSheetTitle('SSH Effective Settings 2026 edition', taken)).toBe('Compare SSH Effective Setting_2');
    expect([...taken].every((t) => t.length <= 31)).toBe(true);
  });

  it('is written after Summary and Systems Summary, before the search sheets; read back with exceljs', async () => {
    const source = {
      search: 'sshd',
      sheet: 'SSH Effective Settings',
      comment: null,
      header: HEADER,
      options: { maxResults: -1, onlyMatching: false, unique: false, fullScan: false, multiline: false, showMissing: false, fieldList: [], format: null },
      totalRows: ROWS.length,
      systemsWithHits: 3,
      rows: () => ROWS,
    };
    const facts = { startedAt: '2026-01-01T00:00:00Z', searchSetTitle: 'x', inputFolder: '/in', appVersion: 't', outcome: 'complete', skipped: [], failedFiles: [], familiesWithoutWorkbook: [] };
    const out = await exportWorkbook({ family: 'Linux', systems: [], searches: [source], facts, compares: [input()] }, scratch, { timestamp: new Date(2026, 0, 1) });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out.path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Systems Summary', 'Compare SSH Effective Settings', 'SSH Effective Settings']);
    const sheet = wb.getWorksheet('Compare SSH Effective Settings');
    if (!sheet) throw new Error('no Compare sheet');
    expect(sheet.getRow(2).values).toEqual([undefined, 'System Name', 'Result', 'permitrootlogin', 'port', 'Differing cells']);
    expect(sheet.getRow(3).values).toEqual([undefined, 'rhel', 'found', 'yes', '22', 1]);
    const fill = (ref: string): string | undefined => {
      const f = sheet.getCell(ref).fill;
      return f?.type === 'pattern' ? f.fgColor?.argb : undefined;
    };
    expect(fill('C3')).toBe('FFFFEB9C');
    expect(fill('C4')).toBeUndefined();
    expect(sheet.getCell('A7').font?.italic).toBe(true);
    expect(sheet.autoFilter).toBe('A2:E7');
  });
});
