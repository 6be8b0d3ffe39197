// Marks and the report in the UI: the auditor overrides a failed check and marks a row, the marks
// are saved beside the run (kpat-findings.json in the output folder), and after a reload of the
// page (the run reopened from its files) they are there again, their evidence still current; the
// report is printed with the browser and exported beside the workbooks with the marks in it. A
// cell of the Compare view is marked too, and comes back in the report and the next run's workbook.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder, showSearch } from './support/flows';
import { SSHD_SEARCH, writeSshdFleet } from './support/sshd-fleet';
import { testdataDir } from './support/paths';

const LINUX = join(testdataDir, 'linux');
const CHECK = 'Root cannot log in over SSH';

async function runLinux(page: import('@playwright/test').Page): Promise<void> {
  await openFolder(page, 2);
  await page.locator('[data-testid="search-set-option"][data-ref="builtin:linux"]').click();
  await expect(page.getByTestId('search-count')).toContainText(/\d+/);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
}

/** Waits for the drawer's slide-in to end (a screenshot mid-animation shows it half transparent). */
async function settled(page: import('@playwright/test').Page, testId: string): Promise<void> {
  // Kept as text: this project's Node type-check has no DOM types.
  await page.getByTestId(testId).evaluate('(el) => Promise.all(el.getAnimations().map((a) => a.finished))');
}

