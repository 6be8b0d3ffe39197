// `kpat scripts --compare-sheet SEARCH` through the built CLI: the Linux workbook gets a
// "Compare <sheet>" sheet for the built-in effective-sshd-settings search over two Ubuntu hosts
// and the RHEL one: a row per system, the RHEL host's `permitrootlogin yes` highlighted against
// the majority (read back with exceljs). A search the set does not have is refused up front.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtBundle, referenceDir, repoRoot, runBuiltCli, type CliRun } from '../core/run/testing/itest-support';

let cli: string;
let input: string;
const cleanup: string[] = [];
const libraryDir = join(repoRoot, 'builtin-searches');
const kpat = (args: string[]): Promise<CliRun> => runBuiltCli(args, { cli, libraryDir });
const SSHD = 'linux_ssh_effective_settings';

beforeAll(() => {
  const bundle = builtBundle();
  cli = bundle.cli;
  cleanup.push(bundle.dir);
  const root = mkdtempSync(join(tmpdir(), 'kpat-compare-sheet-'));
  cleanup.push(root);
  input = join(root, 'input');
  mkdirSync(input);
  const linux = join(referenceDir, 'testdata', 'linux');
  copyFileSync(join(linux, 'ubuntu-22.04-0.6.22.txt'), join(input, 'ubuntu-a.txt'));
  copyFileSync(join(linux, 'ubuntu-22.04-0.6.22.txt'), join(input, 'ubuntu-b.txt'));
  copyFileSync(join(linux, 'rhel86-kp0.6.16-1.txt'), join(input, 'rhel.txt'));
});
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

describe('kpat scripts --compare-sheet', () => {
  it('writes a Compare sheet: one row per system, the deviating value highlighted', async () => {
    const out = join(input, '..', 'out');
    const run = await kpat(['scripts', '-d', input, '-o', out, '-c', 'linux-ssh', '-p', '1', '-q', '--compare-sheet', SSHD]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [workbook] = readdirSync(out).filter((f) => f.endsWith('.xlsx'));
    if (!workbook) throw new Error(`no workbook in ${out}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, workbook));
    const names = wb.worksheets.map((w) => w.name);
    // With the front sheets (after Checks and Findings), before the search sheets.
    expect(names.slice(0, 5)).toEqual(['Summary', 'Systems Summary', 'Checks', 'Findings', 'Compare SSH_Effective_Settings']);
    expect(names).toContain('SSH_Effective_Settings');
    const sheet = wb.getWorksheet('Compare SSH_Effective_Settings');
    if (!sheet) throw new Error('no Compare sheet');
    const header = (sheet.getRow(2).values as unknown[]).slice(1) as string[];
    expect(header.slice(0, 2)).toEqual(['System Name', 'Result']);
    expect(header.at(-1)).toBe('Differing cells');
    const rootLogin = header.indexOf('permitrootlogin') + 1;
    expect(rootLogin).toBeGreaterThan(2);
    const rows = [3, 4, 5].map((r) => sheet.getRow(r));
    expect(rows.map((r) => r.getCell(1).value)).toEqual(['rhel', 'ubuntu-a', 'ubuntu-b']);
    expect(rows.map((r) => r.getCell(2).value)).toEqual(['found', 'found', 'found']);
    expect(rows.map((r) => r.getCell(rootLogin).value)).toEqual(['yes', 'no', 'no']);
    const fill = (cell: ExcelJS.Cell): string | undefined => (cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined);
    expect(rows.map((r) => fill(r.getCell(rootLogin)))).toEqual(['FFFFEB9C', undefined, undefined]);
    expect(sheet.getCell('A1').value).toMatch(/^Compare: linux_ssh_effective_settings \(sheet SSH_Effective_Settings\) — 3 systems, 3 compared, 1 differs from the majority;/);
  });

  it('refuses a search the set does not have, naming it and the set, before anything is written', async () => {
    const out = join(input, '..', 'out-bad');
    const run = await kpat(['scripts', '-d', input, '-o', out, '-c', 'linux-ssh', '-p', '1', '-q', '--compare-sheet', SSHD, '--compare-sheet', 'no_such_search']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Compare sheet: the search set .*linux-ssh\.yaml has no search "no_such_search"/);
    expect(readdirSync(join(input, '..')).includes('out-bad') ? readdirSync(out).filter((f) => f.endsWith('.xlsx')) : []).toEqual([]);
  });
});
