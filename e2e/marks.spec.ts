// Marks and the report in the UI: the auditor overrides a failed check and marks a row, the marks
// are saved beside the run (kpat-findings.json in the output folder), and after a reload of the
// page (the run reopened from its files) they are there again, their evidence still current; the
// report is printed with the browser and exported beside the workbooks with the marks in it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { openFolder, showSearch } from './support/flows';
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

  // Screenshots of the marks UI: light and dark, 1024×700 and 1280×800.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [w, h] of [[1024, 700], [1280, 800]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await kpat.screenshot(page, `marks-${scheme}-${w}x${h}`);
    }
  }
  await cell.click();
  await settled(page, 'check-detail');
  await kpat.screenshot(page, 'marks-dark-1280x800-detail');
});
