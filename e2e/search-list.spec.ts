// Finding one's way among the built-in library's searches: the list is grouped by area with the
// sheet titles, counts in view; it is one Tab stop, moved through with arrows and type-ahead, and
// Enter goes on into the table. Help → Keyboard shortcuts lists the keys.
import { test, expect } from './fixtures';
import { openFolder } from './support/flows';
import { testdataDir } from './support/paths';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
  { width: 1920, height: 1080 },
] as const;

test('the search list: grouped by area, reachable and navigable by keyboard; the keyboard shortcuts sheet', async ({ kpat }) => {
  const app = await kpat.launch({ pickFolder: testdataDir });
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  await openFolder(page, 6);
  await page.locator('[data-testid="search-set-option"][data-ref="builtin:all"]').click();
  await expect(page.getByTestId('search-count')).toContainText(/\d{3}/);
  // Layout: at 1024 px the Review systems table fits its card (no sideways scrolling).
  expect(await page.locator('.systems-scroll').evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
  await kpat.screenshotViews(page, 'review', SIZES);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  // Compact header: at 1024×700 the outcome and the workbooks take one short card, and the tabs' content starts in the top third.
  const head = await page.locator('.results-head').boundingBox();
  expect(head?.height ?? 999).toBeLessThanOrEqual(110);
  const panel = await page.getByRole('tabpanel').boundingBox();
  expect(panel?.y ?? 999).toBeLessThan(250);
  await kpat.screenshotViews(page, 'results-summary', SIZES);

  await page.getByTestId('results-tab-searches').click();
  await page.getByTestId('family-picker').getByText('Linux', { exact: true }).click();
  // Grouped by the library's area files, in the library's order, titles first.
  const groups = page.getByTestId('search-group');
  await expect(groups.first()).toHaveAttribute('data-area', 'Linux system basics');
  await expect(page.locator('[data-testid="search-group"][data-area="Linux SSH and remote access"]')).toBeVisible();
  const ssh = page.locator('[data-testid="results-search-item"][data-search="linux_ssh_effective_settings"]');
  await expect(ssh.locator('.search-item-name')).toHaveText('SSH Effective Settings');
  await ssh.scrollIntoViewIfNeeded();
  await expect(ssh.locator('.search-item-count')).toBeInViewport();

  // From the family picker, Tab reaches the list in three keys: filter, shown-searches toggle, list.
  await page.getByTestId('family-picker').getByRole('radio', { name: 'Linux' }).focus();
  // Run in the page (as text: the e2e type-check has no DOM types).
  const focused = () => page.evaluate<string | null>("document.activeElement?.getAttribute('data-testid') ?? null");
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('search-list-filter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('results-search-item');
  const focusedSearch = () => page.evaluate<string | null>("document.activeElement?.getAttribute('data-search') ?? null");
  const first = await focusedSearch();
  await page.keyboard.press('ArrowDown');
  expect(await focusedSearch()).not.toBe(first);
  await page.keyboard.press('Home');
  expect(await focusedSearch()).toBe(await page.getByTestId('results-search-item').first().getAttribute('data-search'));
  // Type-ahead on the titles: "ssh e" → SSH Effective Settings.
  await page.keyboard.type('ssh e', { delay: 50 });
  expect(await focusedSearch()).toBe('linux_ssh_effective_settings');
  // Enter opens it and moves the focus into its rows; the list stays one Tab stop behind.
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('search-table')).toHaveAttribute('data-search', 'linux_ssh_effective_settings');
  await expect(page.getByTestId('search-table-title')).toContainText('SSH Effective Settings');
  expect(await focused()).toBe('search-table-body');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('search-table-body')).toHaveAttribute('aria-activedescendant', /-row-1$/);
  // The frozen System Name header leaves the Line Number header whole: it starts right of it, uncut.
  const headerBox = async (name: string) => page.locator(`[data-testid="sort-column"][data-column="${name}"]`).boundingBox();
  const system = await page.locator('[data-testid="column-header"][data-column="System Name"]').boundingBox();
  const line = await headerBox('Line Number');
  expect(line?.x ?? 0).toBeGreaterThanOrEqual((system?.x ?? 0) + (system?.width ?? 0));
  expect(await page.locator('[data-testid="sort-column"][data-column="Line Number"]').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await kpat.screenshotViews(page, 'search-list', SIZES);

  // Only the searches without results, then the filter over comments.
  const hitsToggle = (id: string) => page.locator('label', { has: page.getByTestId(`search-list-hits-${id}`) });
  await hitsToggle('empty').click();
  const rows = await page.getByTestId('results-search-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-rows')));
  expect(rows.length).toBeGreaterThan(0);
  expect(new Set(rows)).toEqual(new Set(['0']));
  await hitsToggle('all').click();
  await page.getByTestId('search-list-filter').fill('PCI DSS v4.0 Req 8.2.8');
  await expect(page.locator('[data-testid="results-search-item"][data-search="linux_ssh_effective_settings"]')).toBeVisible();

  // Help → Keyboard shortcuts (Ctrl+/ here; the native menu sends the same command).
  await page.keyboard.press('Control+/');
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toBeVisible();
  await expect(sheet.getByTestId('shortcut-row').filter({ hasText: 'Ctrl+Shift+O' })).toContainText('Open a search file');
  await kpat.screenshotViews(page, 'shortcuts', SIZES);
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await page.getByTestId('shortcuts-button').click();
  await expect(sheet).toBeVisible();
});
