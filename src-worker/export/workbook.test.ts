import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_COLUMNS, type Cell, type FamilyResults, type SearchOptionsSummary } from '../engine/types';
import { REFERENCE_FAMILIES } from '../engine/testing/reference';
import { workbookInputFromResults } from './adapter';
import { columnLetter } from './layout';
import { readZipEntries, referenceResults } from './test-support';
import type { ExportResult, RunFacts, SheetSource, WorkbookInput } from './types';
import { exportWorkbook, resolveLimits } from './workbook';

const FACTS: RunFacts = {
  startedAt: '2026-01-02T03:04:05.000Z',
  searchSetTitle: 'audit-all.yaml',
  inputFolder: '/audits/2026',
  appVersion: '0.1.0-test',
  outcome: 'partial: 1 of 4 files could not be searched; a search was left out of 1 of 4 files',
  skipped: [{ filePath: '/audits/2026/notes.txt', relPath: 'notes.txt', reason: 'not a collection-script result' }],
  failedFiles: [
    { relPath: 'broken.txt', reason: 'read error' },
    { relPath: 'runaway.txt', reason: 'search "x" left out: it ran past the 5 s watchdog (a runaway regex?)', partial: true },
  ],
  familiesWithoutWorkbook: [{ family: 'Darwin', reason: 'no search of the set applies to macOS systems (1 system searched)' }],
};
const TIMESTAMP = new Date(2026, 0, 2, 3, 4, 5);
const OPTIONS: SearchOptionsSummary = {
  maxResults: -1,
  onlyMatching: true,
  unique: false,
  fullScan: false,
  multiline: false,
  showMissing: false,
  fieldList: [],
  format: null,
};

const scratch = mkdtempSync(join(tmpdir(), 'kpat-export-'));
let dirCount = 0;
function freshDir(): string {
  dirCount += 1;
  return join(scratch, `out-${dirCount}`);
}
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Plain = string | number | boolean | null;
/** A read-back cell value as plain data (inline strings and links as their text). */
function plain(value: ExcelJS.CellValue): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('formula' in value || 'sharedFormula' in value) throw new Error('formula cell');
    return JSON.stringify(value);
  }
  return value as Plain;
}

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function sheet(wb: ExcelJS.Workbook, title: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(title);
  if (!ws) throw new Error(`no sheet ${title}`);
  return ws;
}

function rowValues(ws: ExcelJS.Worksheet, row: number, width: number): Plain[] {
  return Array.from({ length: width }, (_, c) => plain(ws.getRow(row).getCell(c + 1).value));
}

