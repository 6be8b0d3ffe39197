// The built CLI (out/main/cli.js) as users run it: exit codes, list actions, interrupt, and
// results that do not depend on the worker count (-p 1 = -p 2 = -p 4 = the engine in one process).
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from '../../src-worker/engine/config/load';
import { runEngineInProcess } from '../../src-worker/engine/run-in-process';
import { writeResultsJson } from '../../src-worker/export/results-json';
import type { CheckTable, FamilyResults } from '../../src-worker/engine/types';
import { checkEvidence, markKey, type Mark } from '../../src-worker/engine/marks';
import ExcelJS from 'exceljs';
import { auditAll, builtBundle, jsonResults, listAll, makeCorpus, referenceDir, repoRoot, runBuiltCli, type CliOptions, type CliRun } from '../core/run/testing/itest-support';

let cli: string;
const cleanup: string[] = [];
beforeAll(() => {
  const bundle = builtBundle();
  cli = bundle.cli;
  cleanup.push(bundle.dir);
});
afterAll(() => {
  // rm, not rmSync: a test leaves a path over the system's limit, which Node cannot remove by its path.
  for (const dir of cleanup) execFileSync('rm', ['-rf', dir]);
});

function kpat(args: string[], opts: Omit<CliOptions, 'cli'> = {}): Promise<CliRun> {
  return runBuiltCli(args, { ...opts, cli });
}

