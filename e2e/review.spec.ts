// The Review screen vets the input before a run: identical files, partial collections and
// collector versions the set's searches skip are flagged, a Windows 11 system is called Windows
// 11, a skipped file says why in plain words, and an unchecked system is left out of the run and
// listed as excluded in the run manifest.
import { copyFile, cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder } from './support/flows';
import { auditAllYaml, testdataDir } from './support/paths';

test('flags identical files; an excluded system is left out of the run and recorded as excluded in the manifest', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await cp(testdataDir, input, { recursive: true });
  // The same collection twice, under another name.
  await copyFile(join(input, 'linux', 'ubuntu-22.04-0.6.22.txt'), join(input, 'linux', 'ubuntu-copy.txt'));
  const app = await kpat.launch({ pickFolder: input, pickFile: auditAllYaml });
  const page = app.page;
  await openFolder(page, 7);
  await expect(page.getByTestId('flag-same-content')).toContainText('2 files with identical content');
  await expect(page.getByTestId('system-flag').filter({ hasText: 'Same content as' })).toHaveCount(2);
  await expect(page.locator('[data-testid="system-row"][data-system-name="windows11-0.4.8"]')).toContainText('Windows 11 Pro');

  await chooseSearchFile(page);
  await page.locator('[data-testid="system-row"][data-system-name="ubuntu-copy"]').getByTestId('system-include').uncheck();
  await expect(page.getByTestId('systems-excluded-count')).toContainText('1 excluded');
  await expect(page.getByTestId('run-status')).toContainText('6 systems');
  await kpat.screenshotViews(page, 'review-flags-excluded');
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('systems-per-family-Linux')).toContainText('2');

  const name = (await readdir(kpat.outDir)).find((n) => /^kpat-manifest-.*\.json$/.test(n));
  expect(name).toBeDefined();
  const manifest = JSON.parse(await readFile(join(kpat.outDir, name ?? ''), 'utf8')) as {
    counts: { systems: number; excluded: number; inputs: number };
    inputs: { relPath: string; status: string; sha384: string | null }[];
  };
  expect(manifest.counts).toMatchObject({ systems: 6, excluded: 1, inputs: 7 });
  const excluded = manifest.inputs.find((i) => i.relPath === 'linux/ubuntu-copy.txt');
  expect(excluded).toMatchObject({ status: 'excluded' });
  // Identical content, identical hash: the manifest shows the copy for what it is.
  expect(excluded?.sha384).toBe(manifest.inputs.find((i) => i.relPath === 'linux/ubuntu-22.04-0.6.22.txt')?.sha384);
});

test('flags partial collections and systems the set skips for their script version; a skipped file says why in plain words; long alike names stay apart', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await cp(testdataDir, input, { recursive: true });
  await writeFile(join(input, 'meeting-notes.txt'), 'Notes from the kickoff call\nnothing collected here\n');
  // Two systems of a fleet whose names differ only deep inside: cut at the end they would look alike.
  const row = (name: string) => page.locator(`[data-testid="system-row"][data-system-name="${name}"]`);
  const fleet = (n: string) => `customer-prod-eu-west-1-app-server-${n}.internal.example.net`;
  for (const n of ['0001', '0002']) await copyFile(join(input, 'windows', 'windows2022-cb20348-kp0.4.7.txt'), join(input, 'windows', `${fleet(n)}.txt`));
  const app = await kpat.launch({ pickFolder: input, pickFile: auditAllYaml });
  const page = app.page;
  await openFolder(page, 8);
  const shown = await Promise.all(['0001', '0002'].map((n) => row(fleet(n)).locator('.cell-strong').innerText()));
  expect(shown[0]).not.toBe(shown[1]);
  expect(shown[0]).toContain('0001');
  expect(shown[1]).toContain('0002');
  expect(shown[0]?.length).toBeLessThan(fleet('0001').length);
  await expect(row(fleet('0001')).locator('.cell-strong')).toHaveAttribute('title', fleet('0001'));
  await expect(page.getByTestId('systems-skipped-count')).toHaveText(' · 1 file skipped');
  // kpnixaudit wrote `###K8sMaster skipped` (and K8sWorker) in both Linux files; kpwinaudit skipped a test on Windows 11.
  await expect(page.getByTestId('flag-partial')).toContainText('3 partial collections');
  await expect(row('ubuntu-22.04-0.6.22').getByTestId('system-flag')).toContainText('Collector skipped modules K8sMaster and K8sWorker');
  await expect(row('windows11-0.4.8').getByTestId('system-flag')).toContainText('Collector skipped test Time_W32TimeLogs (Unsupported OS detected)');
  // The reference set has searches for kpnixaudit ≥ 0.6.17…0.6.21: rhel86 was collected with 0.6.16.
  await chooseSearchFile(page);
  await expect(page.getByTestId('flag-old-version')).toContainText('rhel86-kp0.6.16-1');
  await expect(row('rhel86-kp0.6.16-1').getByTestId('system-flag')).toContainText('kpnixaudit 0.6.16: 6 version-filtered searches skip it');
  await page.getByTestId('skipped-files').locator('summary').click();
  await expect(page.getByTestId('skipped-row')).toHaveCount(1);
  await expect(page.getByTestId('skipped-reason')).toHaveText('Not audit-script output: no collector (kpnixaudit, kpwinaudit, kpmacaudit, kpadaudit) wrote it');
  await page.getByTestId('skipped-files').scrollIntoViewIfNeeded();
  await kpat.screenshotViews(page, 'review-partial-old-version');
});