/** Worksheet XML by sheet title, through workbook.xml and its relationships. */
function sheetXmlByTitle(path: string): Map<string, string> {
  const zip = readZipEntries(path);
  const rels = new Map<string, string>();
  for (const m of (zip.get('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship Id="([^"]+)" Type="[^"]+" Target="([^"]+)"/g)) {
    rels.set(m[1] ?? '', m[2] ?? '');
  }
  const out = new Map<string, string>();
  for (const m of (zip.get('xl/workbook.xml') ?? '').matchAll(/<sheet sheetId="\d+" name="([^"]+)" state="visible" r:id="([^"]+)"\/>/g)) {
    const title = (m[1] ?? '').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
    out.set(title, zip.get(`xl/${rels.get(m[2] ?? '')}`) ?? '');
  }
  return out;
}

function source(sheetTitle: string, header: string[], rows: Cell[][] | (() => AsyncIterable<Cell[]> | Iterable<Cell[]>), extra: Partial<SheetSource> = {}): SheetSource {
  const list = typeof rows === 'function' ? null : rows;
  return {
    search: `search_${sheetTitle}`,
    sheet: sheetTitle,
    comment: `Comment of ${sheetTitle}`,
    header,
    options: OPTIONS,
    totalRows: list?.length ?? 0,
    systemsWithHits: list ? new Set(list.map((r) => r[0])).size : 0,
    rows: typeof rows === 'function' ? rows : () => rows,
    ...extra,
  };
}

function input(searches: SheetSource[]): WorkbookInput {
  const systems = referenceResults('Linux').systems;
  return { family: 'Linux', systems, searches, facts: FACTS };
}

const BASE = ['System Name', 'Line Number', 'Matched Text'];

function syntheticRows(n: number, width = 3): Cell[][] {
  return Array.from({ length: n }, (_, i) => [`sys-${i % 3}`, i + 1, `line ${i + 1}`, ...Array.from({ length: width - 3 }, (_, c) => `f${c}-${i}`)]);
}

describe.each(REFERENCE_FAMILIES)('%s reference results written and read back', (family) => {
  let results: FamilyResults;
  let written: ExportResult;
  let wb: ExcelJS.Workbook;
  let xml: Map<string, string>;

  beforeAll(async () => {
    results = referenceResults(family);
    written = await exportWorkbook(workbookInputFromResults(results, FACTS), freshDir(), { timestamp: TIMESTAMP });
    wb = await readBack(written.path);
    xml = sheetXmlByTitle(written.path);
  });

  it('is named by family and local timestamp and reports what it wrote', () => {
    expect(written.path.endsWith(`${family}_search_results-20260102-030405.xlsx`)).toBe(true);
    expect(written.sheets).toBe(results.searches.length + 2);
    expect(written.rows).toBe(results.searches.reduce((n, s) => n + s.rows.length, 0));
    expect(written.truncatedCells).toBe(0);
    expect(written.continuationSheets).toBe(0);
  });

  it('has Summary, Systems Summary, then one sheet per search in order', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Systems Summary', ...results.searches.map((s) => s.sheet)]);
  });

  it('has headers and rows equal to the input, header frozen, autofilter on the table', () => {
    for (const s of results.searches) {
      const ws = sheet(wb, s.sheet);
      if (s.rows.length === 0) continue;
      expect(plain(ws.getCell('A1').value)).toBe(s.comment ?? null);
      expect(rowValues(ws, 3, s.header.length)).toEqual(s.header);
      s.rows.forEach((r, i) => {
        const expected = r.map((v) => (v === '' ? null : v));
        expect(rowValues(ws, 4 + i, s.header.length), `${s.sheet} row ${i + 1}`).toEqual(expected);
      });
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.autoFilter).toBe(`A3:${columnLetter(s.header.length)}${3 + s.rows.length}`);
      expect(typeof ws.getCell('B4').value).toBe('number');
    }
  });

  it('lays out zero-result sheets as SPEC §5.7 with the message styled (Q7 fixed)', () => {
    const empty = results.searches.filter((s) => s.rows.length === 0);
    for (const s of empty) {
      const ws = sheet(wb, s.sheet);
      expect(plain(ws.getCell('A3').value)).toBe('Search Results');
      expect(plain(ws.getCell('A4').value)).toBe('No matches found for this search configuration');
      expect(ws.getCell('A4').font).toMatchObject({ italic: true, color: { argb: 'FF808080' } });
      expect(ws.getCell('A3').font?.italic).not.toBe(true);
      expect(ws.getColumn(1).width).toBe(50);
    }
  });

  it('puts the metadata block right of the table', () => {
    const s = results.searches.find((t) => t.rows.length > 0);
    if (!s) throw new Error('no search with rows');
    const ws = sheet(wb, s.sheet);
    const label = s.header.length + 2;
    expect(plain(ws.getRow(3).getCell(label).value)).toBe('Search Configuration:');
    expect(plain(ws.getRow(4).getCell(label + 1).value)).toBe(s.search);
    expect(plain(ws.getRow(5).getCell(label).value)).toBe('Total Results:');
    expect(plain(ws.getRow(5).getCell(label + 1).value)).toBe(s.rows.length);
    expect(plain(ws.getRow(7).getCell(label + 1).value)).toBe('Unlimited');
  });

  it('summarises each search on the Summary sheet, the sheet name linking to its sheet', () => {
    const ws = sheet(wb, 'Summary');
    expect(plain(ws.getCell('A1').value)).toBe('Search Results Summary');
    expect(rowValues(ws, 2, 5)).toEqual(['Search Name', 'Sheet Name', 'Total Results', 'Unique Systems', 'Has Extracted Fields']);
    const summaryXml = xml.get('Summary') ?? '';
    results.searches.forEach((s, i) => {
      const systems = new Set(s.rows.map((r) => r[0])).size;
      expect(rowValues(ws, 3 + i, 5)).toEqual([s.search, s.sheet, s.rows.length, systems, s.header.length > 3]);
      expect(summaryXml).toContain(`<hyperlink ref="B${3 + i}" location="&apos;${s.sheet}&apos;!A1"/>`);
    });
    const facts = new Map<Plain, Plain>();
    ws.eachRow((row) => facts.set(plain(row.getCell(1).value), plain(row.getCell(2).value)));
    expect(facts.get('Search set')).toBe('audit-all.yaml');
    expect(facts.get('Input folder')).toBe('/audits/2026');
    expect(facts.get('Systems')).toBe(results.systems.length);
    expect(facts.get('Application version')).toBe('0.1.0-test');
    expect(facts.get('Outcome')).toBe('partial: 1 of 4 files could not be searched; a search was left out of 1 of 4 files');
    expect(facts.get('notes.txt')).toBe('not a collection-script result');
    expect(facts.get('broken.txt')).toBe('read error');
    // A file with a search left out was searched: it is counted and listed apart from the failed ones.
    const counts = new Map<Plain, Plain>();
    // The first of each label: the lists further down are titled the same.
    ws.eachRow((row) => counts.set(plain(row.getCell(1).value), counts.get(plain(row.getCell(1).value)) ?? plain(row.getCell(2).value)));
    expect([counts.get('Failed files'), counts.get('Partly searched files'), counts.get('Skipped files')]).toEqual([1, 1, 1]);
    expect(facts.get('runaway.txt')).toBe('search "x" left out: it ran past the 5 s watchdog (a runaway regex?)');
    expect(facts.get('Darwin')).toBe('no search of the set applies to macOS systems (1 system searched)');
  });

  it('lists the systems with host name and SHA-384', () => {
    const ws = sheet(wb, 'Systems Summary');
    expect(plain(ws.getCell('A1').value)).toBe(`Systems Summary (${results.systems.length} systems discovered)`);
    expect(rowValues(ws, 2, SYSTEM_COLUMNS.length)).toEqual([...SYSTEM_COLUMNS]);
    results.systems.forEach((s, i) => {
      expect(rowValues(ws, 3 + i, SYSTEM_COLUMNS.length)).toEqual(SYSTEM_COLUMNS.map((c) => (s[c] === '' ? null : s[c])));
    });
    // Then the files that are not systems of the workbook: failed and skipped, with their reasons.
    const below = 3 + results.systems.length + 1;
    expect(plain(ws.getCell(`A${below}`).value)).toBe('Files not searched, or searched in part (3)');
    expect(rowValues(ws, below + 1, 3)).toEqual(['File', 'Status', 'Reason']);
    expect(rowValues(ws, below + 2, 3)).toEqual(['broken.txt', 'failed', 'read error']);
    expect(rowValues(ws, below + 3, 3)).toEqual(['runaway.txt', 'partial', 'search "x" left out: it ran past the 5 s watchdog (a runaway regex?)']);
    expect(rowValues(ws, below + 4, 3)).toEqual(['notes.txt', 'skipped', 'not a collection-script result']);
  });

  it('has no formula cells, text only as shared or inline strings, and a link back on every result sheet', () => {
    for (const [title, sheetXml] of xml) {
      expect(sheetXml, title).not.toMatch(/<f[ >]/);
      expect(sheetXml, title).not.toContain('t="str"');
      if (title !== 'Summary' && title !== 'Systems Summary') {
        expect(sheetXml, title).toContain(`<hyperlink ref="A2" location="&apos;Summary&apos;!A1"/>`);
      }
    }
  });

  it('writes multi-line records with real line breaks, wrapped', () => {
    const s = results.searches.find((t) => t.rows.some((r) => String(r[2]).includes('\n')));
    if (!s) return;
    const i = s.rows.findIndex((r) => String(r[2]).includes('\n'));
    const cell = sheet(wb, s.sheet).getCell(`C${4 + i}`);
    expect(plain(cell.value)).toContain('\n');
    expect(plain(cell.value)).not.toContain('\r');
    expect(cell.alignment).toMatchObject({ wrapText: true, vertical: 'top' });
  });
});

