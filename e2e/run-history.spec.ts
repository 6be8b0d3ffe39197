// Results last: a reload or a restart does not take them away, an earlier run opens from the
// history or from its results folder without running again, and a cancelled run leaves the
// previous results browsable.
import { mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder, showSearch } from './support/flows';
import { auditAllYaml, expectedRows, testdataDir } from './support/paths';

const SEARCH = '07_users_05_etc_group';

test('a reload and a restart keep the last run; it reopens from the history and from its results folder', async ({ kpat }) => {
  const app = await kpat.launch({ pickFolder: testdataDir, pickFile: auditAllYaml, pickResults: kpat.outDir });
  const page = app.page;
  await openFolder(page, 6);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  const rows = await showSearch(page, 'Linux', SEARCH);
  expect(rows).toBe(expectedRows('Linux', SEARCH));
  const manifests = (await readdir(kpat.outDir)).filter((n) => /^kpat-manifest-\d{8}-\d{6}\.json$/.test(n));
  expect(manifests).toHaveLength(1);

  // Reload: the same results, no new run.
  await page.reload();
  await expect(page.getByTestId('results-view')).toBeVisible();
  expect(await showSearch(page, 'Linux', SEARCH)).toBe(rows);

  // Restart: Start offers the run; it opens from its files.
  await app.restart();
  await expect(app.page.getByTestId('view-start')).toBeVisible();
  const item = app.page.getByTestId('run-history-item').first();
  await expect(item).toBeEnabled();
  await kpat.screenshotViews(app.page, 'start-with-history');
  await item.click();
  await expect(app.page.getByTestId('results-view')).toBeVisible();
  expect(await showSearch(app.page, 'Linux', SEARCH)).toBe(rows);

  // Without the history file, "Open results…" opens the results folder itself.
  await app.close();
  await rm(join(kpat.userDataDir, 'run-history.json'));
  const fresh = await kpat.launch({ pickResults: kpat.outDir, settings: { workerCount: 2 } });
  await expect(fresh.page.getByTestId('run-history-item')).toHaveCount(0);
  await fresh.page.getByTestId('open-results-button').click();
  await expect(fresh.page.getByTestId('results-view')).toBeVisible();
  expect(await showSearch(fresh.page, 'Linux', SEARCH)).toBe(rows);
});

test('a run cancelled and discarded leaves the previous results browsable', async ({ kpat }) => {
  // Links to the reference files under other names, so that the second run lasts long enough to cancel.
  const input = join(kpat.dir, 'input');
  const files = (await readdir(testdataDir, { recursive: true })).filter((f) => f.endsWith('.txt'));
  for (let copy = 1; copy <= 10; copy++) {
    await mkdir(join(input, `copy${copy}`), { recursive: true });
    for (const f of files) await symlink(join(testdataDir, f), join(input, `copy${copy}`, `c${copy}-${basename(f)}`));
  }
  const app = await kpat.launch({ pickFolder: input, pickFile: auditAllYaml });
  const page = app.page;
  await openFolder(page, files.length * 10);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  const rows = await showSearch(page, 'Linux', SEARCH);
  const started = await page.getByTestId('results-started').textContent();

  await page.getByTestId('nav-prepare').click();
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-phase')).toHaveAttribute('data-phase', 'searching', { timeout: 60_000 });
  // Cancel and discard: the new run leaves nothing, and the last completed run stays open.
  await page.getByTestId('cancel-discard-button').click();
  await expect(page.getByTestId('view-prepare')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('banner')).toContainText('previous run are still open');

  await page.getByTestId('nav-results').click();
  await expect(page.getByTestId('results-started')).toHaveText(started ?? '');
  expect(await showSearch(page, 'Linux', SEARCH)).toBe(rows);
});
