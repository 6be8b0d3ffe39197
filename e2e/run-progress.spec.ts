// The run's progress view tells the truth: during the search each worker's file, what it is on
// within it and for how long; during the export each workbook's rows written of rows to write,
// its sheet and worker (the bar moves with the rows); and a stalled run names the file and the
// search it is stuck on instead of counting down. Screenshots light and dark at two window sizes.
import { appendFile, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, type KpatFixture } from './fixtures';
import { chooseSearchFile, openFolder } from './support/flows';
import { auditAllYaml, testdataDir } from './support/paths';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
] as const;

async function shots(kpat: KpatFixture, page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await kpat.screenshot(page, `${name}-${scheme}-${size.width}x${size.height}`);
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('search and export progress: workers on their files, then rows written per workbook', async ({ kpat }) => {
  // 20 copies of the reference files (links under other names): an export long enough to watch.
  const copies = 20;
  const input = join(kpat.dir, 'input');
  const files = (await readdir(testdataDir, { recursive: true })).filter((f) => f.endsWith('.txt'));
  for (let copy = 1; copy <= copies; copy++) {
    await mkdir(join(input, `copy${copy}`), { recursive: true });
    for (const f of files) await symlink(join(testdataDir, f), join(input, `copy${copy}`, `c${copy}-${basename(f)}`));
  }
  const app = await kpat.launch({ pickFolder: input, pickFile: auditAllYaml });
  const page = app.page;
  await openFolder(page, files.length * copies);
  await chooseSearchFile(page);
  await expect(page.getByTestId('search-count')).toContainText('156');
  await page.getByTestId('run-button').click();

  await expect(page.getByTestId('progress-phase')).toHaveAttribute('data-phase', 'searching', { timeout: 60_000 });
  await expect(page.locator('[data-testid="worker-row"][data-state="busy"] [data-testid="worker-time"]').first()).toHaveText(/^\d+:\d\d$/);
  await expect(page.getByTestId('progress-files')).toHaveText(new RegExp(`^\\d+ / ${files.length * copies}$`));
  await page.setViewportSize(SIZES[1]);
  await page.emulateMedia({ colorScheme: 'dark' });
  await kpat.screenshot(page, 'progress-searching-dark-1280x800');
  await page.emulateMedia({ colorScheme: 'light' });

  await expect(page.getByTestId('progress-phase')).toHaveAttribute('data-phase', 'exporting', { timeout: 120_000 });
  const linux = page.locator('[data-testid="export-row"][data-family="Linux"]');
  await expect(linux).toBeVisible();
  await expect(linux).toContainText(/[\d,]+ \/ [\d,]+/);
  // Rows being written: the sheet is named, the bar has moved past the export's start (92 %).
  const writing = page.locator('[data-testid="export-row"][data-step="sheets"]').first();
  await expect(writing).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('progress-bar')).not.toHaveAttribute('aria-valuenow', '92', { timeout: 60_000 });
  await shots(kpat, page, 'progress-exporting');

  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
});

test('a stalled run names the file and the search it is stuck on', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await mkdir(input, { recursive: true });
  const mac = await readFile(join(testdataDir, 'macos', 'macos-13.4.1-kp0.1.0.txt'));
  for (const name of ['mac-1.txt', 'mac-2.txt', 'mac-3.txt', 'mac-evil.txt']) await writeFile(join(input, name), mac);
  await appendFile(join(input, 'mac-evil.txt'), `Catastrophe::${'a'.repeat(40)}!\n`);
  const conf = join(kpat.dir, 'evil.yaml');
  await writeFile(conf, "hostname:\n  regex: '^System_Hostname::(?P<name>.*)'\n  field_list: ['name']\nrunaway:\n  regex: '^Catastrophe::(a+)+$'\n");
  const app = await kpat.launch({ pickFolder: input, pickFile: conf, settings: { workerCount: 2, outputDir: kpat.outDir, perFileTimeoutSec: 12 } });
  const page = app.page;
  await openFolder(page, 4);
  await chooseSearchFile(page);
  await expect(page.getByTestId('search-count')).toContainText('2');
  await page.getByTestId('run-button').click();

  const notice = page.getByTestId('stall-notice');
  await expect(notice).toContainText('Stalled on mac-evil.txt', { timeout: 30_000 });
  await expect(page.getByTestId('progress-eta')).toHaveText('Stalled');
  // The watchdog's retry runs one search at a time: then the stall names the search.
  await expect(notice).toContainText('search “runaway”', { timeout: 40_000 });
  await shots(kpat, page, 'progress-stalled');

  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 60_000 });
});