describe('cell values', () => {
  const tricky: Cell[][] = [
    ['sys-a', 1, "=cmd|' /C calc'!A0"],
    ['sys-a', 2, '+1+2'],
    ['sys-a', 3, '-5'],
    ['sys-a', 4, '@SUM(A1)'],
    ['sys-a', 5, 'bell\x07 and nul\x00 gone'],
    ['sys-a', 6, 'first\nsecond\nthird'],
    ['sys-a', '7', 'literal _x000D_ stays'],
    ['sys-a', 8, '2023-06-21 10:10:53 and 6/21/2023'],
  ];
  let path: string;
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    path = (await exportWorkbook(input([source('Tricky', BASE, tricky)]), freshDir(), { timestamp: TIMESTAMP })).path;
    wb = await readBack(path);
  });

  it('keeps formula-looking values as text (Q18)', () => {
    const ws = sheet(wb, 'Tricky');
    expect(rowValues(ws, 4, 3)).toEqual(['sys-a', 1, "=cmd|' /C calc'!A0"]);
    expect(plain(ws.getCell('C5').value)).toBe('+1+2');
    expect(plain(ws.getCell('C6').value)).toBe('-5');
    expect(plain(ws.getCell('C7').value)).toBe('@SUM(A1)');
    for (let r = 4; r <= 11; r += 1) expect(ws.getCell(`C${r}`).type).not.toBe(ExcelJS.ValueType.Formula);
    const xml = sheetXmlByTitle(path).get('Tricky') ?? '';
    expect(xml).toContain(`<c r="C4" s="`);
    expect(xml).toMatch(/<c r="C4" s="\d+" t="inlineStr"><is><t xml:space="preserve">=cmd\|' \/C calc'!A0<\/t><\/is><\/c>/);
    expect(xml).not.toMatch(/<f[ >]/);
  });

  it('removes control characters, keeps line breaks, line numbers numeric, dates as found (Q20)', () => {
    const ws = sheet(wb, 'Tricky');
    expect(plain(ws.getCell('C8').value)).toBe('bell and nul gone');
    expect(plain(ws.getCell('C9').value)).toBe('first\nsecond\nthird');
    expect(ws.getRow(9).height).toBe(45);
    expect(ws.getRow(8).height).toBe(15);
    expect(ws.getCell('B10').value).toBe(7);
    // Excel decodes _xHHHH_ in strings, so the writer escapes the underscore (_x005F_); exceljs's
    // reader does not decode inline strings, LibreOffice does (checked in the LibreOffice test).
    expect(sheetXmlByTitle(path).get('Tricky')).toContain('>literal _x005F_x000D_ stays<');
    expect(plain(ws.getCell('C11').value)).toBe('2023-06-21 10:10:53 and 6/21/2023');
  });
});

