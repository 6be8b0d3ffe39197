// Cancel in the middle of a run: the UI is ready again and no workbook (not even a partial
// one) is left in the output folder.
import { mkdir, readdir, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder } from './support/flows';
import { auditAllYaml, testdataDir } from './support/paths';

// Enough that the search phase outlasts the click on Cancel by a wide margin.
const COPIES = 10;

test('cancel mid-run returns to ready and leaves no workbook', async ({ kpat }) => {
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
  await kpat.screenshot(page, 'run-in-progress');
  await page.getByTestId('cancel-button').click();

  await expect(page.getByTestId('view-prepare')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('banner')).toContainText('cancelled');
  await expect(page.getByTestId('run-button')).toBeEnabled();
  const left = (await readdir(kpat.outDir, { recursive: true })).filter((f) => f.endsWith('.xlsx') || f.endsWith('.json'));
  expect(left).toEqual([]);
  await kpat.screenshot(page, 'after-cancel');
});
