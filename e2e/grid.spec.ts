// The results grid as an auditor uses it: resize and hide columns (System Name stays in view when
// scrolling sideways), filter by the values of a column, and export exactly the filtered view.
import { readFile } from 'node:fs/promises';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder, showSearch } from './support/flows';
import { auditAllYaml, referenceDir, referenceSystems, testdataDir } from './support/paths';

const SEARCH = '07_users_05_etc_group';

test('resize and hide columns, System Name frozen; a value filter; CSV export of the filtered view equals its rows', async ({ kpat }) => {
  const app = await kpat.launch({ pickFolder: testdataDir, pickFile: auditAllYaml });
  const page = app.page;
  await page.setViewportSize({ width: 1024, height: 700 });
  await openFolder(page, 6);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  const all = await showSearch(page, 'Linux', SEARCH);

  // Widen Matched Text by dragging its edge, hide Line Number.
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
});
