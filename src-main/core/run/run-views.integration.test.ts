// Show in file, the System view and the drift against an earlier run (issue 14), through the
// JobRunner with real worker processes on copies of the reference Linux files.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../contract/ipc';
import { nodeLauncher } from '../pool/node-transport';
import { WorkerPool } from '../pool/worker-pool';
import { JobRunner } from './job-runner';
import { builtBundle, referenceDir } from './testing/itest-support';

const SET = `sshd settings:
  regex: '^Network_OpenSSHServerConfig::(?P<setting>permitrootlogin|passwordauthentication|port) (?P<value>.*?)\\s*$'
  field_list: ['setting', 'value']
  sys_filter:
    - attr: os_family
      comp: eq
      value: Linux
rpm hosts only:
  regex: '^Network_OpenSSHServerConfig::port (?P<port>\\d+)'
  field_list: ['port']
  sys_filter:
    - attr: os_family
      comp: eq
      value: Linux
    - attr: distro_family
      comp: eq
      value: rpm
a section no collection has:
  regex: '^Kp_No_Such_Section::(?P<x>.*)'
  field_list: ['x']
  sys_filter:
    - attr: os_family
      comp: eq
      value: Linux
`;

let bundle: { worker: string; dir: string };
let dir: string;
let input: string;
let out: string;
let runner: JobRunner;
let pool: WorkerPool;
const ubuntuSource = join(referenceDir, 'testdata', 'linux', 'ubuntu-22.04-0.6.22.txt');

