// The Compare view of an SSH-settings search over the reference Linux systems (issue 14): one row
// per system, a column per sshd setting, a deviating value highlighted against the majority;
// choosing a baseline system moves the highlights to the systems that differ from it.
import { test, expect } from './fixtures';
import { chooseSearchFile, openFolder, showSearch } from './support/flows';
import { SSHD_SEARCH, writeSshdFleet } from './support/sshd-fleet';

test('Compare systems: one row per system, deviating value highlighted, a baseline moves the highlights', async ({ kpat }) => {
  const { input, set } = await writeSshdFleet(kpat.dir);
  const app = await kpat.launch({ pickFolder: input, pickFile: set, settings: { workerCount: 2, outputDir: kpat.outDir } });
  const page = app.page;
  await openFolder(page, 3);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 60_000 });
  await showSearch(page, 'Linux', SSHD_SEARCH);
  await page.getByTestId('view-mode').getByText('Compare systems').click();

  const view = page.getByTestId('compare-view');
  await expect(view.getByTestId('compare-row')).toHaveCount(3);
  const cell = (system: string, column: string) => view.locator(`[data-testid="compare-row"][data-system="${system}"] [data-testid="compare-cell"][data-column="${column}"]`);
  await expect(cell('rhel', 'permitrootlogin')).toHaveText('yes');
  await expect(cell('ubuntu-a', 'permitrootlogin')).toHaveText('no');
  // Against the majority, the RHEL host deviates and the Ubuntu hosts do not.
  await expect(cell('rhel', 'permitrootlogin')).toHaveAttribute('data-deviates', 'true');
  await expect(cell('rhel', 'permitrootlogin')).toHaveClass(/is-deviating/);
  await expect(cell('ubuntu-a', 'permitrootlogin')).toHaveAttribute('data-deviates', 'false');
  await view.locator('[data-testid="compare-column"][data-column="permitrootlogin"]').click();
  await expect(view.getByTestId('compare-values')).toContainText('no × 2');
  await expect(view.getByTestId('compare-values')).toContainText('yes × 1');
  await kpat.screenshotViews(page, 'compare-majority');

  // Only the systems that deviate.
  await view.getByTestId('compare-only-deviating').check();
  await expect(view.getByTestId('compare-row')).toHaveCount(1);
  await expect(view.getByTestId('compare-row')).toHaveAttribute('data-system', 'rhel');
  await view.getByTestId('compare-only-deviating').uncheck();

  // The RHEL host as the baseline: now the Ubuntu hosts are the ones that differ.
  await view.getByTestId('compare-baseline').selectOption('rhel');
  await expect(cell('ubuntu-a', 'permitrootlogin')).toHaveAttribute('data-deviates', 'true');
  await expect(cell('ubuntu-b', 'permitrootlogin')).toHaveAttribute('data-deviates', 'true');
  await expect(cell('rhel', 'permitrootlogin')).toHaveAttribute('data-deviates', 'false');
  await kpat.screenshotViews(page, 'compare-baseline');
});
