// The drift view (issue 14): two runs over copies of the reference Linux files, the second after
// a setting changed, a user was added and a system removed; "Compare with earlier run…" lists
// exactly those changes per search and per system, and "Only what changed" hides the rest.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { runSearches } from './support/flows';
import { testdataDir } from './support/paths';
import { photograph } from './support/photograph';

const SET = `sshd settings:
  regex: '^Network_OpenSSHServerConfig::(?P<setting>permitrootlogin|passwordauthentication|x11forwarding|port) (?P<value>.*?)\\s*$'
  field_list: ['setting', 'value']
ssh port:
  regex: '^Network_OpenSSHServerConfig::port (?P<port>\\d+)'
  field_list: ['port']
local users:
  regex: '^Users_etcpasswdContents::/etc/passwd::(?P<user>[^:]+):[^:]*:(?P<uid>\\d+):'
  field_list: ['user', 'uid']
`;

test('Compare with earlier run: the changed setting, the added user and the removed system, per search and per system', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await mkdir(input, { recursive: true });
  const ubuntu = await readFile(join(testdataDir, 'linux', 'ubuntu-22.04-0.6.22.txt'), 'latin1');
  const rhel = await readFile(join(testdataDir, 'linux', 'rhel86-kp0.6.16-1.txt'), 'latin1');
  await writeFile(join(input, 'ubuntu-a.txt'), ubuntu, 'latin1');
  await writeFile(join(input, 'ubuntu-b.txt'), ubuntu, 'latin1');
  await writeFile(join(input, 'rhel.txt'), rhel, 'latin1');
  await writeFile(join(input, 'ubuntu-c.txt'), ubuntu, 'latin1');
  const set = join(kpat.dir, 'users.yaml');
  await writeFile(set, SET);

  const app = await kpat.launch({ pickFolder: input, pickFile: set, pickResults: kpat.outDir, settings: { workerCount: 2, outputDir: kpat.outDir } });
  const page = app.page;
  await runSearches(page, 4);

  // A year later: ubuntu-a permits root login, rhel has a new user, ubuntu-b is gone. Manifests are
  // named by the second the run started: the second run starts in another one.
  await writeFile(join(input, 'ubuntu-a.txt'), ubuntu.replace('Network_OpenSSHServerConfig::permitrootlogin no', 'Network_OpenSSHServerConfig::permitrootlogin yes'), 'latin1');
  await writeFile(
    join(input, 'rhel.txt'),
    rhel.replace('Users_etcpasswdContents::/etc/passwd::bin:x:1:1:', 'Users_etcpasswdContents::/etc/passwd::auditor:x:1500:1500::/home/auditor:/bin/bash\nUsers_etcpasswdContents::/etc/passwd::bin:x:1:1:'),
    'latin1',
  );
  await rm(join(input, 'ubuntu-b.txt'));
  await page.waitForTimeout(1100);
  // The second run is compared with the first from the start (its workbook gets a Changes sheet).
  await page.getByTestId('nav-prepare').click();
  await page.getByTestId('run-compare-with').selectOption({ index: 1 });
  await photograph(page, 'run-compare-with');
  await runSearches(page, 3);

  await page.getByTestId('compare-earlier-button').click();
  const view = page.getByTestId('drift-view');
  await expect(view.getByTestId('drift-total')).toHaveAttribute('data-total', '2');
  // The same from the history: it offers the first run; the run shown is not its own baseline.
  await view.getByTestId('drift-pick-another').click();
  const items = view.getByTestId('drift-pick').getByTestId('run-history-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toBeDisabled();
  await items.nth(1).click();

  await expect(view.getByTestId('drift-total')).toHaveAttribute('data-total', '2');
  await expect(view.getByTestId('drift-systems-removed')).toContainText('ubuntu-b');
  await expect(view.getByTestId('drift-systems-added')).toHaveCount(0);
  const search = (name: string) => view.locator(`[data-testid="drift-search"][data-search="${name}"]`);
  await expect(view.getByTestId('drift-search')).toHaveCount(2);
  await expect(search('sshd settings')).toContainText('~1');
  await expect(search('local users')).toContainText('+1');
  const system = (name: string) => view.locator(`[data-testid="drift-system"][data-system="${name}"]`);
  await expect(view.getByTestId('drift-system')).toHaveCount(2);
  await expect(system('ubuntu-a')).toContainText('~1');
  await expect(system('rhel')).toContainText('+1');

  // The changed row: before → after; nothing else listed for the search.
  await search('sshd settings').click();
  const rows = view.getByTestId('drift-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-kind', 'changed');
  await expect(rows.first().locator('[data-column="value"]')).toHaveText('no → yes');
  await expect(rows.first().locator('[data-column="System Name"]')).toHaveText('ubuntu-a');
  await photograph(page, 'drift');

  // Per system: rhel's added user.
  await system('rhel').click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute('data-kind', 'added');
  await expect(rows.first().locator('[data-column="user"]')).toHaveText('auditor');
  // An added row opens in this run's file.
  await rows.first().getByTestId('drift-show-in-file').click();
  await expect(page.getByTestId('source-hit')).toContainText('auditor:x:1500:1500');
  await page.getByTestId('source-close').click();

  // Everything, not only what changed: the unchanged system and search are listed as such.
  await view.getByTestId('drift-only-changed').uncheck();
  await expect(view.getByTestId('drift-system')).toHaveCount(3);
  await expect(system('ubuntu-c')).toContainText('no change');
  await expect(view.getByTestId('drift-search')).toHaveCount(3);
  await expect(search('ssh port')).toContainText('no change');
  await view.getByTestId('drift-only-changed').check();
  await expect(view.getByTestId('drift-system')).toHaveCount(2);

  // The search list carries each search's changes while the comparison is open.
  await page.getByTestId('results-tab-searches').click();
  await expect(page.locator('[data-testid="results-search-item"][data-search="sshd settings"] [data-testid="search-drift"]')).toHaveText('~1');
  await expect(page.locator('[data-testid="results-search-item"][data-search="ssh port"] [data-testid="search-drift"]')).toHaveCount(0);
  await page.getByTestId('results-tab-changes').click();

  // The same through the results picker (the output folder both runs wrote into: the earlier one is taken).
  await view.getByTestId('drift-pick-another').click();
  await view.getByTestId('drift-choose-results').click();
  await expect(view.getByTestId('drift-total')).toHaveAttribute('data-total', '2');
  await expect(view.getByTestId('drift-baseline')).toHaveText(kpat.outDir);
  await photograph(page, 'drift-per-system');
});