describe('progress', () => {
  it('tells each sheet as it starts, rows every few hundred, then finishing with every row', async () => {
    const seen: { step: string; sheet: string | null; rowsWritten: number }[] = [];
    const sources = [source('First', BASE, syntheticRows(600)), source('Empty', BASE, []), source('Last', BASE, syntheticRows(5))];
    const result = await exportWorkbook(input(sources), freshDir(), { timestamp: TIMESTAMP, onProgress: (p) => seen.push(p) });
    expect(result.rows).toBe(605);
    expect(seen.at(-1)).toEqual({ step: 'finishing', sheet: null, rowsWritten: 605 });
    const sheets = seen.filter((p) => p.step === 'sheets');
    expect([...new Set(sheets.map((p) => p.sheet))]).toEqual(['First', 'Empty', 'Last']);
    // The rows of the first sheet are told while it is written (every 256), not only at its end.
    expect(sheets.filter((p) => p.sheet === 'First').map((p) => p.rowsWritten)).toEqual([0, 256, 512]);
    const counts = seen.map((p) => p.rowsWritten);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});

describe('limits', () => {
  it('continues a full sheet on (2), (3) sheets, listed in the Summary', async () => {
    const rows = syntheticRows(25);
    async function* slowly(): AsyncIterable<Cell[]> {
      for (const r of rows) yield r;
    }
    const sources = [source('Big', BASE, slowly, { totalRows: 25, systemsWithHits: 3 }), source('Big(2)', BASE, syntheticRows(2))];
    const result = await exportWorkbook(input(sources), freshDir(), { timestamp: TIMESTAMP, limits: { maxRowsPerSheet: 12 } });
    expect(result.continuationSheets).toBe(2);
    expect(result.rows).toBe(27);
    const wb = await readBack(result.path);
    const names = wb.worksheets.map((w) => w.name);
    expect(names.slice(0, 3)).toEqual(['Summary', 'Systems Summary', 'Big']);
    const parts = names.slice(2, 5);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    expect(names).toContain('Big(2)');
    for (const n of names) expect(n.length).toBeLessThanOrEqual(31);
    const readRows: Plain[][] = [];
    for (const title of parts) {
      const ws = sheet(wb, title);
      expect(rowValues(ws, 3, 3)).toEqual(BASE);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
      expect(ws.rowCount).toBeLessThanOrEqual(12);
      for (let r = 4; r <= 12; r += 1) if (ws.getCell(`A${r}`).value !== null) readRows.push(rowValues(ws, r, 3));
    }
    expect(readRows).toEqual(rows);
    expect(sheet(wb, parts[1] ?? '').autoFilter).toBe('A3:C12');
    expect(sheet(wb, parts[2] ?? '').autoFilter).toBe('A3:C10');
    const summary = sheet(wb, 'Summary');
    expect(rowValues(summary, 3, 4)).toEqual(['search_Big', 'Big', 25, 3]);
    const listed: Plain[] = [];
    summary.eachRow((row) => {
      if (plain(row.getCell(2).value) === 'Big' && plain(row.getCell(3).value) !== 25) listed.push(plain(row.getCell(1).value));
    });
    expect(listed).toEqual(parts.slice(1));
    const summaryXml = sheetXmlByTitle(result.path).get('Summary') ?? '';
    for (const title of parts.slice(1)) expect(summaryXml).toContain(`location="&apos;${title}&apos;!A1"`);
  });

  it('cuts cells over the limit with a visible marker and counts them in the Summary', async () => {
    const long = 'L'.repeat(500);
    const rows: Cell[][] = [
      ['sys', 1, long],
      ['sys', 2, 'M'.repeat(90)],
      ['sys', 3, 'N'.repeat(1000)],
    ];
    const result = await exportWorkbook(input([source('Long', BASE, rows)]), freshDir(), { timestamp: TIMESTAMP, limits: { maxCellChars: 100 } });
    expect(result.truncatedCells).toBe(2);
    const wb = await readBack(result.path);
    const ws = sheet(wb, 'Long');
    const cut = String(plain(ws.getCell('C4').value));
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut).toMatch(/^L+… \[truncated \d+ chars\]$/);
    expect(plain(ws.getCell('C5').value)).toBe('M'.repeat(90));
    const facts = new Map<Plain, Plain>();
    sheet(wb, 'Summary').eachRow((row) => facts.set(plain(row.getCell(1).value), plain(row.getCell(2).value)));
    expect(facts.get('Cells cut to 100 characters')).toBe(2);
    expect(facts.get('Long')).toBe(2);
  });

  it('writes the metadata block past column Z with proper letters (Q15)', async () => {
    const header = [...BASE, ...Array.from({ length: 27 }, (_, i) => `field_${i}`)];
    const rows = syntheticRows(4, header.length);
    const result = await exportWorkbook(input([source('Wide', header, rows)]), freshDir(), { timestamp: TIMESTAMP });
    const ws = sheet(await readBack(result.path), 'Wide');
    expect(header.length).toBe(30);
    expect(plain(ws.getCell('AF3').value)).toBe('Search Configuration:');
    expect(plain(ws.getCell('AF5').value)).toBe('Total Results:');
    expect(plain(ws.getCell('AG5').value)).toBe(4);
    expect(plain(ws.getCell('AF11').value)).toBe(null);
    expect(plain(ws.getCell('AF10').value)).toBe('Full Scan:');
    expect(ws.autoFilter).toBe('A3:AD7');
    expect(rowValues(ws, 7, 30)).toEqual(rows[3]);
  });

  it('writes a workbook without searches', async () => {
    const result = await exportWorkbook(input([]), freshDir(), { timestamp: TIMESTAMP });
    expect(result).toMatchObject({ sheets: 2, rows: 0, truncatedCells: 0, continuationSheets: 0 });
    expect((await readBack(result.path)).worksheets.map((w) => w.name)).toEqual(['Summary', 'Systems Summary']);
  });

  it('rejects limits Excel or the layout cannot take', () => {
    expect(() => resolveLimits({ maxRowsPerSheet: 5 })).toThrow(/maxRowsPerSheet/);
    expect(() => resolveLimits({ maxRowsPerSheet: 2_000_000 })).toThrow(/maxRowsPerSheet/);
    expect(() => resolveLimits({ maxCellChars: 40_000 })).toThrow(/maxCellChars/);
    expect(resolveLimits(undefined)).toEqual({ maxRowsPerSheet: 1_048_576, maxCellChars: 32_767 });
  });
});

describe('atomic output', () => {
  function failingRows(after: number, fail: () => never): () => Iterable<Cell[]> {
    return function* rows() {
      for (let i = 0; i < after * 10; i += 1) {
        if (i === after) fail();
        yield [`sys-${i % 2}`, i + 1, `row ${i}`];
      }
    };
  }

  it('leaves no workbook and no temporary file when rows fail mid-export', async () => {
    const dir = freshDir();
    let partial: string[] = [];
    const broken = source('Broken', BASE, failingRows(3000, () => {
      partial = readdirSync(dir);
      throw new Error('disk source vanished');
    }));
    await expect(exportWorkbook(input([source('Fine', BASE, syntheticRows(50)), broken]), dir, { timestamp: TIMESTAMP })).rejects.toThrow(
      'disk source vanished',
    );
    // The temporary file existed while rows were written, and is gone.
    expect(partial).toEqual([expect.stringMatching(/^\.Linux_search_results-20260102-030405\.xlsx\..*\.partial$/)]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves nothing behind when cancelled mid-export', async () => {
    const dir = freshDir();
    const controller = new AbortController();
    const cancelled = source('Cancelled', BASE, failingRows(2000, () => {
      controller.abort();
      // The exporter notices the signal at its next check; keep producing rows until then.
      return undefined as never;
    }));
    await expect(exportWorkbook(input([cancelled]), dir, { timestamp: TIMESTAMP, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does nothing when cancelled before it starts', async () => {
    const dir = freshDir();
    await expect(exportWorkbook(input([]), dir, { timestamp: TIMESTAMP, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(existsSync(dir)).toBe(false);
  });

  it('names an output folder that cannot be written, before any work', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    let pulled = false;
    const src = source('X', BASE, () => {
      pulled = true;
      return syntheticRows(1);
    });
    await expect(exportWorkbook(input([src]), join(file, 'sub'), { timestamp: TIMESTAMP })).rejects.toThrow(`Output folder ${join(file, 'sub')}`);
    await expect(exportWorkbook(input([src]), file, { timestamp: TIMESTAMP })).rejects.toThrow(`Output folder ${file}`);
    expect(pulled).toBe(false);
  });

  it('rejects clashing sheet titles and malformed rows with the search named, leaving no file', async () => {
    const dir = freshDir();
    await expect(exportWorkbook(input([source('summary', BASE, [])]), dir, { timestamp: TIMESTAMP })).rejects.toThrow(/search "search_summary"/);
    await expect(exportWorkbook(input([source('A', BASE, []), source('a', BASE, [])]), dir, { timestamp: TIMESTAMP })).rejects.toThrow(
      /used twice/,
    );
    await expect(exportWorkbook(input([source('W', BASE, [['s', 1, 'x', 'extra']])]), dir, { timestamp: TIMESTAMP })).rejects.toThrow(
      /search_W.*4 cells for 3 columns/,
    );
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});

const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice'].find((p) => existsSync(p));

describe('LibreOffice', () => {
  it.skipIf(!soffice)(
    soffice ? 'opens the workbook and reads text as text (soffice --convert-to csv)' : 'skipped: soffice (LibreOffice) is not installed',
    async () => {
      const dir = freshDir();
      const rows: Cell[][] = [
        ['sys-a', 1, "=cmd|' /C calc'!A0"],
        ['sys-b', 2, 'two\nlines'],
        ['sys-c', 3, 'literal _x000D_ stays'],
      ];
      const { path } = await exportWorkbook(input([source('Tricky', BASE, rows)]), dir, { timestamp: TIMESTAMP });
      const csvDir = join(dir, 'csv');
      // Filter options: comma, double quote, UTF-8, …, last token -1 = every sheet to its own file.
      const filter = 'csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1';
      await promisify(execFile)(
        soffice ?? 'soffice',
        [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless', '--convert-to', filter, '--outdir', csvDir, path],
        { timeout: 120_000 },
      );
      const base = path.replace(/^.*\//, '').replace(/\.xlsx$/, '');
      const summary = readFileSync(join(csvDir, `${base}-Summary.csv`), 'utf8');
      expect(summary.split('\n')[0]).toContain('Search Results Summary');
      const tricky = readFileSync(join(csvDir, `${base}-Tricky.csv`), 'utf8');
      expect(tricky).toContain(`\nsys-a,1,=cmd|' /C calc'!A0,`);
      expect(tricky).toContain('\nsys-b,2,"two\nlines",');
      expect(tricky).toContain('\nsys-c,3,literal _x000D_ stays,');
    },
  );
});
