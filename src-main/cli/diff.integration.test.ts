// Drift between two runs through the built CLI: the reference files, then a copy with a few facts
// changed (a user added, an SSH setting changed, a package removed, one file removed). `kpat diff`
// reports exactly those changes, however far the edits shifted the following lines, and
// `kpat scripts --compare-with` writes the same into each workbook's Changes sheet.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtBundle, referenceDir, repoRoot, runBuiltCli, type CliRun } from '../core/run/testing/itest-support';

let cli: string;
const cleanup: string[] = [];
let base: string;
const libraryDir = join(repoRoot, 'builtin-searches');
const kpat = (args: string[]): Promise<CliRun> => runBuiltCli(args, { cli, libraryDir });

/** Replaces line `n` (1-based) after checking what it was; `null` deletes it; `insert` adds lines after it. */
function editLines(file: string, edits: { line: number; was: string; now?: string | null; insert?: string[] }[]): void {
  const lines = readFileSync(file, 'latin1').split('\n');
  for (const e of [...edits].sort((a, b) => b.line - a.line)) {
    expect(lines[e.line - 1]).toBe(e.was);
    if (e.insert) lines.splice(e.line, 0, ...e.insert);
    if (e.now === null) lines.splice(e.line - 1, 1);
    else if (e.now !== undefined) lines[e.line - 1] = e.now;
  }
  writeFileSync(file, lines.join('\n'), 'latin1');
}

const ROOT_LOGIN_BEFORE = 'Network_OpenSSHServerConfig::permitrootlogin no';
const ROOT_LOGIN_AFTER = 'Network_OpenSSHServerConfig::permitrootlogin yes';
const NEW_USER = 'Users_etcpasswdContents::/etc/passwd::auditor2:x:1002:1002:Audit Two:/home/auditor2:/bin/bash';
const GONE_PACKAGE = 'System_PackageInstalledSoftware::systemd-pam-239-58.el8_6.8.x86_64             Mon 31 Oct 2022 04:30:50 PM EDT';

beforeAll(async () => {
  const bundle = builtBundle();
  cli = bundle.cli;
  cleanup.push(bundle.dir);
  base = mkdtempSync(join(tmpdir(), 'kpat-drift-'));
  cleanup.push(base);
  cpSync(join(referenceDir, 'testdata'), join(base, 'before'), { recursive: true });
  cpSync(join(referenceDir, 'testdata'), join(base, 'after'), { recursive: true });
  const after = join(base, 'after');
  // The new user goes in near the end of /etc/passwd: every line below it moves down by one.
  editLines(join(after, 'linux', 'ubuntu-22.04-0.6.22.txt'), [
    { line: 6893, was: ROOT_LOGIN_BEFORE, now: ROOT_LOGIN_AFTER },
    { line: 12003, was: 'Users_etcpasswdContents::/etc/passwd::bind:x:10000:65534::/home/bind:/usr/sbin/nologin', insert: [NEW_USER] },
  ]);
  // A package removed: every line below it moves up by one.
  editLines(join(after, 'linux', 'rhel86-kp0.6.16-1.txt'), [{ line: 1532, was: GONE_PACKAGE, now: null }]);
  rmSync(join(after, 'windows', 'windows11-0.4.8.txt'));

  const first = await kpat(['scripts', '-d', join(base, 'before'), '-o', join(base, 'run1'), '--json', '-q', '-p', '2']);
  expect(first.stderr).toBe('');
  const second = await kpat(['scripts', '-d', after, '-o', join(base, 'run2'), '--json', '-q', '-p', '2', '--compare-with', join(base, 'run1')]);
  expect(second.stderr).toBe('');
  expect(second.code).toBe(0);
}, 180_000);

afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

type Cell = string | number;
interface DiffJson {
  families: {
    family: string;
    systems: { added: string[]; removed: string[] };
    searches: { search: string; header: string[]; keyField: string | null; added: Cell[][]; removed: Cell[][]; changed: { before: Cell[]; after: Cell[] }[] }[];
  }[];
}

const text = (header: string[], row: Cell[]): string => String(row[header.indexOf('Matched Text')]).trimEnd();

