// The worker count chosen in Settings survives a restart of the app (browser host: the Node
// process; Electron: the app), read back from the settings file in the user-data folder.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { testdataDir } from './support/paths';

test('a changed worker count persists across a restart', async ({ kpat }) => {
  const app = await kpat.launch({ pickFolder: testdataDir });
  let page = app.page;

  await page.getByTestId('settings-button').click();
  const workers = page.getByTestId('settings-worker-count');
  await expect(workers).toHaveValue('2');
  await workers.fill('1');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-dialog')).toBeHidden();
  const saved = JSON.parse(await readFile(join(kpat.userDataDir, 'settings.json'), 'utf8')) as { workerCount: number };
  expect(saved.workerCount).toBe(1);

  await app.restart();
  page = app.page;
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('settings-worker-count')).toHaveValue('1');
  await kpat.screenshot(page, 'settings-after-restart');
});

test('an invalid settings file falls back to defaults with a notice', async ({ kpat }) => {
  const app = await kpat.launch({ settings: null, pickFolder: testdataDir });
  // Replace the (absent) file with garbage and restart: the app must still come up.
  await writeFile(join(kpat.userDataDir, 'settings.json'), '{ "workerCount": "many" ');
  await app.restart();
  const page = app.page;
  await expect(page.getByTestId('settings-notice-start')).toContainText('not valid JSON');
  await kpat.screenshot(page, 'settings-notice');
});