/** The pids whose parent is `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        // pid (comm) state ppid …; comm may hold spaces, so split after its closing parenthesis.
        const stat = readFileSync(`/proc/${n}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU time a process has used (user + system), in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Running (a zombie waiting for its new parent to reap it holds nothing and runs nothing). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kpat-cli-'));
  cleanup.push(dir);
  return dir;
}

const testdata = join(referenceDir, 'testdata');

describe('kpat scripts (built CLI)', () => {
  it('gives the same results with -p 1, -p 2 and -p 4, equal to the engine run in one process', async () => {
    const base = tempDir();
    const results: Record<string, unknown>[] = [];
    for (const p of ['1', '2', '4']) {
      const out = join(base, `p${p}`);
      const r = await kpat(['scripts', '-c', auditAll, '-d', testdata, '-o', out, '-p', p, '--json', '-q']);
      expect(r.code, r.stderr).toBe(0);
      expect(listAll(out).filter((n) => n.endsWith('.xlsx'))).toHaveLength(3);
      results.push(jsonResults(out));
    }
    expect(Object.keys(results[0] ?? {})).toEqual(['Darwin', 'Linux', 'Windows']);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    // The same pipeline without processes, spills or scheduling.
    const plain = join(base, 'in-process');
    mkdirSync(plain);
    const run = await runEngineInProcess({ startDir: testdata, filespec: '*.txt', searchSet: await loadSearchSet(auditAll) });
    for (const family of run.families) await writeResultsJson(family, plain, new Date());
    expect(jsonResults(plain)).toEqual(results[0]);
  });

  it('the built-in "all" gives the same check outcomes with -p 1 and -p 2, equal to the engine in one process', async () => {
    const libraryDir = join(repoRoot, 'builtin-searches');
    const base = tempDir();
    const checks: Record<string, unknown>[] = [];
    for (const p of ['1', '2']) {
      const out = join(base, `p${p}`);
      const r = await kpat(['scripts', '-d', testdata, '-o', out, '-p', p, '--json', '-q'], { libraryDir });
      expect(r.code, r.stderr).toBe(0);
      const byFamily = jsonResults(out) as Record<string, FamilyResults>;
      checks.push(Object.fromEntries(Object.entries(byFamily).map(([family, results]) => [family, results.checks])));
    }
    const total = Object.values(checks[0] ?? {}).reduce((n: number, list) => n + (list as CheckTable[]).length, 0);
    expect(total).toBeGreaterThanOrEqual(60);
    expect(checks[1]).toEqual(checks[0]);
    const run = await runEngineInProcess({ startDir: testdata, filespec: '*.txt', searchSet: await loadSearchSet(join(libraryDir, 'all.yaml'), { libraryDir }) });
    expect(Object.fromEntries(run.families.map((f) => [f.family, f.checks]))).toEqual(checks[0]);
  });

  it('marks in the output folder (check and compare-cell marks) carry over to a rerun of the same folder; changed evidence is flagged, nothing dropped', async () => {
    const libraryDir = join(repoRoot, 'builtin-searches');
    const dir = tempDir();
    const input = join(dir, 'in');
    mkdirSync(input);
    const mac = readdirSync(join(testdata, 'macos'))[0] as string;
    const original = readFileSync(join(testdata, 'macos', mac), 'latin1');
    writeFileSync(join(input, mac), original, 'latin1');
    const out = join(dir, 'out');
    const first = await kpat(['scripts', '-c', 'macos', '-d', input, '-o', out, '-p', '1', '--json', '-q'], { libraryDir });
    expect(first.code, first.stderr).toBe(0);
    const results = jsonResults(out).Darwin as FamilyResults;
    const mark = (check: string, status: Mark['status'], note: string): Mark => {
      const table = results.checks.find((c) => c.check === check) as CheckTable;
      const cell = table.results[0] as CheckTable['results'][number];
      const target = { kind: 'check' as const, system: cell.system, search: table.search, check };
      return { key: markKey(target), target, status, note, override: null, by: 'ann', at: '2026-12-03T09:00:00.000Z', evidence: checkEvidence(cell.outcome, cell.evidence), line: null };
    };
    // And a cell of the Compare view: the firewall's Stealth Mode setting on the system.
    const system = results.systems[0]?.['System Name'] as string;
    const cellTarget = { kind: 'cell' as const, system, search: 'mac_fw_status', column: 'Stealth Mode' };
    const cellMark: Mark = { key: markKey(cellTarget), target: cellTarget, status: 'follow-up', note: 'ask why', override: null, by: 'ann', at: '2026-12-03T09:00:00.000Z', evidence: ['No'], line: null };
    const marks = [mark('Firewall stealth mode on', 'finding', 'stealth off'), mark('FileVault on', 'ok', 'seen on screen'), cellMark];
    writeFileSync(join(out, 'kpat-findings.json'), JSON.stringify({ version: 1, marks }));
    const findings = async (): Promise<Record<string, unknown>[]> => {
      const book = new ExcelJS.Workbook();
      const latest = readdirSync(out).filter((n) => n.startsWith('Darwin') && n.endsWith('.xlsx')).sort().at(-1) as string;
      await book.xlsx.readFile(join(out, latest));
      const ws = book.getWorksheet('Findings');
      const head = ((ws?.getRow(2).values ?? []) as unknown[]).slice(1).map(String);
      const rows: Record<string, unknown>[] = [];
      ws?.eachRow((row, n) => {
        if (n > 2) rows.push(Object.fromEntries(head.map((h, i) => [h, row.getCell(i + 1).value])));
      });
      return rows.filter((r) => r.By === 'ann');
    };
    // A rerun of the same folder a second later (new timestamp): the marks are there, evidence current.
    await new Promise((r) => setTimeout(r, 1100));
    expect((await kpat(['scripts', '-c', 'macos', '-d', input, '-o', out, '-p', '2', '-q'], { libraryDir })).code).toBe(0);
    expect((await findings()).map((r) => [r.Check || r.Evidence, r.Status, r['Evidence now']])).toEqual([
      ['Firewall stealth mode on', 'finding', 'current'],
      ['FileVault on', 'ok', 'current'],
      ['Stealth Mode = No', 'follow-up', 'current'],
    ]);
    // The system was changed: stealth mode on now. That mark's evidence changed; the other is unchanged.
    writeFileSync(join(input, mac), original.replace('Stealth Mode: No', 'Stealth Mode: Yes'), 'latin1');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await kpat(['scripts', '-c', 'macos', '-d', input, '-o', out, '-p', '2', '-q'], { libraryDir })).code).toBe(0);
    expect((await findings()).map((r) => [r.Check || r.Evidence, r['Evidence now']])).toEqual([
      ['Firewall stealth mode on', 'changed'],
      ['FileVault on', 'current'],
      ['Stealth Mode = No', 'changed'],
    ]);
  });

  it('--report writes one self-contained HTML report with every finding and the evidence manifest; Chromium prints it', async () => {
    const libraryDir = join(repoRoot, 'builtin-searches');
    const out = join(tempDir(), 'out');
    mkdirSync(out);
    const target = { kind: 'row' as const, system: 'rhel86-kp0.6.16-1', search: 'linux_ssh_root_login', text: 'Network_OpenSSHServerConfig::permitrootlogin yes' };
    const rowMark: Mark = { key: markKey(target), target, status: 'finding', note: 'root <login> & "open"', override: null, by: 'ann', at: '2026-12-03T09:00:00.000Z', evidence: [target.text], line: 3036 };
    writeFileSync(join(out, 'kpat-findings.json'), JSON.stringify({ version: 1, marks: [rowMark] }));
    const r = await kpat(['scripts', '-d', testdata, '-o', out, '-p', '2', '--report', '--json'], { libraryDir });
    expect(r.code, r.stderr).toBe(0);
    const name = readdirSync(out).find((n) => /^kpat_report-\d{8}-\d{6}\.html$/.test(n)) as string;
    expect(r.stdout).toContain(`Report → ${name}`);
    const html = readFileSync(join(out, name), 'utf8');
    // Self-contained: no script, no external reference of any kind.
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|src=|url\(|@import|https?:/i);
    expect([...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual([]);
    // Every failed check's evidence and the mark (escaped) are in the findings.
    const byFamily = jsonResults(out) as Record<string, FamilyResults>;
    const esc = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    let failed = 0;
    for (const family of Object.values(byFamily)) {
      for (const c of family.checks) {
        for (const cell of c.results.filter((x) => x.outcome === 'fail')) {
          failed++;
          expect(html, `${c.check} on ${cell.system}`).toContain(esc((cell.evidence[0]?.text ?? cell.reason).trimEnd()));
        }
      }
    }
    expect(failed).toBeGreaterThan(50);
    expect(html).toContain(esc('root <login> & "open"'));
    expect(html).toContain('Network_OpenSSHServerConfig::permitrootlogin yes</td>');
    // The evidence manifest: app version, set SHA-256, every input with size and SHA-384.
    expect(html).toMatch(/Search set SHA-256<\/th><td><span class="hash">[0-9a-f]{64}</);
    for (const family of Object.values(byFamily)) {
      for (const s of family.systems) expect(html).toContain(s['SHA-384']);
    }
    expect(html).toContain('Application version');
    // Printed by Chromium (playwright's page.pdf, the print CSS): a sane page count, the summary on page 1.
    const pdf = join(out, 'report.pdf');
    const browser = await chromium.launch({ executablePath: process.env.KPAT_CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(pathToFileURL(join(out, name)).href);
      expect(requests, 'the report loads nothing but itself').toEqual([pathToFileURL(join(out, name)).href]);
      await page.pdf({ path: pdf, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/); // A4 landscape
    expect(pages).toBeGreaterThan(3);
    expect(pages).toBeLessThan(80);
    const first = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' });
    expect(first).toContain('Assessment summary');
    expect(first).toContain('Check outcomes');
    expect(first).not.toContain('Evidence manifest');
  }, 120_000);

  it('exit 1 for usage and configuration errors, with file:line', async () => {
    expect((await kpat(['scripts', '--bogus'])).code).toBe(1);
    const noConf = await kpat(['scripts', '-d', testdata]);
    expect(noConf.code).toBe(1);
    expect(noConf.stderr).toMatch(/--conf is required/);
    const missing = await kpat(['scripts', '-c', '/nope/x.yaml', '-d', testdata]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/search set "\/nope\/x.yaml" not found/);
    expect((await kpat(['scripts', '-c', auditAll, '-d', '/nope'])).stderr).toMatch(/start folder \/nope does not exist/);
    expect((await kpat(['scripts', '-c', auditAll, '-d', testdata, '-p', '0'])).code).toBe(1);

    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'ok_search:\n  regex: "^a"\nbroken:\n  regex: "(unclosed"\n');
    for (const p of ['1', '2']) {
      const r = await kpat(['scripts', '-c', bad, '-d', testdata, '-o', join(dir, 'out'), '-p', p]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:\\d+: \\[broken\\]`));
    }
    // An expectation (issue 15) with a misspelt condition: file:line:column and the search, nothing run.
    const badExpect = join(dir, 'bad-expect.yaml');
    writeFileSync(badExpect, "ssh:\n  regex: '^sshd::(?P<setting>\\S+) (?P<value>\\S+)'\n  field_list: [setting, value]\n  expect:\n    check: Root login off\n    key: permitrootlogin\n    inn: ['no']\n");
    const r = await kpat(['scripts', '-c', badExpect, '-d', testdata, '-o', join(dir, 'out2'), '-p', '1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${badExpect}:7:5: [ssh] expect: unknown key 'inn'`);
    expect(r.stderr).toContain(`${badExpect}:5:5: [ssh] expect: a check needs one condition`);
    expect(existsSync(join(dir, 'out2')) ? readdirSync(join(dir, 'out2')) : []).toEqual([]);
  });

  it('uses the built-in library: "all" by default, names resolved in it, --list-audit-configs', async () => {
    const libraryDir = join(repoRoot, 'builtin-searches');
    const out = join(tempDir(), 'out');
    const r = await kpat(['scripts', '-d', testdata, '-o', out, '-p', '2', '-q'], { libraryDir });
    expect(r.code, r.stderr).toBe(0);
    expect(listAll(out).filter((n) => n.endsWith('.xlsx'))).toHaveLength(3);
    const named = await kpat(['scripts', '-c', 'linux', '-d', testdata, '--list-source-files'], { libraryDir });
    expect(named.code, named.stderr).toBe(0);
    const list = await kpat(['scripts', '--list-audit-configs'], { libraryDir });
    expect(list.stdout).toMatch(/^all\s+\d+/m);
  });

  it('Active Directory: the built-in "all" writes an ActiveDirectory workbook and JSON beside the Windows one (exceljs read-back)', async () => {
    const libraryDir = join(repoRoot, 'builtin-searches');
    const dir = tempDir();
    // A neutral file name: the collection is recognised by its structure.
    copyFileSync(join(referenceDir, 'testdata-ad', 'shire-kpadaudit-0.1.6-ws2022.txt'), join(dir, 'domain-export.txt'));
    copyFileSync(join(testdata, 'windows', 'windows11-0.4.8.txt'), join(dir, 'windows11-0.4.8.txt'));
    const out = join(dir, 'out');
    const r = await kpat(['scripts', '-d', dir, '-o', out, '-p', '2', '--json', '-q'], { libraryDir });
    expect(r.code, r.stderr).toBe(0);
    const names = listAll(out);
    const workbook = names.find((n) => /^ActiveDirectory_search_results-\d{8}-\d{6}\.xlsx$/.test(n));
    expect(workbook, names.join(', ')).toBeDefined();
    expect(names.filter((n) => n.endsWith('.xlsx')).map((n) => n.split('_search_results')[0])).toEqual(['ActiveDirectory', 'Windows']);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, workbook as string));
    const text = (v: ExcelJS.CellValue): string => (v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((t) => t.text).join('') : String(v));
    const row = (ws: ExcelJS.Worksheet, n: number): string[] => Array.from(ws.getRow(n).values as ExcelJS.CellValue[]).slice(1).map(text);
    const systems = wb.getWorksheet('Systems Summary') as ExcelJS.Worksheet;
    expect(row(systems, 3).slice(0, 9)).toEqual(['domain-export', 'ActiveDirectory', 'KPADAUDIT', 'shire.rcbartels.com', 'SHIRE', 'Windows2016Domain', 'N/A', 'Server2022', '7/28/2025 5:24 PM']);
    // The user list: one row per user, a column per property (format: table).
    const users = wb.getWorksheet('Users') as ExcelJS.Worksheet;
    const header = row(users, 3);
    expect(header.slice(0, 8)).toEqual(['System Name', 'Line Number', 'Matched Text', 'Section', 'Name', 'UserPrincipalName', 'Enabled', 'LastLogonDate']);
    const col = (name: string): number => header.indexOf(name);
    const userRows = Array.from({ length: users.rowCount - 3 }, (_, i) => row(users, i + 4)).filter((r) => r[0] === 'domain-export');
    expect(userRows).toHaveLength(1000);
    const guest = userRows.find((r) => r[col('Name')] === 'Guest');
    expect([guest?.[col('Enabled')], guest?.[col('LastLogonDate')], guest?.[col('PasswordNeverExpires')], guest?.[col('PasswordNotRequired')]]).toEqual(['False', '', 'True', 'True']);
    const meta = header.indexOf('Search Configuration:');
    const metaRows = Array.from({ length: 10 }, (_, i) => row(users, i + 3)[meta]);
    expect(metaRows).toContain('Format:');
    // Members of a Format-List section, one row per member with the section they came from.
    const members = wb.getWorksheet('Domain Admins (direct)') ?? wb.getWorksheet('Domain_Admins_(direct)');
    expect(members).toBeDefined();
    const mHeader = row(members as ExcelJS.Worksheet, 3);
    expect(row(members as ExcelJS.Worksheet, 4)[mHeader.indexOf('SamAccountName')]).toBe('Administrator');
    expect(wb.worksheets.map((w) => w.name)).toContain('Checks');

    const json = jsonResults(out) as Record<string, FamilyResults>;
    const ad = json.ActiveDirectory as FamilyResults;
    expect(ad.searches.length).toBeGreaterThanOrEqual(20);
    expect(ad.searches.every((t) => t.rows.length > 0)).toBe(true);
    const outcome = (search: string, check: string): string | undefined => ad.checks.find((c) => c.search === search && c.check === check)?.results[0]?.outcome;
    expect(outcome('ad_pw_default_policy', 'Minimum password length at least 12')).toBe('fail');
    expect(outcome('ad_pw_fine_grained', 'Lockout after 1 to 10 failed attempts')).toBe('pass');
    // The Windows file gets none of the AD searches, the AD file none of the Windows ones.
    expect((json.Windows as FamilyResults).searches.some((t) => t.search.startsWith('ad_'))).toBe(false);
    expect(ad.searches.some((t) => !t.search.startsWith('ad_'))).toBe(false);
  });

  it('exit 3 when a search runs away on a file (watchdog): named once, the other searches kept; exit 1 when every file fails', async () => {
    const dir = tempDir();
    const mac = readFileSync(join(testdata, 'macos', 'macos-13.4.1-kp0.1.0.txt'));
    const input = join(dir, 'in');
    mkdirSync(input);
    writeFileSync(join(input, 'mac-normal.txt'), mac);
    writeFileSync(join(input, 'mac-evil.txt'), Buffer.concat([mac, Buffer.from(`Catastrophe::${'a'.repeat(40)}!\n`)]));
    const conf = join(dir, 'evil.yaml');
    writeFileSync(conf, "hostname:\n  regex: '^System_Hostname::(?P<name>.*)'\n  field_list: ['name']\nrunaway:\n  regex: '^Catastrophe::(a+)+$'\n");
    // 3 s: the normal file's search (a few milliseconds) stays far from it on a loaded machine.
    const env = { KPAT_FILE_TIMEOUT_SEC: '3' };
    const out = join(dir, 'out');
    const r = await kpat(['scripts', '-c', conf, '-d', input, '-o', out, '-p', '2'], { env });
    expect(r.code, r.stderr).toBe(3);
    const all = r.stdout + r.stderr;
    // One line names it, once, with one reason that names the search once.
    const named = all.split('\n').filter((l) => l.includes('mac-evil.txt'));
    expect(named).toEqual([`error: mac-evil.txt is partial: search "runaway" left out: it ran past the 3 s watchdog (a runaway regex?); the other searches' rows are kept`]);
    expect(r.stdout).toMatch(/^Partial: searched 2 of 2 files, 0 failed, 1 with a search left out \(named above\)/m);
    expect(r.stdout).toMatch(/^ {2}Darwin: 2 systems, \d+ rows → Darwin_search_results-\d{8}-\d{6}.*\.xlsx$/m);
    expect(r.stdout).toContain(`Output folder: ${out}`);
    expect(listAll(out).filter((n) => n.endsWith('.xlsx'))).toHaveLength(1);

    // With nothing but the runaway search, the file has nothing left to search: it fails, and so does the run.
    rmSync(join(input, 'mac-normal.txt'));
    writeFileSync(conf, "runaway:\n  regex: '^Catastrophe::(a+)+$'\n");
    const none = await kpat(['scripts', '-c', conf, '-d', input, '-o', join(dir, 'out-none'), '-p', '2'], { env });
    expect(none.code, none.stderr).toBe(1);
    expect(none.stderr).toMatch(/No file could be searched \(1 file: 1 failed\)/);
    expect(none.stdout).toMatch(/^Failed: nothing was exported/m);
    expect(listAll(join(dir, 'out-none'))).toEqual([]);
  });

  it('exit 2 when no input file matches', async () => {
    const dir = tempDir();
    const r = await kpat(['scripts', '-c', auditAll, '-d', dir, '-p', '2']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/No source files found/);
  });

  it('-d X -o X: says that the output folder is never scanned, instead of "No source files found"', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'host.txt'), readFileSync(join(testdata, 'linux', 'rhel86-kp0.6.16-1.txt')));
    const r = await kpat(['scripts', '-c', auditAll, '-d', dir, '-o', dir, '-p', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`No source files read in ${dir}: it is also the output folder`);
    expect(r.stderr).not.toMatch(/No source files found/);
  });

  it('names what matches but cannot be read, and reads a file whose name is not UTF-8', async () => {
    const dir = tempDir();
    const out = join(tempDir(), 'out');
    // "café.txt" in Latin-1: not a valid UTF-8 name.
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]), readFileSync(join(testdata, 'linux', 'rhel86-kp0.6.16-1.txt')));
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    symlinkSync(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
    // A path over 4,096 bytes: 17 nested folders of 250 bytes, made one step at a time.
    const seg = 'n'.repeat(250);
    execFileSync('sh', ['-c', `cd "$1" && for i in $(seq 17); do mkdir ${seg} && cd -P ${seg} || exit 1; done && echo x > deep.txt`, 'sh', dir]);
    const r = await kpat(['scripts', '-c', auditAll, '-d', dir, '-o', out, '-p', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Skipped pipe.txt: not a regular file but a named pipe (FIFO)');
    expect(r.stderr).toContain('Skipped dangling.txt: dangling symbolic link (its target does not exist)');
    // The file, or (when the folder's own path is over the limit already) the folder that holds it.
    expect(r.stderr).toMatch(new RegExp(`^warning: Skipped (${seg}/){17}(deep\\.txt)?: (folder )?path is [\\d,]+ bytes long, over the system's limit of 4,096`, 'm'));
    expect(r.stdout).toMatch(/^Complete: searched 1 system in /m);
    const json = jsonResults(out) as Record<string, { systems?: { system_name?: string }[] }>;
    expect(JSON.stringify(json)).toContain('caf\\\\xe9');
  });

  it('a file too large for one string is listed with its size and the limit, never read or retried; the others are searched', async () => {
    const dir = tempDir();
    const out = join(tempDir(), 'out');
    writeFileSync(join(dir, 'host.txt'), readFileSync(join(testdata, 'linux', 'rhel86-kp0.6.16-1.txt')));
    // 600 MB, sparse (no disk used): a real file's first 64 KB, then a hole.
    writeFileSync(join(dir, 'huge.txt'), readFileSync(join(testdata, 'linux', 'rhel86-kp0.6.16-1.txt')).subarray(0, 80_000));
    truncateSync(join(dir, 'huge.txt'), 600 * 1024 * 1024);
    const r = await kpat(['scripts', '-c', auditAll, '-d', dir, '-o', out, '-p', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Skipped huge.txt: file too large to search: 629,145,600 bytes, over the 536,870,888 bytes (about 512 MiB)');
    expect(r.stderr).not.toMatch(/Retrying|Cannot create a string/);
    expect(r.stdout).toMatch(/^Complete: searched 1 system in /m);
  });

  it('lists source files, systems and sections', async () => {
    const files = await kpat(['scripts', '-c', auditAll, '-d', testdata, '--list-source-files']);
    expect(files.code).toBe(0);
    expect(files.stdout).toMatch(/linux\/rhel86-kp0\.6\.16-1\.txt\s+973\.8 KB/);
    expect(files.stdout).toMatch(/Total source files found: 6/);
    const systems = await kpat(['scripts', '-c', auditAll, '-d', testdata, '--list-systems', '-v']);
    expect(systems.stdout).toMatch(/windows11-0\.4\.8\s+[0-9a-f]{16}\.\.\.\s+Windows\s+KPWINAUDIT/);
    expect(systems.stdout).toMatch(/Total systems found: 6/);
    const sections = await kpat(['scripts', '-c', auditAll, '-d', join(testdata, 'linux'), '--list-sections', '-v']);
    expect(sections.stdout).toMatch(/^ubuntu-22\.04-0\.6\.22\.txt \(Linux, \d+ sections\)$/m);
    expect(sections.stdout).toMatch(/^ {2}System_VersionInformation {2}\d+ lines$/m);
  });

  it('--config-report: every search with filters, options and the systems it applies to', async () => {
    const r = await kpat(['scripts', '-c', auditAll, '-d', testdata, '--config-report']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Searches: 156 \(Linux 68, Windows 48, Darwin 40, ActiveDirectory 0\)$/m);
    // The rpm package list needs kpnixaudit >= 0.6.19 on an rpm distro: rhel86 (0.6.16) is excluded.
    const rpm = r.stdout.slice(r.stdout.indexOf('01_system_10_installed_packages_rpm'));
    expect(rpm).toMatch(/producer_version ge 0\.6\.19/);
    expect(rpm).toMatch(/Applies to: none \(0 of 6\)/);
    expect(r.stdout).toMatch(/01_system_01_kp_nix_version[\s\S]*?Applies to: rhel86-kp0\.6\.16-1, ubuntu-22\.04-0\.6\.22 \(2 of 6\)/);
  });

  it('SIGTERM and SIGHUP mid-run: stop now, exit 143 with a message, no temp or staging folder left', async () => {
    const corpus = makeCorpus(3);
    cleanup.push(corpus);
    for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
      const out = join(corpus, `out-${signal}`);
      let pid: number | undefined;
      let sent = false;
      const r = await kpat(['scripts', '-c', auditAll, '-d', corpus, '-o', out, '-p', '2'], {
        onStdout: (text, child) => {
          if (sent || !/Found \d+ files/.test(text)) return;
          sent = true;
          pid = child.pid;
          child.kill(signal);
        },
      });
      expect(sent).toBe(true);
      expect(r.code, r.stderr).toBe(143);
      expect(r.stderr).toContain(`Terminated (${signal}): stopping now`);
      expect(listAll(out)).toEqual([]);
      expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`kpat-run-${pid}-`))).toEqual([]);
    }
  });

  it('a killed CLI takes its workers with it within 2 s, even one stuck in a runaway regex', async () => {
    const dir = tempDir();
    const input = join(dir, 'in');
    mkdirSync(input);
    const mac = readFileSync(join(testdata, 'macos', 'macos-13.4.1-kp0.1.0.txt'));
    for (const n of ['a', 'b']) writeFileSync(join(input, `${n}.txt`), Buffer.concat([mac, Buffer.from(`Catastrophe::${'a'.repeat(40)}!\n`)]));
    const conf = join(dir, 'evil.yaml');
    writeFileSync(conf, "runaway:\n  regex: '^Catastrophe::(a+)+$'\n");
    let workers: number[] = [];
    let killedAt = 0;
    await kpat(['scripts', '-c', conf, '-d', input, '-o', join(dir, 'out'), '-p', '2', '-v'], {
      onStdout: (text, child) => {
        if (killedAt || !/Found \d+ files/.test(text) || (text.match(/^worker \d+: ready /gm) ?? []).length < 2) return;
        killedAt = -1;
        // Both workers are ready and the search has begun: once each has spun half a second of CPU
        // more (a file's search takes milliseconds), both are in the runaway search, however loaded
        // the machine is.
        workers = childrenOf(child.pid ?? 0);
        const started = workers.map(cpuMs);
        const spinning = setInterval(() => {
          if (!workers.every((pid, i) => cpuMs(pid) - (started[i] ?? 0) >= 500)) return;
          clearInterval(spinning);
          killedAt = Date.now();
          child.kill('SIGKILL');
        }, 50);
      },
    });
    expect(workers).toHaveLength(2);
    expect(killedAt).toBeGreaterThan(0);
    while (workers.some(alive) && Date.now() - killedAt < 5000) await new Promise((r) => setTimeout(r, 50));
    const tookMs = Date.now() - killedAt;
    expect(workers.filter(alive)).toEqual([]);
    expect(tookMs).toBeLessThan(2000);
  });

  it('Ctrl-C in a terminal reaches the whole process group; the workers ignore it, so the cancel finishes what they search', async () => {
    const corpus = makeCorpus(6);
    cleanup.push(corpus);
    const out = join(corpus, 'out');
    const child = spawn(process.execPath, [cli, 'scripts', '-c', auditAll, '-d', corpus, '-o', out, '-p', '2', '-v'], {
      cwd: tmpdir(),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KPAT_LIBRARY_DIR: '' },
      // Its own process group, as a shell gives a job: the group is what a terminal's Ctrl-C reaches.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let workers: number[] = [];
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (workers.length || !/Found \d+ files/.test(stdout) || (stdout.match(/^worker \d+: ready /gm) ?? []).length < 2) return;
      // Both workers are ready (-v says so) and the search has begun. Once each has used 1.5 s of
      // CPU (its start and warm-up take well under 1 s, a file a few tenths), each is searching a
      // file or has searched some, however loaded the machine is: then the group gets Ctrl-C.
      workers = childrenOf(child.pid ?? 0);
      const busy = setInterval(() => {
        if (!workers.every((pid) => cpuMs(pid) >= 1500)) return;
        clearInterval(busy);
        process.kill(-(child.pid ?? 0), 'SIGINT');
      }, 50);
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(workers).toHaveLength(2);
    expect(code, stderr).toBe(130);
    // The workers lived through the SIGINT (-v would log a death): no file failed, the files being searched are written.
    expect(stdout + stderr).not.toMatch(/died|failed|Retrying/);
    expect(stdout).toMatch(/^Cancelled: [1-9]\d* of 36 files searched/m);
    expect(listAll(out).some((n) => n.endsWith('.xlsx')), stdout + stderr).toBe(true);
  });

  it('Ctrl-C: cancel (the files searched are written, labelled) and force (nothing written); exit 130', async () => {
    const corpus = makeCorpus(3);
    cleanup.push(corpus);
    for (const signals of [1, 2]) {
      const out = join(corpus, `out${signals}`);
      mkdirSync(out);
      let sent = false;
      const r = await kpat(['scripts', '-c', auditAll, '-d', corpus, '-o', out, '-p', '2'], {
        onStdout: (text, child) => {
          if (sent || !/Found \d+ files/.test(text)) return;
          sent = true;
          child.kill('SIGINT');
          if (signals === 2) setTimeout(() => child.kill('SIGINT'), 50);
        },
      });
      expect(sent).toBe(true);
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toMatch(/Interrupted/);
      if (signals === 2) expect(listAll(out)).toEqual([]);
      else {
        // The files searched before the stop are written, whole, and say so; nothing else is left.
        const m = /^Cancelled: (\d+) of 18 files searched/m.exec(r.stdout);
        expect(m, r.stdout).not.toBeNull();
        expect(listAll(out).every((n) => /^\w+_search_results-\d{8}-\d{6}\.xlsx$/.test(n)), listAll(out).join()).toBe(true);
      }
    }
  });
});
