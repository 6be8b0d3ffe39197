// An Active Directory collection (kpadaudit) beside the OS files: the Review screen lists it as a domain,
// the built-in "all" set gives it its own workbook, and its searches show one row per user with a
// column per property (format: table).
import { copyFile, cp } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { openFolder, showSearch } from './support/flows';
import { referenceDir, testdataDir } from './support/paths';

test('an Active Directory collection is reviewed, searched and shown as its own family', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await cp(testdataDir, input, { recursive: true });
  await copyFile(join(referenceDir, 'testdata-ad', 'shire-kpadaudit-0.1.6-ws2022.txt'), join(input, 'shire-domain.txt'));
  const app = await kpat.launch({ pickFolder: input });
  const page = app.page;
  await page.setViewportSize({ width: 1280, height: 800 });

  await openFolder(page, 7);
  const adRow = page.locator('[data-testid="system-row"][data-system-name="shire-domain"]');
  await expect(adRow).toContainText('Active Directory shire.rcbartels.com (SHIRE)');
  await page.locator('[data-testid="search-set-option"][data-ref="builtin:all"]').click();
  await expect(page.getByTestId('config-problems')).toHaveCount(0);
  await expect(page.getByTestId('run-status')).toContainText('7 systems');
  await adRow.scrollIntoViewIfNeeded();
  await kpat.screenshot(page, 'ad-review');

  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('workbook-ActiveDirectory')).toBeVisible();
  await expect(page.getByTestId('systems-per-family-ActiveDirectory')).toContainText('1');
  await kpat.screenshot(page, 'ad-results-summary');

  expect(await showSearch(page, 'Active Directory', 'ad_usr_list')).toBe(1000);
  await expect(page.getByRole('columnheader', { name: 'PasswordNeverExpires' })).toBeVisible();
  await kpat.screenshot(page, 'ad-results-users');
});