test('override a failed check, mark a row, reload: the marks are there; print and export the report', async ({ kpat }) => {
  const app = await kpat.launch({ pickFolder: LINUX });
  const page = app.page;
  await runLinux(page);

  // Override a failed check with a note.
  await page.getByTestId('results-tab-checks').click();
  const failed = page.locator(`[data-testid="check-cell"][data-check="${CHECK}"][data-outcome="fail"]`).first();
  const system = (await failed.getAttribute('data-system')) as string;
  await failed.click();
  await expect(page.getByTestId('check-detail-outcome')).toHaveText('fail');
  await expect(page.getByTestId('check-evidence')).toContainText('permitrootlogin');
  await page.getByTestId('mark-status-ok').check({ force: true });
  await page.getByTestId('mark-override').selectOption('pass');
  await page.getByTestId('mark-note').fill('Root login is only reachable from the jump host (firewall rule 12)');
  await page.getByTestId('mark-save').click();
  const cell = page.locator(`[data-testid="check-cell"][data-check="${CHECK}"][data-system="${system}"]`);
  await expect(cell).toHaveAttribute('data-outcome', 'pass');
  await expect(cell).toHaveAttribute('data-mark', 'ok');
  await expect(cell).toHaveText(/pass\*/);
  await expect(page.getByTestId('mark-meta')).toContainText('overrides fail with pass');
  await settled(page, 'check-detail');
  await kpat.screenshot(page, 'marks-check-override');
  await page.getByTestId('check-detail-close').click();

  // Mark a row of a search.
  expect(await showSearch(page, 'Linux', 'linux_ssh_root_login')).toBeGreaterThan(0);
  await page.getByTestId('search-table-row').first().click();
  const rowText = (await page.getByTestId('row-detail-text').textContent()) as string;
  await page.getByTestId('mark-status-follow-up').check({ force: true });
  await page.getByTestId('mark-note').fill('Ask the admins why this differs from the baseline');
  await page.getByTestId('mark-save').click();
  await expect(page.getByTestId('mark-meta')).toContainText('Evidence as marked');
  await expect(page.getByTestId('search-table-row').first()).toHaveAttribute('data-mark', 'follow-up');
  await expect(page.locator('[data-testid="search-table-row"][data-mark]')).toHaveCount(1);
  await settled(page, 'row-detail');
  await kpat.screenshot(page, 'marks-row');

  // Saved beside the run, with who and when, the override keeping the automatic outcome.
  const saved = JSON.parse(readFileSync(join(kpat.outDir, 'kpat-findings.json'), 'utf8')) as { marks: { target: { kind: string; text?: string }; override: unknown; by: string; at: string }[] };
  expect(saved.marks.map((m) => m.target.kind).sort()).toEqual(['check', 'row']);
  expect(saved.marks.find((m) => m.target.kind === 'check')?.override).toEqual({ outcome: 'pass', automatic: 'fail' });
  expect(saved.marks.find((m) => m.target.kind === 'row')?.target.text).toBe(rowText);
  for (const m of saved.marks) expect(m.by.length > 0 && !Number.isNaN(Date.parse(m.at))).toBe(true);

  // Reload the page: the last results come back (reopened from the run's files), the marks with them.
  await page.reload();
  await expect(page.getByTestId('results-view')).toBeVisible();
  await page.getByTestId('results-tab-checks').click();
  await expect(page.getByTestId('mark-item')).toHaveCount(2);
  await expect(page.locator('[data-testid="mark-item"][data-state="current"]')).toHaveCount(2);
  await expect(cell).toHaveAttribute('data-outcome', 'pass');

  // The matrix is above the fold: its first check rows are in view without scrolling, at 1024×700 too.
  for (const [w, h, rows] of [[1024, 700, 7], [1440, 900, 11]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate('(() => { for (const el of document.querySelectorAll("*")) el.scrollTop = 0; window.scrollTo(0, 0); })()');
    const row = await page.getByTestId('check-matrix').locator('tbody tr').nth(rows - 1).boundingBox();
    const bottom = (row?.y ?? Infinity) + (row?.height ?? 0);
    console.log(`[fold] ${w}x${h}: check row ${rows} ends at ${Math.round(bottom)} px`);
    expect(bottom, `check row ${rows} at ${w}x${h}`).toBeLessThanOrEqual(h);
  }
  await page.setViewportSize({ width: 1360, height: 900 });
  await showSearch(page, 'Linux', 'linux_ssh_root_login');
  await page.getByTestId('search-table-row').first().click();
  await expect(page.getByTestId('mark-note')).toHaveValue('Ask the admins why this differs from the baseline');
  await page.keyboard.press('Escape');

  // The report: the browser's print of the self-contained HTML, and the HTML file beside the workbooks.
  await page.getByTestId('results-tab-checks').click();
  await page.getByTestId('print-report').click();
  await expect(page.getByTestId('report-status')).toContainText('print');
  const printed = (await page.locator('#kpat-print-frame').getAttribute('srcdoc')) as string;
  expect(printed).toContain('Assessment summary');
  expect(printed).toContain('Root login is only reachable from the jump host');
  await page.getByTestId('export-report-html').click();
  await expect(page.getByTestId('report-status')).toContainText(/Saved kpat_report-\d{8}-\d{6}\.html/);
  const report = readdirSync(kpat.outDir).find((n) => /^kpat_report-.*\.html$/.test(n)) as string;
  const html = readFileSync(join(kpat.outDir, report), 'utf8');
  expect(html).toContain('Ask the admins why this differs from the baseline');
  expect(html).toContain('ok (override: pass, was fail)');
  await page.getByTestId('open-report').click();
  await expect.poll(async () => (await app.openRequests()).some((r) => r.action === 'open' && r.path.endsWith(report))).toBe(true);

  // Screenshots of the marks UI: light and dark, 1024×700, 1280×800 and 1440×900.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [[1024, 700], [1280, 800], [1440, 900]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await kpat.screenshot(page, `marks-${scheme}-${w}x${h}`);
    }
  }
  await cell.click();
  await settled(page, 'check-detail');
  await kpat.screenshot(page, 'marks-dark-1280x800-detail');
});

