// Show in file (issue 14): from a result row and from a Compare cell, the lines of the original
// file around the hit, the hit highlighted, its section's name and header lines above it, the
// next / previous hit of the same section; a file that changed since the run says so.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { runSearches, showSearch } from './support/flows';
import { testdataDir } from './support/paths';
import { photograph } from './support/photograph';

const SET = `sshd settings:
  regex: '^Network_OpenSSHServerConfig::(?P<setting>permitrootlogin|passwordauthentication|x11forwarding|port) (?P<value>.*?)\\s*$'
  field_list: ['setting', 'value']
  comment: Effective sshd settings
`;

test('Show in file: a row and a Compare cell open the hit in its file with the section header; a changed file says so', async ({ kpat }) => {
  const input = join(kpat.dir, 'input');
  await mkdir(input, { recursive: true });
  const ubuntu = await readFile(join(testdataDir, 'linux', 'ubuntu-22.04-0.6.22.txt'));
  await writeFile(join(input, 'ubuntu-a.txt'), ubuntu);
  await writeFile(join(input, 'rhel.txt'), await readFile(join(testdataDir, 'linux', 'rhel86-kp0.6.16-1.txt')));
  const set = join(kpat.dir, 'sshd.yaml');
  await writeFile(set, SET);

  const app = await kpat.launch({ pickFolder: input, pickFile: set, settings: { workerCount: 2, outputDir: kpat.outDir } });
  const page = app.page;
  await runSearches(page, 2);
  await showSearch(page, 'Linux', 'sshd settings');

  // A row: ubuntu's PermitRootLogin, line 6893 of the reference file.
  await page.getByTestId('table-filter').fill('permitrootlogin no');
  await expect(page.getByTestId('table-total')).toHaveAttribute('data-total', '1');
  await page.getByTestId('search-table-row').first().click();
  await page.getByTestId('row-show-in-file').click();
  const panel = page.getByTestId('source-panel');
  await expect(panel.getByTestId('source-hit')).toHaveText(/6893\s*Network_OpenSSHServerConfig::permitrootlogin no/);
  await expect(panel.getByTestId('source-hit')).toHaveAttribute('data-line', '6893');
  await expect(panel.getByTestId('source-section')).toHaveText('Section Network_OpenSSHServerConfig');
  // The section's header lines (6875-6881) are within the ±20 lines: marked as the header there.
  await expect(panel.locator('[data-line="6875"]')).toHaveText(/#\[BEGIN\]: Network_OpenSSHServerConfig/);
  await expect(panel.locator('[data-line="6875"]')).toHaveClass(/is-header/);
  await expect(panel.locator('[data-line="6881"]')).toHaveText(/###Running: sshd -T/);
  await expect(panel.locator('[data-line="6881"]')).toHaveClass(/is-header/);
  await expect(panel.locator('[data-line="6874"]')).not.toHaveClass(/is-header/);
  await expect(panel.getByTestId('source-path')).toHaveText('ubuntu-a.txt');
  // ±20 lines around the hit.
  await expect(panel.getByTestId('source-lines').locator('li')).toHaveCount(41);
  await photograph(page, 'show-in-file');

  // The previous hit of the search in the section (port 22 … permitrootlogin: line 6882), and back.
  await panel.getByTestId('source-previous').click();
  await expect(panel.getByTestId('source-hit')).toHaveAttribute('data-line', '6882');
  await panel.getByTestId('source-next').click();
  await expect(panel.getByTestId('source-hit')).toHaveAttribute('data-line', '6893');
  // The next one (passwordauthentication, 6908): the header is above the window now, pinned over it.
  await panel.getByTestId('source-next').click();
  await expect(panel.getByTestId('source-hit')).toHaveAttribute('data-line', '6908');
  await expect(panel.getByTestId('source-header')).toContainText('#[BEGIN]: Network_OpenSSHServerConfig');
  await expect(panel.getByTestId('source-header')).toContainText('###Running: sshd -T');
  await photograph(page, 'show-in-file-next');
  await panel.getByTestId('source-more').click();
  await expect(panel.getByTestId('source-lines').locator('li')).toHaveCount(121);
  await panel.getByTestId('source-close').click();
  await expect(panel).toHaveCount(0);
  await page.getByTestId('row-detail-close').click();

  // A Compare cell: the RHEL host's permitrootlogin (yes), its line in that file.
  await page.getByTestId('view-mode').getByText('Compare systems').click();
  const view = page.getByTestId('compare-view');
  await view.locator('[data-testid="compare-row"][data-system="rhel"] [data-testid="compare-cell"][data-column="permitrootlogin"] [data-testid="compare-cell-source"]').click();
  await expect(panel.getByTestId('source-hit')).toHaveText(/3036\s*Network_OpenSSHServerConfig::permitrootlogin yes/);
  await expect(panel.getByTestId('source-path')).toHaveText('rhel.txt');
  await panel.getByTestId('source-close').click();

  // The file changed since the run: said so, no lines shown.
  await writeFile(join(input, 'rhel.txt'), `${(await readFile(join(input, 'rhel.txt'), 'latin1')).replace('permitrootlogin yes', 'permitrootlogin no')}`, 'latin1');
  await view.locator('[data-testid="compare-row"][data-system="rhel"] [data-testid="compare-cell"][data-column="permitrootlogin"] [data-testid="compare-cell-source"]').click();
  await expect(panel.getByTestId('source-problem')).toHaveAttribute('data-reason', 'changed');
  await expect(panel.getByTestId('source-problem')).toContainText('The file changed since the run');
  await expect(panel.getByTestId('source-lines')).toHaveCount(0);
  await photograph(page, 'show-in-file-changed');
});
