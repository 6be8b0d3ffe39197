// The results grid as an auditor uses it: resize and hide columns (System Name stays in view when
// scrolling sideways), filter by the values of a column, export exactly the filtered view (CSV
// and XLSX), copy selected rows, step through rows in the drawer.
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { test, expect, type KpatFixture } from './fixtures';
import { chooseSearchFile, openFolder, showSearch } from './support/flows';
import { auditAllYaml, referenceDir, referenceSystems, screenshotsDir, testdataDir } from './support/paths';

const SEARCH = '07_users_05_etc_group';

// Runs in the page: what the grid writes to the clipboard, kept for the test to read.
const COPY_SPY = `(() => {
  window.__copied = [];
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t) => { window.__copied.push(t); } } });
})()`;

/** A run of the reference files, its grid of SEARCH shown; answers the page and the search's row count. */
async function runAndShowSearch(kpat: KpatFixture): Promise<{ page: Page; all: number }> {
  const app = await kpat.launch({ pickFolder: testdataDir, pickFile: auditAllYaml });
  const page = app.page;
  // Wide enough that the columns fitted to their content end in view (their edges can be dragged).
  await page.setViewportSize({ width: 1280, height: 800 });
  await openFolder(page, 6);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  return { page, all: await showSearch(page, 'Linux', SEARCH) };
}

/** A workbook the test made, kept beside the screenshots to be opened and looked at. */
async function keepWorkbook(path: string, name: string): Promise<void> {
  await mkdir(screenshotsDir, { recursive: true });
  await copyFile(path, join(screenshotsDir, name));
}

