// Where things are, and what the reference tool found (../shared/reference/expected).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '../..');
export const referenceDir = resolve(repoRoot, '../shared/reference');
export const testdataDir = join(referenceDir, 'testdata');
export const auditAllYaml = join(referenceDir, 'conf.d/audit-all.yaml');
export const screenshotsDir = join(repoRoot, 'e2e/screenshots');

export function referenceAvailable(): boolean {
  return existsSync(testdataDir) && existsSync(auditAllYaml);
}

/** Names (file stems) of the systems in testdata/. */
export function referenceSystems(): string[] {
  return (readdirSync(testdataDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.txt')).map((f) => basename(f, '.txt'));
}

interface ExpectedFamily {
  searches: { search: string; header: string[]; rows: string[][] }[];
}

/**
 * Rows the reference tool found for one search of one family, counting only the systems
 * present; with `filter`, only rows with a cell containing it (case-insensitive, as the UI filters).
 */
export function expectedRows(family: 'Linux' | 'Windows' | 'Darwin', search: string, filter?: string): number {
  const data = JSON.parse(readFileSync(join(referenceDir, 'expected', `${family}.json`), 'utf8')) as ExpectedFamily;
  const present = new Set(referenceSystems());
  const table = data.searches.find((s) => s.search === search);
  if (!table) throw new Error(`${search} is not in expected/${family}.json`);
  const col = table.header.indexOf('System Name');
  const needle = filter?.toLowerCase();
  return table.rows.filter((r) => present.has(r[col] as string) && (!needle || r.some((c) => String(c).toLowerCase().includes(needle)))).length;
}
