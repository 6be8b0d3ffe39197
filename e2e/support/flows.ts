// UI steps several specs share, in the words of the UI (test ids from src-renderer).
import { expect, type Page } from '@playwright/test';

/** "Open folder…" (the host's picker answers with the folder the test configured). */
export async function openFolder(page: Page, expectedSystems: number): Promise<void> {
  await page.getByTestId('open-folder-button').click();
  // The systems table is windowed (only the rows in view exist): the count says how many were found.
  const count = expectedSystems.toLocaleString('en-US');
  await expect(page.getByTestId('systems-count')).toHaveText(new RegExp(`^${count} systems? ·`));
}

/** "Open search file…" and wait for its report. */
export async function chooseSearchFile(page: Page): Promise<void> {
  await page.getByTestId('choose-search-file').click();
}

export interface ProgressSample {
  value: string | null;
  files: string | null;
  workers: number;
}

// Runs in the page. Kept as text: this project's Node type-check has no DOM types.
const START_SAMPLER = `(() => {
  window.__samples = [];
  window.__sampler = setInterval(() => {
    const bar = document.querySelector('[data-testid="progress-bar"]');
    if (!bar) return;
    window.__samples.push({
      value: bar.getAttribute('aria-valuenow'),
      files: document.querySelector('[data-testid="progress-files"]')?.textContent ?? null,
      workers: document.querySelectorAll('[data-testid="worker-row"]').length,
    });
  }, 10);
})()`;
const STOP_SAMPLER = `(() => { clearInterval(window.__sampler); return window.__samples; })()`;

/** Records the progress bar and worker rows from inside the page until progressSamples(). */
export async function sampleProgress(page: Page): Promise<void> {
  await page.evaluate(START_SAMPLER);
}

export async function progressSamples(page: Page): Promise<ProgressSample[]> {
  return (await page.evaluate(STOP_SAMPLER)) as ProgressSample[];
}

/** Results → Searches, pick the family and the search; returns the table's row count. */
export async function showSearch(page: Page, familyLabel: string, search: string): Promise<number> {
  await page.getByTestId('results-tab-searches').click();
  const picker = page.getByTestId('family-picker');
  if (await picker.count()) await picker.getByText(familyLabel, { exact: true }).click();
  await page.locator(`[data-testid="results-search-item"][data-search="${search}"]`).click();
  await expect(page.getByTestId('search-table')).toHaveAttribute('data-search', search);
  const total = page.getByTestId('table-total');
  await expect(total).toHaveAttribute('data-total', /\d+/);
  return Number(await total.getAttribute('data-total'));
}

/** Open the folder the host offers, choose the search file it offers, run, and wait for the results. */
export async function runSearches(page: Page, expectedSystems: number): Promise<void> {
  await openFolder(page, expectedSystems);
  await chooseSearchFile(page);
  await page.getByTestId('run-button').click();
  await expect(page.getByTestId('results-view')).toBeVisible({ timeout: 60_000 });
}