test('resize and hide columns, System Name frozen; a value filter; CSV export of the filtered view equals its rows', async ({ kpat }) => {
  const { page, all } = await runAndShowSearch(kpat);

  // Widen Matched Text by dragging its edge (once the columns are fitted to the first rows), hide Line Number.
  await expect(page.getByTestId('search-table')).toHaveAttribute('data-fitted', 'true');
  const header = (name: string) => page.locator(`[data-testid="column-header"][data-column="${name}"]`);
  const before = (await header('Matched Text').boundingBox())?.width ?? 0;
  const edge = await page.locator('[data-testid="column-resize"][data-column="Matched Text"]').boundingBox();
  if (!edge) throw new Error('no resize handle');
  await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
  await page.mouse.down();
  await page.mouse.move(edge.x + 400, edge.y + edge.height / 2, { steps: 5 });
  await page.mouse.up();
  expect((await header('Matched Text').boundingBox())?.width ?? 0).toBeGreaterThan(before + 300);
  await page.getByTestId('columns-button').click();
  await page.locator('[data-testid="column-toggle"][data-column="Line Number"]').uncheck();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('column-chooser')).toHaveCount(0);
  await expect(header('Line Number')).toHaveCount(0);

  // Scrolled to the far right, the System Name cells are still where they were.
  const body = page.getByTestId('search-table-body');
  const firstSystem = page.getByTestId('search-table-row').first().getByRole('gridcell').first();
  const x0 = (await firstSystem.boundingBox())?.x ?? 0;
  await body.evaluate((el) => (el.scrollLeft = el.scrollWidth));
  await expect.poll(() => body.evaluate((el) => el.scrollLeft)).toBeGreaterThan(200);
  expect((await firstSystem.boundingBox())?.x).toBeCloseTo(x0, 0);
  await expect(firstSystem).toBeInViewport();
  await expect(header('System Name')).toBeInViewport();
  await kpat.screenshot(page, 'grid-resized-scrolled');

  // Value filter: only the group "root" (one per Linux system).
  await header('groupname').getByTestId('value-filter-button').click();
  await expect(page.getByTestId('value-picker')).toBeVisible();
  await page.getByTestId('value-picker-find').fill('root');
  await page.getByText('None', { exact: true }).click();
  await page.locator('[data-testid="value-option"][data-value="root"]').check();
  await page.getByTestId('value-picker-apply').click();
  const expected = JSON.parse(await readFile(`${referenceDir}/expected/Linux.json`, 'utf8')) as { searches: { search: string; header: string[]; rows: string[][] }[] };
  const table = expected.searches.find((s) => s.search === SEARCH);
  if (!table) throw new Error(`${SEARCH} missing`);
  const present = new Set(referenceSystems());
  const rootRows = table.rows.filter((r) => r[3] === 'root' && present.has(r[0] as string));
  await expect(page.getByTestId('table-total')).toHaveText(`${rootRows.length} of ${all} rows`);

  // Export what is shown: the header of the columns shown, then the filtered rows.
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const file = await (await download).path();
  const csv = await readFile(file, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe('System Name,Matched Text,groupname,gid,members');
  expect(lines.slice(1).sort()).toEqual(rootRows.map((r) => [r[0], r[2], r[3], r[4], r[5]].join(',')).sort());
  await kpat.screenshotViews(page, 'grid-value-filtered');

  // The same view as XLSX, sorted by System Name descending: the host writes it beside the run's
  // workbooks and the browser downloads it; its rows are the view's rows in the view's order.
  await header('System Name').getByTestId('sort-column').click();
  await header('System Name').getByTestId('sort-column').click();
  await expect(header('System Name')).toHaveAttribute('aria-sort', 'descending');
  const xlsxDownload = page.waitForEvent('download');
  await page.getByTestId('export-xlsx').click();
  const xlsx = await xlsxDownload;
  expect(xlsx.suggestedFilename()).toMatch(new RegExp(`^Linux_${SEARCH}-view-\\d{8}-\\d{6}\\.xlsx$`));
  await expect(page.getByTestId('grid-note')).toContainText(`${rootRows.length} rows exported as XLSX: ${kpat.outDir}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await xlsx.path());
  const ws = wb.worksheets[0] as ExcelJS.Worksheet;
  expect([1, 2, 3, 4, 5].map((c) => ws.getRow(3).getCell(c).value)).toEqual(['System Name', 'Matched Text', 'groupname', 'gid', 'members']);
  const sheetRows = Array.from({ length: rootRows.length }, (_, i) => [1, 2, 3, 4, 5].map((c) => String(ws.getRow(4 + i).getCell(c).value ?? '')));
  const shown = await page.getByTestId('search-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('[role=gridcell]')].map((c) => c.getAttribute('title') ?? '')));
  expect(sheetRows).toEqual(shown);
  expect(sheetRows.map((r) => r[0])).toEqual([...sheetRows.map((r) => r[0])].sort().reverse());
  await keepWorkbook(await xlsx.path(), 'grid-view-export.xlsx');
});

test('rows selected with shift- and ctrl-click copy as TSV; the row drawer steps to the previous and next row', async ({ kpat }) => {
  const { page } = await runAndShowSearch(kpat);
  await page.evaluate(COPY_SPY);
  const row = (i: number) => page.locator(`[data-testid="search-table-row"][data-row-index="${i}"]`);
  const texts = async (i: number) => row(i).getByRole('gridcell').evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? ''));

  // The drawer: ↓ twice and ↑ once from row 1 shows row 2, and the grid's active row follows.
  await row(0).click();
  await expect(page.getByTestId('row-detail')).toContainText('Row 1 of');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('row-detail')).toContainText('Row 2 of');
  await expect(page.getByTestId('row-detail-text')).toHaveText((await texts(1))[2] ?? '');
  await expect(row(1)).toHaveClass(/is-active/);
  await page.getByTestId('row-detail-next').click();
  await expect(page.getByTestId('row-detail')).toHaveAttribute('data-row-index', '2');
  await kpat.screenshotViews(page, 'grid-row-drawer');
  await page.getByTestId('row-detail-close').click();

  // From the drawer's last row (the 3rd) shift-click to the 5th, ctrl-click the 9th: Ctrl+C puts them, with the header, on the clipboard.
  await row(4).click({ modifiers: ['Shift'] });
  await row(8).click({ modifiers: ['Control'] });
  await expect(page.getByTestId('selection-count')).toContainText('4 selected');
  await kpat.screenshotViews(page, 'grid-rows-selected');
  await page.getByTestId('search-table-body').press('Control+c');
  await expect(page.getByTestId('grid-note')).toHaveText('4 rows copied (tab-separated, with the header).');
  const copied = (await page.evaluate('window.__copied')) as string[];
  const headerLine = (await page.getByTestId('column-header').evaluateAll((h) => h.map((c) => c.getAttribute('data-column')))).join('\t');
  expect(copied.at(-1)).toBe([headerLine, ...(await Promise.all([2, 3, 4, 8].map(async (i) => (await texts(i)).join('\t'))))].join('\r\n'));
});
