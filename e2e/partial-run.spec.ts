// A run in which one file is partial (the watchdog stops a runaway search on it; the file's other
// searches are kept): the results view is a warning, never a green tick; the file is named with its
// reason at the top, the two summary panels agree, and Retry failed files — once the cause is gone —
// searches that file again and ends complete, rewriting the run's workbooks in place.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder } from './support/flows';
import { testdataDir } from './support/paths';

const RUNAWAY = `Catastrophe::${'a'.repeat(40)}!\n`;

test('a partial run: warning, failed file with its reason, Retry failed files, then complete', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await mkdir(input, { recursive: true });
  const linux = await readFile(join(testdataDir, 'linux', 'ubuntu-22.04-0.6.22.txt'));
  await writeFile(join(input, 'mac.txt'), await readFile(join(testdataDir, 'macos', 'macos-13.4.1-kp0.1.0.txt')));
  await writeFile(join(input, 'win.txt'), await readFile(join(testdataDir, 'windows', 'windows11-0.4.8.txt')));
  await writeFile(join(input, 'linux.txt'), Buffer.concat([linux, Buffer.from(RUNAWAY)]));
  const set = join(kpat.dir, 'runaway.yaml');
  await writeFile(set, "hostname:\n  regex: '^System_Hostname::(?P<name>.*)'\n  field_list: ['name']\nrunaway:\n  regex: '^Catastrophe::(a+)+$'\n");

  const app = await kpat.launch({ pickFolder: input, pickFile: set, settings: { workerCount: 2, outputDir: kpat.outDir, perFileTimeoutSec: 2 } });
  const page = app.page;
  await openFolder(page, 3);
  await chooseSearchFile(page);
  await expect(page.getByTestId('search-count')).toContainText('2');
  await page.getByTestId('run-button').click();

  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 60_000 });
  const outcome = page.getByTestId('run-outcome');
  await expect(outcome).toHaveAttribute('data-outcome', 'partial');
  await expect(outcome).toContainText('Partial results');
  await expect(page.getByTestId('failed-file')).toHaveCount(1);
  await expect(page.getByTestId('failed-file')).toContainText(/linux\.txt — search "runaway" left out: it ran past the 2 s watchdog/);
  await expect(page.getByTestId('workbook-Linux')).toBeVisible();
  // Both panels of the Summary tell the same story: the hostname search found something, the
  // runaway search nothing.
  await expect(page.getByTestId('empty-searches')).toContainText('runaway');
  await expect(page.getByTestId('results-summary')).not.toContainText('Every search found something');
  await expect(page.getByTestId('results-summary')).not.toContainText('No search found anything');
  await kpat.screenshotViews(page, 'partial-run');

  // The cause goes away; Retry failed files searches that one file again.
  await writeFile(join(input, 'linux.txt'), linux);
  const before = (await readdir(kpat.outDir)).filter((f) => !f.startsWith('.')).sort();
  await page.getByTestId('retry-failed-button').click();
  await expect(outcome).toHaveAttribute('data-outcome', 'complete', { timeout: 60_000 });
  await expect(page.getByTestId('failed-files')).toHaveCount(0);
  await expect(page.getByTestId('retry-failed-button')).toHaveCount(0);
  await expect(page.getByTestId('workbook-Linux')).toBeVisible();
  const after = (await readdir(kpat.outDir)).filter((f) => !f.startsWith('.')).sort();
  // The run's workbooks were rewritten in place: no new names.
  expect(after).toEqual(before);
  expect(after.filter((f) => f.endsWith('.xlsx'))).toHaveLength(3);
  await kpat.screenshotViews(page, 'partial-run-retried');
});