beforeAll(() => {
  bundle = builtBundle();
  dir = mkdtempSync(join(tmpdir(), 'kpat-views-'));
  input = join(dir, 'input');
  out = join(dir, 'out');
  mkdirSync(input);
  copyFileSync(ubuntuSource, join(input, 'ubuntu.txt'));
  copyFileSync(join(referenceDir, 'testdata', 'linux', 'rhel86-kp0.6.16-1.txt'), join(input, 'rhel.txt'));
  writeFileSync(join(dir, 'set.yaml'), SET);
  pool = new WorkerPool({ launcher: nodeLauncher, worker: { modulePath: bundle.worker }, log: () => undefined, size: 2 });
  runner = new JobRunner({ pool, appVersion: '9.9.9-test', writeManifest: true });
});
afterAll(async () => {
  await runner.dispose();
  await pool.close();
  rmSync(bundle.dir, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

async function run(compareWith: string | null = null): Promise<RunSummary> {
  const { runId } = await runner.start({ root: input, searchSetFile: join(dir, 'set.yaml'), searchSetTitle: 'views', libraryDir: null, outputDir: out, workerCount: 2, perFileTimeoutSec: 120, writeJson: false, compareWith });
  const summary = await runner.whenDone(runId);
  expect(summary.outcome).toBe('complete');
  return summary;
}

describe('Show in file, System view and drift (real workers)', () => {
  it('shows a hit with its section header, a Compare cell as its first hit, and the coverage gaps of one system', async () => {
    const first = await run();
    const overview = await runner.getOverview(first.runId);
    const sshd = overview.families[0]?.searches.find((s) => s.search === 'sshd settings');
    if (!sshd) throw new Error('no sshd search');

    const view = await runner.sourceContext(first.runId, { family: 'Linux', index: sshd.index, system: 'ubuntu', line: 6893, column: null, radius: 5 });
    expect(view).toMatchObject({ system: 'ubuntu', relPath: 'ubuntu.txt', line: 6893 });
    expect(view.hits).toEqual(expect.arrayContaining([6882, 6893]));
    if (!view.context.ok) throw new Error(view.context.message);
    expect(view.context.section).toBe('Network_OpenSSHServerConfig');
    expect(view.context.header.map((h) => h.text)).toContain('#[BEGIN]: Network_OpenSSHServerConfig');
    expect(view.context.lines.find((l) => l.line === 6893)?.text).toBe('Network_OpenSSHServerConfig::permitrootlogin no');
    expect(view.context.lines.map((l) => l.line)).toEqual([6888, 6889, 6890, 6891, 6892, 6893, 6894, 6895, 6896, 6897, 6898]);
    expect(view.context.previousHit).not.toBeNull();

    // A Compare cell (key → value: the column is the key) opens the system's hit of that key.
    const cell = await runner.sourceContext(first.runId, { family: 'Linux', index: sshd.index, system: 'rhel', line: null, column: 'permitrootlogin', radius: 0 });
    expect(cell.line).toBe(3036);
    expect(cell.context.ok && cell.context.lines).toEqual([{ line: 3036, text: 'Network_OpenSSHServerConfig::permitrootlogin yes' }]);

    const system = await runner.systemView(first.runId, { family: 'Linux', system: 'ubuntu' });
    const byName = Object.fromEntries(system.searches.map((s) => [s.search, s]));
    expect(byName['sshd settings']).toMatchObject({ state: 'found', section: 'Network_OpenSSHServerConfig', sectionPresent: true });
    expect(byName['sshd settings']?.total).toBeGreaterThanOrEqual(3);
    expect(byName['rpm hosts only']).toMatchObject({ state: 'not-applicable', total: 0 });
    expect(byName['a section no collection has']).toMatchObject({ state: 'none', section: 'Kp_No_Such_Section', sectionPresent: false });
    expect(system.sections).toContain('Network_OpenSSHServerConfig');
    expect(system.sectionsNote).toBeNull();
    const rhel = await runner.systemView(first.runId, { family: 'Linux', system: 'rhel' });
    expect(rhel.searches.find((s) => s.search === 'rpm hosts only')).toMatchObject({ state: 'found', total: 1 });
  });

  it('compares a second run with the first (manifest or output folder): exactly the changed setting and the removed system', async () => {
    const runs = readdirSync(out).filter((n) => n.startsWith('kpat-manifest-'));
    expect(runs).toHaveLength(1);
    const firstManifest = join(out, runs[0] as string);
    const firstRunId = (JSON.parse(readFileSync(firstManifest, 'utf8')) as { runId: string }).runId;
    // The ubuntu host now permits root login; the rhel host is gone; a new host appears.
    writeFileSync(join(input, 'ubuntu.txt'), readFileSync(ubuntuSource, 'latin1').replace('Network_OpenSSHServerConfig::permitrootlogin no', 'Network_OpenSSHServerConfig::permitrootlogin yes'), 'latin1');
    rmSync(join(input, 'rhel.txt'));
    copyFileSync(ubuntuSource, join(input, 'ubuntu-new.txt'));
    // The run manifests are named by the second: the second run must not take the first's name.
    await new Promise((r) => setTimeout(r, 1100));
    const second = await run();

    for (const earlier of [firstManifest, out]) {
      const drift = await runner.driftAgainst(second.runId, earlier);
      expect(drift.baseline.files).toHaveLength(1);
      expect(drift.baseline.startedAt).not.toBeNull();
      const linux = drift.families[0];
      expect(linux?.systems).toEqual({ added: ['ubuntu-new'], removed: ['rhel'] });
      expect(linux?.searches.map((s) => [s.search, s.added.length, s.removed.length, s.changed.length])).toEqual([['sshd settings', 0, 0, 1]]);
      const changed = linux?.searches[0]?.changed[0];
      const header = linux?.searches[0]?.header ?? [];
      expect(changed?.before[header.indexOf('value')]).toBe('no');
      expect(changed?.after[header.indexOf('value')]).toBe('yes');
      expect(linux?.bySystem).toEqual([{ system: 'ubuntu', added: 0, removed: 0, changed: 1 }]);
    }
    // The run shown is not its own baseline.
    await expect(runner.driftAgainst(second.runId, join(out, readdirSync(out).filter((n) => n.startsWith('kpat-manifest-')).sort()[1] as string))).rejects.toThrow(/is the run shown/);

    // The first run's files changed or are gone: Show in file says so instead of showing other lines.
    const sshd = (await runner.getOverview(firstRunId)).families[0]?.searches.find((s) => s.search === 'sshd settings');
    const changedFile = await runner.sourceContext(firstRunId, { family: 'Linux', index: sshd?.index ?? 0, system: 'ubuntu', line: 6893, column: null, radius: 5 });
    expect(changedFile.context).toMatchObject({ ok: false, reason: 'changed' });
    const gone = await runner.sourceContext(firstRunId, { family: 'Linux', index: sshd?.index ?? 0, system: 'rhel', line: 3036, column: null, radius: 5 });
    expect(gone.context).toMatchObject({ ok: false, reason: 'missing' });
    const gap = await runner.systemView(firstRunId, { family: 'Linux', system: 'rhel' });
    expect(gap.sections).toBeNull();
    expect(gap.sectionsNote).toMatch(/no longer there/);
  });

  it("a run started with an earlier run's manifest (the app's Compare with earlier run) gets a Changes sheet against it", async () => {
    const firstManifest = join(out, readdirSync(out).filter((n) => n.startsWith('kpat-manifest-')).sort()[0] as string);
    await new Promise((r) => setTimeout(r, 1100));
    const third = await run(firstManifest);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(third.families[0]?.workbookPath as string);
    const sheet = book.getWorksheet('Changes');
    expect(sheet).toBeDefined();
    const text = JSON.stringify(sheet?.getSheetValues());
    expect(text).toContain('permitrootlogin');
    expect(text).toContain('rhel');
    expect(text).toContain('ubuntu-new');
  });
});
