// The System view (issue 14): one host across all searches of its family, with the searches that
// found nothing for it told apart — the section missing from the file (an old or partial
// collection), the section there but nothing matched, and searches whose filters exclude the host.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { runSearches } from './support/flows';
import { testdataDir } from './support/paths';
import { photograph } from './support/photograph';

const SET = `sshd settings:
  regex: '^Network_OpenSSHServerConfig::(?P<setting>permitrootlogin|passwordauthentication|x11forwarding|port) (?P<value>.*?)\\s*$'
  field_list: ['setting', 'value']
local users:
  regex: '^Users_etcpasswdContents::/etc/passwd::(?P<user>[^:]+):[^:]*:(?P<uid>\\d+):'
  field_list: ['user', 'uid']
sshd banner:
  regex: '^Network_OpenSSHServerConfig::banner (?P<banner>/.*)'
  field_list: ['banner']
collector extras:
  regex: '^Kp_Extra_Inventory::(?P<item>.*)'
  field_list: ['item']
rpm hosts only:
  regex: '^Network_OpenSSHServerConfig::port (?P<port>\\d+)'
  field_list: ['port']
  sys_filter:
    - attr: distro_family
      comp: eq
      value: rpm
`;

test('System view: everything found for one host, and its coverage gaps', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await mkdir(input, { recursive: true });
  await writeFile(join(input, 'ubuntu-a.txt'), await readFile(join(testdataDir, 'linux', 'ubuntu-22.04-0.6.22.txt')));
  await writeFile(join(input, 'rhel.txt'), await readFile(join(testdataDir, 'linux', 'rhel86-kp0.6.16-1.txt')));
  const set = join(kpat.dir, 'system.yaml');
  await writeFile(set, SET);

  const app = await kpat.launch({ pickFolder: input, pickFile: set, settings: { workerCount: 2, outputDir: kpat.outDir } });
  const page = app.page;
  await runSearches(page, 2);

  await page.getByTestId('results-tab-systems').click();
  await page.locator('[data-testid="results-system-row"][data-system-name="ubuntu-a"]').getByTestId('open-system').click();
  const view = page.getByTestId('system-view');
  await expect(view).toHaveAttribute('data-system', 'ubuntu-a');
  await expect(view.getByTestId('system-count-found')).toHaveText('2 searches found rows');
  await expect(view.getByTestId('system-count-missing')).toHaveText('1 section missing from the file');
  const gap = (search: string) => view.locator(`[data-testid="coverage-gap"][data-search="${search}"]`);
  await expect(view.getByTestId('coverage-gap')).toHaveCount(2);
  await expect(gap('collector extras')).toHaveAttribute('data-section-present', 'false');
  await expect(gap('collector extras')).toContainText('Section Kp_Extra_Inventory is not in this file');
  await expect(gap('sshd banner')).toHaveAttribute('data-section-present', 'true');
  await expect(gap('sshd banner')).toContainText('nothing in it matched');
  await expect(view.getByText('1 search does not apply to this system (its filters exclude it)')).toBeVisible();
  await expect(view.getByTestId('system-search')).toHaveCount(2);

  // A search's rows, and a row back to its file.
  const sshd = view.locator('[data-testid="system-search"][data-search="sshd settings"]');
  await sshd.locator('summary').click();
  await expect(sshd.getByTestId('system-row')).toHaveCount(4);
  await photograph(page, 'system-view');
  await sshd.getByTestId('system-row-source').filter({ hasText: '6893' }).click();
  await expect(page.getByTestId('source-hit')).toContainText('permitrootlogin no');
  await page.getByTestId('source-close').click();

  // The rpm host: the filtered search applies, and found its port.
  await view.getByTestId('system-view-back').click();
  await page.locator('[data-testid="results-system-row"][data-system-name="rhel"]').getByTestId('open-system').click();
  await expect(view.getByTestId('system-count-found')).toHaveText('3 searches found rows');
});
