// The Checks and Findings sheets, read back with exceljs from a workbook of the built-in library's
// results on the shared files, and the page setup of every sheet as LibreOffice prints it.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from '../engine/config/load';
import { checkCells, checkEvidence, findingLines, markKey, type Mark } from '../engine/marks';
import { runEngineInProcess } from '../engine/run-in-process';
import { LIBRARY_DIR, TESTDATA_DIR } from '../engine/testing/reference';
import type { FamilyResults } from '../engine/types';
import { workbookInputFromResults } from './adapter';
import { readZipEntries } from './test-support';
import type { RunFacts } from './types';
import { exportWorkbook } from './workbook';

const scratch = mkdtempSync(join(tmpdir(), 'kpat-check-sheets-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const FACTS: RunFacts = { startedAt: '2026-12-03T08:00:00.000Z', searchSetTitle: 'all.yaml', inputFolder: '/in', appVersion: '0.1.0', outcome: 'complete', skipped: [], failedFiles: [], familiesWithoutWorkbook: [] };

let darwin: FamilyResults;
let workbookPath: string;
let marks: Mark[];

beforeAll(async () => {
  const set = await loadSearchSet(join(LIBRARY_DIR, 'all.yaml'), { libraryDir: LIBRARY_DIR });
  const run = await runEngineInProcess({ startDir: join(TESTDATA_DIR, 'macos'), filespec: '*.txt', searchSet: set });
  darwin = run.families[0] as FamilyResults;
  const system = darwin.systems[0]?.['System Name'] ?? '';
  const fw = darwin.checks.find((c) => c.check === 'Firewall stealth mode on');
  const cell = fw?.results[0];
  if (!fw || !cell) throw new Error('no firewall check');
  const sip = darwin.searches.find((t) => t.search === 'mac_sys_sip');
  marks = [
    {
      key: markKey({ kind: 'check', system, search: fw.search, check: fw.check }),
      target: { kind: 'check', system, search: fw.search, check: fw.check },
      status: 'ok',
      note: 'stealth mode is set by the MDM profile',
      override: { outcome: 'pass', automatic: cell.outcome },
      by: 'auditor',
      at: '2026-12-03T09:00:00.000Z',
      evidence: checkEvidence(cell.outcome, cell.evidence),
      line: cell.evidence[0]?.line ?? null,
    },
    {
      key: markKey({ kind: 'row', system, search: 'mac_sys_sip', text: String(sip?.rows[0]?.[2]) }),
      target: { kind: 'row', system, search: 'mac_sys_sip', text: String(sip?.rows[0]?.[2]) },
      status: 'follow-up',
      note: 'ask for the MDM report',
      override: null,
      by: 'auditor',
      at: '2026-12-03T09:01:00.000Z',
      evidence: [String(sip?.rows[0]?.[2])],
      line: Number(sip?.rows[0]?.[1]),
    },
  ];
  const findings = findingLines(new Set([system]), darwin.checks, marks, {
    checks: checkCells(darwin.checks),
    rowExists: (t) => darwin.searches.some((s) => s.search === t.search && s.rows.some((r) => r[0] === t.system && r[2] === t.text)),
    cellValues: () => null,
  });
  const input = workbookInputFromResults(darwin, FACTS);
  const overrides = new Map([[`${system}\u0000${fw.search}\u0000${fw.check}`, 'pass' as const]]);
  workbookPath = (await exportWorkbook({ ...input, assessment: { checks: darwin.checks, findings, overrides } }, scratch, { timestamp: new Date(2026, 11, 3, 8) })).path;
});

describe('Checks and Findings sheets', () => {
  it('Checks: one row per check with its requirement, one column per system, overrides shown', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(workbookPath);
    expect(wb.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['Summary', 'Systems Summary', 'Checks', 'Findings']);
    const ws = wb.getWorksheet('Checks');
    if (!ws) throw new Error('no Checks sheet');
    expect(ws.getRow(2).values).toEqual([undefined, 'Check', 'Search', 'Severity', 'Requirement', 'macos-13.4.1-kp0.1.0', 'What a fail means']);
    expect(ws.rowCount).toBe(2 + darwin.checks.length);
    const byTitle = new Map<string, ExcelJS.Row>();
    ws.eachRow((row, n) => {
      if (n > 2) byTitle.set(String(row.getCell(1).value), row);
    });
    expect(byTitle.get('FileVault on')?.getCell(5).value).toBe('pass');
    expect(byTitle.get('Minimum password length at least 12')?.getCell(5).value).toBe('fail');
    expect(byTitle.get('Minimum password length at least 12')?.getCell(4).value).toMatch(/PCI DSS v4\.0 8\.3\.6/);
    expect(byTitle.get('Firewall stealth mode on')?.getCell(5).value).toBe('pass (override)');
    expect(String(ws.getCell('A1').value)).toMatch(/^Checks \(20 checks × 1 systems: \d+ pass, \d+ fail/);
    // The system's column holds its name on one line (a wrapped header ran into the first row in LibreOffice's print).
    expect(ws.getColumn(5).width ?? 0).toBeGreaterThan('macos-13.4.1-kp0.1.0'.length);
    // Title, requirement and what a fail means wrap in their columns; the longest title's row is two lines high.
    const audit = byTitle.get('Audit flags cover logins, authorisation and admin actions');
    expect([1, 4, 6].map((c) => audit?.getCell(c).alignment?.wrapText)).toEqual([true, true, true]);
    expect(audit?.height).toBeGreaterThanOrEqual(30);
  });

  it('Findings: every mark and every failed check, with evidence, line, note, status and evidence state', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(workbookPath);
    const ws = wb.getWorksheet('Findings');
    if (!ws) throw new Error('no Findings sheet');
    const rows: Record<string, unknown>[] = [];
    const head = (ws.getRow(2).values as unknown[]).slice(1).map(String);
    ws.eachRow((row, n) => {
      if (n > 2) rows.push(Object.fromEntries(head.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    const override = rows.find((r) => r.Check === 'Firewall stealth mode on');
    expect(override).toMatchObject({ Status: 'ok (override: pass, was fail)', Note: 'stealth mode is set by the MDM profile', By: 'auditor', 'Evidence now': 'current' });
    expect(rows.find((r) => r.Search === 'mac_sys_sip')).toMatchObject({ Status: 'follow-up', 'Evidence now': 'current', Line: expect.any(Number) });
    const failed = darwin.checks.filter((c) => c.results[0]?.outcome === 'fail' && c.check !== 'Firewall stealth mode on');
    for (const c of failed) expect(rows.some((r) => r.Check === c.check && r.Status === 'fail (automatic)'), c.check).toBe(true);
    const brew = rows.filter((r) => r.Check === 'No outdated Homebrew packages');
    expect(brew.length).toBe(20); // evidence rows kept per check
    expect(brew[0]?.Evidence).toMatch(/^System_PendingUpdates-Brew/);
    // Check, requirement, evidence and note wrap in their columns (in print they were cut off by the next cell).
    const wraps = head.map((h) => (ws.getRow(3).getCell(head.indexOf(h) + 1).alignment?.wrapText ? h : null)).filter(Boolean);
    expect(wraps).toEqual(['Check', 'Requirement', 'Evidence', 'Note']);
    expect(head.reduce((n, _h, i) => n + (ws.getColumn(i + 1).width ?? 0), 0)).toBeLessThanOrEqual(280);
    // …and their rows are as high as the wrapped text (LibreOffice keeps an unset height at one line).
    const evidenceWidth = ws.getColumn(head.indexOf('Evidence') + 1).width ?? 0;
    const long: number[] = [];
    ws.eachRow((row, n) => {
      if (n > 2 && String(row.getCell(head.indexOf('Evidence') + 1).value ?? '').length > evidenceWidth) long.push(row.height);
    });
    expect(long.length).toBeGreaterThan(0);
    expect(long.every((h) => h >= 30)).toBe(true);
  });

  it('Summary links to both sheets; every sheet prints landscape, one page wide, header rows repeated, title and page number', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(workbookPath);
    const entries = readZipEntries(workbookPath);
    // The Summary is listed first but written last: its part is the highest-numbered sheet.
    const summaryId = /<sheet sheetId="(\d+)" name="Summary"/.exec(entries.get('xl/workbook.xml') ?? '')?.[1];
    const summaryXml = entries.get(`xl/worksheets/sheet${summaryId}.xml`) ?? '';
    const summaryText = entries.get('xl/sharedStrings.xml') ?? '';
    expect(summaryText).toContain('Checks and findings');
    expect(summaryXml).toContain('location="&apos;Checks&apos;!A1"');
    expect(summaryXml).toContain('location="&apos;Findings&apos;!A1"');
    const sheets = [...entries.keys()].filter((k) => k.startsWith('xl/worksheets/sheet'));
    expect(sheets.length).toBe(wb.worksheets.length);
    for (const name of sheets) {
      const xml = entries.get(name) ?? '';
      expect(xml, name).toContain('<pageSetUpPr fitToPage="1"/>');
      expect(xml, name).toContain('orientation="landscape"');
      expect(xml, name).toContain('fitToWidth="1" fitToHeight="0"');
      expect(xml, name).toContain('&amp;A</oddHeader>');
      expect(xml, name).toContain('Page &amp;P of &amp;N');
    }
    const titles = (entries.get('xl/workbook.xml') ?? '').match(/_xlnm\.Print_Titles/g) ?? [];
    expect(titles.length).toBe(wb.worksheets.length);
  });
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice'].find((p) => existsSync(p));

describe('LibreOffice', () => {
  it.skipIf(!soffice)(soffice ? 'prints the workbook to a sane number of landscape pages (soffice --convert-to pdf)' : 'skipped: soffice is not installed', async () => {
    const out = join(scratch, 'pdf');
    await promisify(execFile)(soffice ?? 'soffice', [`-env:UserInstallation=file://${join(scratch, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', out, workbookPath], {
      timeout: 180_000,
    });
    const pdf = readFileSync(join(out, workbookPath.replace(/^.*\//, '').replace(/\.xlsx$/, '.pdf'))).toString('latin1');
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    // 125 sheets of the macOS results: before the page setup this printed over 300 pages of one column each.
    expect(pages).toBeGreaterThan(20);
    expect(pages).toBeLessThan(200);
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(Number(box?.[1])).toBeGreaterThan(Number(box?.[2]));
  }, 200_000);
});
