// The main flow on the reference data: open the folder → 6 systems → run audit-all.yaml with 2
// workers → progress moves → row counts of named searches equal the reference tool's →
// filter a table → open the workbook.
import { existsSync } from 'node:fs';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder, progressSamples, sampleProgress, showSearch } from './support/flows';
import { auditAllYaml, expectedRows, testdataDir } from './support/paths';

test('runs audit-all.yaml on the reference folder and shows the reference row counts', async ({ kpat }) => {
  const app = await kpat.launch({ pickFolder: testdataDir, pickFile: auditAllYaml });
  const page = app.page;

  await openFolder(page, 6);
  await expect(page.getByTestId('systems-count')).toContainText('6 systems');
  await chooseSearchFile(page);
  await expect(page.getByTestId('search-count')).toContainText('156');
  await expect(page.getByTestId('run-status')).toContainText('2 workers');
  await kpat.screenshot(page, 'prepare');

  await sampleProgress(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  const samples = await progressSamples(page);
  // The bar moved: it showed more than one value on its way to the end, with two workers.
  expect(new Set(samples.map((s) => s.value)).size).toBeGreaterThan(1);
  expect(Math.max(...samples.map((s) => s.workers))).toBe(2);

  await expect(page.getByTestId('systems-per-family-Linux')).toContainText('2');
  await expect(page.getByTestId('systems-per-family-Windows')).toContainText('3');
  await expect(page.getByTestId('systems-per-family-Darwin')).toContainText('1');
  await kpat.screenshot(page, 'results-summary');

  for (const [family, label, search] of [
    ['Linux', 'Linux', '07_users_05_etc_group'],
    ['Windows', 'Windows', '02_network_12_firewall_rules'],
    ['Darwin', 'macOS', '04_users_05_local_groups'],
    ['Linux', 'Linux', '01_system_11_package_history_deb'],
  ] as const) {
    expect(await showSearch(page, label, search), `${family} ${search}`).toBe(expectedRows(family, search));
  }

  // Filter a table.
  await showSearch(page, 'Linux', '07_users_05_etc_group');
  await page.getByTestId('table-filter').fill('ubuntu');
  const filtered = expectedRows('Linux', '07_users_05_etc_group', 'ubuntu');
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(expectedRows('Linux', '07_users_05_etc_group'));
  await expect(page.getByTestId('table-total')).toHaveAttribute('data-total', String(filtered));
  await expect(page.getByTestId('search-table-row').first()).toContainText('ubuntu');
  await kpat.screenshot(page, 'results-filtered');

  // Open the workbook: the host is asked to open an .xlsx that exists.
  await page.getByTestId('results-tab-summary').click();
  const inBrowser = test.info().project.name === 'browser';
  // In the browser host "Open workbook" also downloads it to the browser.
  const download = inBrowser ? page.waitForEvent('download') : null;
  await page.getByTestId('open-workbook-Linux').click();
  if (download) expect((await download).suggestedFilename()).toMatch(/^Linux_search_results-\d{8}-\d{6}\.xlsx$/);
  await expect.poll(async () => (await app.openRequests()).filter((r) => r.action === 'open').length).toBe(1);
  const [request] = (await app.openRequests()).filter((r) => r.action === 'open');
  expect(request?.path).toMatch(/Linux_search_results-\d{8}-\d{6}\.xlsx$/);
  expect(request?.path.startsWith(kpat.outDir)).toBe(true);
  expect(existsSync(request?.path ?? '')).toBe(true);
});
