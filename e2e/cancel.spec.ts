// Cancel in the middle of a run. Cancel and discard: the UI is ready again and no workbook (not
// even a partial one) is left in the output folder. Cancel: the files searched so far are
// exported as whole workbooks, and the results view says the run was cancelled.
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { test, expect, type KpatFixture } from './fixtures';
import { chooseSearchFile, openFolder } from './support/flows';
import { auditAllYaml, testdataDir } from './support/paths';

// Enough that the search phase outlasts the click on Cancel by a wide margin.
const COPIES = 10;

async function startBigRun(kpat: KpatFixture) {
  // A bigger input (links to the reference files under other names) so the run lasts long enough to cancel.
  const input = join(kpat.dir, 'input');
  const files = (await readdir(testdataDir, { recursive: true })).filter((f) => f.endsWith('.txt'));
  for (let copy = 1; copy <= COPIES; copy++) {
    await mkdir(join(input, `copy${copy}`), { recursive: true });
    for (const f of files) await symlink(join(testdataDir, f), join(input, `copy${copy}`, `c${copy}-${basename(f)}`));
  }
  const app = await kpat.launch({ pickFolder: input, pickFile: auditAllYaml });
  const page = app.page;
  await openFolder(page, files.length * COPIES);
  await chooseSearchFile(page);
  await expect(page.getByTestId('search-count')).toContainText('156');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('progress-phase')).toHaveAttribute('data-phase', 'searching', { timeout: 60_000 });
  return { page, total: files.length * COPIES };
}

test('cancel and discard mid-run returns to ready and leaves no workbook', async ({ kpat }) => {
  const { page } = await startBigRun(kpat);
  await kpat.screenshot(page, 'run-in-progress');
  await page.getByTestId('cancel-discard-button').click();

  await expect(page.getByTestId('view-prepare')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('banner')).toContainText('cancelled');
  await expect(page.getByTestId('run-button')).toBeEnabled();
  const left = (await readdir(kpat.outDir, { recursive: true })).filter((f) => f.endsWith('.xlsx') || f.endsWith('.json'));
  expect(left).toEqual([]);
  await kpat.screenshot(page, 'after-cancel');
});

test('cancel mid-run keeps the files searched so far, labelled cancelled', async ({ kpat }) => {
  const { page, total } = await startBigRun(kpat);
  await expect(page.getByTestId('progress-files')).not.toHaveText(/^0 \//, { timeout: 60_000 });
  await page.getByTestId('cancel-button').click();

  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 60_000 });
  const outcome = page.getByTestId('run-outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'cancelled');
  await expect(outcome).toContainText(new RegExp(`Cancelled: \\d+ of ${total} files searched`));
  await expect(page.getByTestId('cancelled-note')).toContainText(/searched before the run was cancelled/);
  const left = (await readdir(kpat.outDir)).filter((f) => !f.startsWith('.'));
  expect(left.length).toBeGreaterThan(0);
  expect(left.every((f) => f.endsWith('.xlsx') || f.endsWith('.json'))).toBe(true);
  await kpat.screenshot(page, 'after-cancel-keep');
  await kpat.screenshotViews(page, 'cancelled-run');
});
