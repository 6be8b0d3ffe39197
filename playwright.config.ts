// End-to-end tests: one set of specs (e2e/), two projects.
//   browser   Debian's Chromium against the browser host (node out/main/web.js), started per test
//             with its own user-data folder and port. Runs everywhere, including CI here.
//   electron  the built app through _electron.launch, open dialogs stubbed. Needs the Electron
//             binary; where it is missing every test says so and is skipped.
// The app is built once first (e2e/global-setup.ts; KPAT_E2E_SKIP_BUILD=1 to reuse out/).
import { defineConfig } from '@playwright/test';
import type { KpatOptions } from './e2e/fixtures';

const CHROMIUM = process.env.KPAT_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig<KpatOptions>({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  // Two cores shared with the app's own worker processes: one test at a time.
  workers: 1,
  fullyParallel: false,
  timeout: 180_000,
  expect: { timeout: 30_000 },
  // The JSON report feeds the one closing line of `npm test` (scripts/test-summary.mjs).
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1360, height: 900 },
  },
  projects: [
    {
      name: 'browser',
      use: {
        kpatHost: 'browser',
        browserName: 'chromium',
        headless: true,
        launchOptions: {
          executablePath: CHROMIUM,
          args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
    {
      name: 'electron',
      use: { kpatHost: 'electron' },
    },
  ],
});
