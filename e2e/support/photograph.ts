// Screenshots at the sizes issue 14 asks for, light and dark (the fixture's screenshotViews keeps
// its own sizes for the other specs).
import { join } from 'node:path';
import type { Page } from '@playwright/test';

const SIZES = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

export const screenshotsDir = join(__dirname, '..', 'screenshots');

export async function photograph(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: join(screenshotsDir, `browser-${name}-${colorScheme}-${size.width}x${size.height}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: null });
}
