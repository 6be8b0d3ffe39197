// The `kpat` fixture: a fresh user-data folder, output folder and open-request log per test,
// and `kpat.launch()` to start the app under test (browser host or Electron, by project).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { electronBinary, launchApp, type HostConfig, type RunningApp } from './support/hosts';
import { referenceAvailable, screenshotsDir } from './support/paths';

export interface KpatOptions {
  kpatHost: 'browser' | 'electron';
}

export interface LaunchRequest {
  pickFolder?: string | null;
  pickFile?: string | null;
  pickResults?: string | null;
  /** Written to settings.json before the first start (default: worker count 2, output in the temp folder). */
  settings?: Record<string, unknown> | null;
}

export interface KpatFixture {
  /** Per-test temp folder; outputs go to `${dir}/out` unless the spec says otherwise. */
  readonly dir: string;
  readonly outDir: string;
  readonly userDataDir: string;
  launch(request?: LaunchRequest): Promise<RunningApp>;
  /** Saves e2e/screenshots/<project>-<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Saves <project>-<name>-<light|dark>-<w>x<h>.png at 1024x700 and 1280x800 (or the given sizes), then restores the page. */
  screenshotViews(page: Page, name: string, views?: readonly { width: number; height: number }[]): Promise<void>;
}

/** The window sizes and colour schemes a screen is looked at in (the app follows the OS theme). */
const VIEWS = [
  { width: 1024, height: 700 },
  { width: 1280, height: 800 },
] as const;

export const test = base.extend<{ kpat: KpatFixture }, KpatOptions>({
  kpatHost: ['browser', { option: true, scope: 'worker' }],

  kpat: async ({ kpatHost, launchOptions }, use, testInfo) => {
    if (kpatHost === 'electron') {
      testInfo.skip(
        electronBinary() === null,
        'Skipped: the Electron binary is not installed on this machine (npm could not download it). ' +
          'The electron project runs where it is installed, e.g. in .github/workflows/release.yml under Xvfb.',
      );
    }
    testInfo.skip(!referenceAvailable(), 'Skipped: ../shared/reference (test data and expected results) is not present beside the repository.');

    const dir = await mkdtemp(join(tmpdir(), 'kpat-e2e-'));
    const userDataDir = join(dir, 'user-data');
    const outDir = join(dir, 'out');
    await mkdir(userDataDir, { recursive: true });
    await mkdir(outDir, { recursive: true });
    const apps: RunningApp[] = [];

    await use({
      dir,
      outDir,
      userDataDir,
      async launch(request = {}) {
        const settings = request.settings === undefined ? { workerCount: 2, outputDir: outDir } : request.settings;
        if (settings) await writeFile(join(userDataDir, 'settings.json'), JSON.stringify(settings, null, 2));
        const config: HostConfig = {
          userDataDir,
          pickFolder: request.pickFolder ?? null,
          pickFile: request.pickFile ?? null,
          pickResults: request.pickResults ?? null,
          openLog: join(dir, 'open-requests.jsonl'),
        };
        const app = await launchApp(kpatHost, config, launchOptions);
        apps.push(app);
        return app;
      },
      async screenshot(page, name) {
        await mkdir(screenshotsDir, { recursive: true });
        await page.screenshot({ path: join(screenshotsDir, `${testInfo.project.name}-${name}.png`) });
      },
      async screenshotViews(page, name, views = VIEWS) {
        await mkdir(screenshotsDir, { recursive: true });
        const size = page.viewportSize();
        for (const colorScheme of ['light', 'dark'] as const) {
          await page.emulateMedia({ colorScheme });
          for (const view of views) {
            await page.setViewportSize(view);
            await page.screenshot({ path: join(screenshotsDir, `${testInfo.project.name}-${name}-${colorScheme}-${view.width}x${view.height}.png`) });
          }
        }
        await page.emulateMedia({ colorScheme: null });
        if (size) await page.setViewportSize(size);
      },
    });

    for (const app of apps) await app.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  },
});

export { expect };