/** The Findings sheet of a workbook as records by its header row. */
async function findingsSheet(path: string): Promise<Record<string, unknown>[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const ws = book.getWorksheet('Findings');
  if (!ws) throw new Error(`${path} has no Findings sheet`);
  const head = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n > 2) rows.push(Object.fromEntries(head.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}

test('mark a compare cell: saved with its values, there after a reload, in the report, and in the next run’s Findings sheet', async ({ kpat }) => {
  // Two Ubuntu hosts and the RHEL one, which permits root login: the cell the auditor marks.
  const { input, set } = await writeSshdFleet(kpat.dir);
  const app = await kpat.launch({ pickFolder: input, pickFile: set, settings: { workerCount: 2, outputDir: kpat.outDir } });
  const page = app.page;
  await openFolder(page, 3);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 60_000 });
  const firstBooks = readdirSync(kpat.outDir).filter((n) => n.endsWith('.xlsx'));

  const openCompare = async () => {
    await showSearch(page, 'Linux', SSHD_SEARCH);
    await page.getByTestId('view-mode').getByText('Compare systems').click();
  };
  await openCompare();
  const cell = page.locator('[data-testid="compare-row"][data-system="rhel"] [data-testid="compare-cell"][data-column="permitrootlogin"]');
  await expect(cell).toHaveText('yes');
  await cell.getByTestId('compare-cell-mark').click();
  const detail = page.getByTestId('compare-cell-detail');
  await expect(detail.getByTestId('compare-cell-values')).toHaveText('yes');
  await expect(detail.getByTestId('compare-cell-reference')).toContainText('no (2 of 3 systems) · this system deviates');
  await detail.getByTestId('mark-status-finding').check({ force: true });
  await detail.getByTestId('mark-note').fill('Root may log in over SSH on the RHEL host only');
  await detail.getByTestId('mark-save').click();
  await expect(detail.getByTestId('mark-meta')).toContainText('Evidence as marked');
  await expect(cell).toHaveAttribute('data-mark', 'finding');
  await settled(page, 'compare-cell-detail');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [[1024, 700], [1440, 900]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await kpat.screenshot(page, `marks-compare-cell-${scheme}-${w}x${h}`);
    }
  }
  await page.emulateMedia({ colorScheme: null });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Saved beside the run: keyed by system + search + column, the cell's values as evidence.
  const saved = JSON.parse(readFileSync(join(kpat.outDir, 'kpat-findings.json'), 'utf8')) as { marks: { target: unknown; evidence: string[]; line: unknown }[] };
  expect(saved.marks).toEqual([expect.objectContaining({ target: { kind: 'cell', system: 'rhel', search: 'sshd settings', column: 'permitrootlogin' }, evidence: ['yes'], line: null })]);

  // Reload: the run reopens from its files, the mark with it.
  await page.reload();
  await expect(page.getByTestId('results-view')).toBeVisible();
  await openCompare();
  await expect(cell).toHaveAttribute('data-mark', 'finding');
  await kpat.screenshot(page, 'marks-compare-cell-marked');
  await page.getByTestId('results-tab-checks').click();
  const item = page.getByTestId('mark-item');
  await expect(item).toHaveCount(1);
  await expect(item).toHaveAttribute('data-kind', 'cell');
  await expect(item).toHaveAttribute('data-state', 'current');
  await expect(item.getByTestId('mark-item-cell')).toHaveText('permitrootlogin = yes');

  // The report carries it with its values.
  await page.getByTestId('export-report-html').click();
  await expect(page.getByTestId('report-status')).toContainText(/Saved kpat_report-/);
  const report = readdirSync(kpat.outDir).find((n) => /^kpat_report-.*\.html$/.test(n)) as string;
  const html = readFileSync(join(kpat.outDir, report), 'utf8');
  expect(html).toContain('<td class="evidence">permitrootlogin = yes</td>');
  expect(html).toContain('Root may log in over SSH on the RHEL host only');

  // A new run of the folder: its workbook's Findings sheet lists the mark, its evidence still current.
  await page.getByTestId('nav-start').click();
  await openFolder(page, 3);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 60_000 });
  const next = readdirSync(kpat.outDir).filter((n) => n.startsWith('Linux') && n.endsWith('.xlsx') && !firstBooks.includes(n));
  expect(next).toHaveLength(1);
  const rows = await findingsSheet(join(kpat.outDir, next[0] as string));
  expect(rows).toEqual([expect.objectContaining({ System: 'rhel', Search: 'sshd settings', Evidence: 'permitrootlogin = yes', Status: 'finding', Note: 'Root may log in over SSH on the RHEL host only', 'Evidence now': 'current' })]);
});