describe('kpat diff', () => {
  it('reports exactly the facts that changed, and the system that is gone', async () => {
    const out = join(base, 'diff.json');
    const r = await kpat(['diff', join(base, 'run1'), join(base, 'run2'), '--json', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const diff = JSON.parse(readFileSync(out, 'utf8')) as DiffJson;
    const byFamily = Object.fromEntries(diff.families.map((f) => [f.family, f]));
    expect(Object.keys(byFamily).sort()).toEqual(['Darwin', 'Linux', 'Windows']);
    expect(byFamily.Windows?.systems).toEqual({ added: [], removed: ['windows11-0.4.8'] });
    expect(byFamily.Windows?.searches).toEqual([]);
    expect(byFamily.Darwin).toEqual({ family: 'Darwin', systems: { added: [], removed: [] }, searches: [] });
    const linux = byFamily.Linux;
    expect(linux?.systems).toEqual({ added: [], removed: [] });

    // Every reported row comes from an edited line, and every edit is reported where it belongs.
    const summary = (linux?.searches ?? []).map((s) => ({
      search: s.search,
      added: s.added.map((row) => text(s.header, row)),
      removed: s.removed.map((row) => text(s.header, row)),
      changed: s.changed.map((c) => [text(s.header, c.before), text(s.header, c.after)]),
    }));
    for (const s of summary) {
      for (const t of s.added) expect(NEW_USER.includes(t) || t === ROOT_LOGIN_AFTER, `${s.search}: added ${t}`).toBe(true);
      for (const t of s.removed) expect(GONE_PACKAGE.includes(t) || t === ROOT_LOGIN_BEFORE, `${s.search}: removed ${t}`).toBe(true);
    }
    const find = (search: string) => summary.find((s) => s.search === search);
    expect(find('linux_ssh_effective_settings')).toEqual({ search: 'linux_ssh_effective_settings', added: [], removed: [], changed: [[ROOT_LOGIN_BEFORE, ROOT_LOGIN_AFTER]] });
    expect(find('linux_ssh_root_login')?.changed).toHaveLength(1);
    expect(find('linux_usr_passwd')).toMatchObject({ removed: [], changed: [] });
    expect(find('linux_usr_passwd')?.added).toHaveLength(1);
    expect(find('linux_sw_packages_rpm')).toMatchObject({ added: [], changed: [] });
    expect(find('linux_sw_packages_rpm')?.removed).toHaveLength(1);
    expect(r.stdout).toMatch(/Windows: no rows changed\n {2}systems only in OLD: windows11-0\.4\.8/);
    expect(r.stdout).toMatch(/SSH_Effective_Settings \(linux_ssh_effective_settings\): \+0 added, -0 removed, ~1 changed/);
  });

  it('writes the same into the Changes sheet of --compare-with, and with -o', async () => {
    const run2 = join(base, 'run2');
    const linuxBook = readdirSync(run2).find((n) => n.startsWith('Linux_') && n.endsWith('.xlsx')) as string;
    const sheetRows = async (file: string, title: string): Promise<Cell[][]> => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet(title);
      expect(ws, `${file} has a ${title} sheet`).toBeDefined();
      const rows: Cell[][] = [];
      ws?.eachRow((row, n) => {
        if (n > 2) rows.push(Array.from((row.values as (Cell | undefined)[]).slice(1), (v) => v ?? ''));
      });
      return rows;
    };
    const changes = await sheetRows(join(run2, linuxBook), 'Changes');
    const kinds = changes.map((r) => `${r[1]}:${r[3]}`).sort();
    expect(kinds).toEqual([
      'linux_ssh_effective_settings:changed',
      'linux_ssh_root_login:changed',
      'linux_sw_packages_rpm:removed',
      'linux_usr_login_shells:added',
      'linux_usr_passwd:added',
    ]);
    const ssh = changes.find((r) => r[1] === 'linux_ssh_effective_settings') as Cell[];
    // Family, Search, Sheet, Change, System Name, Key, Old Line, New Line, Before, After: line numbers stay numbers.
    expect(ssh.slice(3, 8)).toEqual(['changed', 'ubuntu-22.04-0.6.22', 'setting = permitrootlogin', 6893, 6893]);
    const windowsBook = readdirSync(run2).find((n) => n.startsWith('Windows_') && n.endsWith('.xlsx')) as string;
    expect(await sheetRows(join(run2, windowsBook), 'Changes')).toEqual([['Windows', '', '', 'system removed', 'windows11-0.4.8']]);

    const outDir = join(base, 'changes-book');
    const r = await kpat(['diff', join(base, 'run1'), run2, '-o', outDir, '-q']);
    expect(r.code).toBe(0);
    const [book] = readdirSync(outDir);
    expect(book).toMatch(/^Changes-\d{8}-\d{6}\.xlsx$/);
    expect((await sheetRows(join(outDir, book as string), 'Changes')).length).toBe(changes.length + 1);
  });

  it('exits 1 with a clear message for an input that is not a run, or two runs of different families', async () => {
    const notRun = await kpat(['diff', join(base, 'run1'), join(base, 'before')]);
    expect(notRun.code).toBe(1);
    expect(notRun.stderr).toMatch(/before is not a results folder of this app/);
    const junk = join(base, 'junk.json');
    writeFileSync(junk, '{"family":"Linux","systems":[],"searches":[{"search":"x","sheet":"x","header":["a"],"rows":[[1,2]]}]}');
    expect((await kpat(['diff', junk, join(base, 'run2')])).stderr).toMatch(/junk\.json is not a results JSON of this app: search 1 \("x"\), row 1: not 1 text or number cells/);
    const json = (dir: string, family: string): string => join(base, dir, readdirSync(join(base, dir)).find((n) => n.startsWith(`${family}_`) && n.endsWith('.json')) as string);
    const disjoint = await kpat(['diff', json('run1', 'Linux'), json('run2', 'Windows')]);
    expect(disjoint.code).toBe(1);
    expect(disjoint.stderr).toMatch(/the two runs share no OS family: OLD has Linux, NEW has Windows/);
    const badCompare = await kpat(['scripts', '-d', join(base, 'after'), '-o', join(base, 'run3'), '--compare-with', join(base, 'before')]);
    expect(badCompare.code).toBe(1);
    expect(badCompare.stderr).toMatch(/is not a results folder of this app/);
  });
});
