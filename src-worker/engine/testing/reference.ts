// Where the shared reference data lives for tests and benches: ../shared/reference beside the repository.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root (package.json) not found');
    dir = up;
  }
  return dir;
}

export const REFERENCE_DIR = resolve(repoRoot(), '../shared/reference');
/** The built-in search library of this checkout. */
export const LIBRARY_DIR = join(repoRoot(), 'builtin-searches');
export const TESTDATA_DIR = join(REFERENCE_DIR, 'testdata');
/** The one real kpadaudit (Active Directory) collection; the reference tool has no results for it. */
export const AD_TESTDATA_DIR = join(REFERENCE_DIR, 'testdata-ad');
export const AD_FILE = join(AD_TESTDATA_DIR, 'shire-kpadaudit-0.1.6-ws2022.txt');
/** The families ../shared/reference/expected/ has results for (the reference tool skips AD collections). */
export const REFERENCE_FAMILIES = ['Linux', 'Windows', 'Darwin'] as const;
