// The built-in library: picked in the UI, it runs on the reference folder and gives results
// for every family, each search's count agreeing with its table.
import { existsSync } from 'node:fs';
import { test, expect } from './fixtures';
import { openFolder, showSearch } from './support/flows';
import { testdataDir } from './support/paths';

test('runs the built-in "all" set on the reference folder', async ({ kpat }) => {
  const app = await kpat.launch({ pickFolder: testdataDir });
  const page = app.page;

  await openFolder(page, 6);
  await page.locator('[data-testid="search-set-option"][data-ref="builtin:all"]').click();
  await expect(page.getByTestId('search-count')).toContainText(/\d{3}/);
  const count = Number((await page.getByTestId('search-count').textContent())?.match(/\d+/)?.[0]);
  expect(count).toBeGreaterThanOrEqual(150);
  await expect(page.getByTestId('config-problems')).toHaveCount(0);

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  for (const family of ['Linux', 'Windows', 'Darwin']) {
    await expect(page.getByTestId(`workbook-${family}`)).toBeVisible();
  }
  await kpat.screenshot(page, 'builtin-results');

  // The first Linux search with rows: its list count and its table agree.
  await page.getByTestId('results-tab-searches').click();
  await page.getByTestId('family-picker').getByText('Linux', { exact: true }).click();
  const item = page.locator('[data-testid="results-search-item"]:not([data-rows="0"])').first();
  const name = (await item.getAttribute('data-search')) as string;
  const rows = Number(await item.getAttribute('data-rows'));
  expect(rows).toBeGreaterThan(0);
  expect(await showSearch(page, 'Linux', name)).toBe(rows);

  await page.getByTestId('results-tab-summary').click();
  await page.getByTestId('show-in-folder-Windows').click();
  await expect.poll(async () => (await app.openRequests()).filter((r) => r.action === 'show').length).toBe(1);
  const [shown] = (await app.openRequests()).filter((r) => r.action === 'show');
  expect(shown?.path).toMatch(/Windows_search_results-.*\.xlsx$/);
  expect(existsSync(shown?.path ?? '')).toBe(true);
});
