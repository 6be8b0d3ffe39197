// An in-memory KpatBridge for renderer tests and for looking at the UI without a host.
// Test-only: nothing in the production bundle imports it (main.tsx uses window.kpat).
// It keeps a log of calls, lets a test emit run events by hand, and can also play a run by
// itself on timers (for screenshots).
// The Compare view's grid is the engine's pure function, as the host computes it.
import { compareGrid, gridCellValues, suggestLayout } from '../../../src-worker/engine/compare/compare-grid';
import { markKey } from '../../../src-worker/engine/marks';
import { contextAround } from '../../../src-worker/engine/source-lines';
import type {
  AppInfo,
  CompareGrid,
  CompareQuery,
  AppSettings,
  Cell,
  CheckTable,
  MarkView,
  RunFindings,
  KpatBridge,
  OsFamily,
  ResultsOverview,
  RowsPage,
  RowsQuery,
  RunEvent,
  RunHistory,
  RunHistoryEntry,
  RunProgress,
  RunRequest,
  RunSummary,
  ScanResult,
  SearchOverview,
  SearchSetInfo,
  SearchSetRef,
  SearchSetReport,
  SearchSetSearch,
  RunDrift,
  SettingsState,
  SkippedFile,
  SourceView,
  SystemInfo,
  SystemView,
} from '../../../src-main/contract/ipc';
import { pageRows } from '../../../src-main/core/run/table-query';

export interface FakeSearch {
  family: OsFamily;
  name: string;
  comment: string | null;
  fields: string[];
  rows: Cell[][];
  /** The sheet title (default: the name, cut to 31 characters) and the library area (default: none). */
  sheet?: string;
  area?: string;
}

export interface FakeBridgeOptions {
  root?: string;
  systems?: SystemInfo[];
  skipped?: SkippedFile[];
  settings?: Partial<AppSettings>;
  notice?: string | null;
  maxWorkers?: number;
  searchSets?: SearchSetInfo[];
  /** What inspectSearchSet answers; defaults to a clean report built from `searches`. */
  report?: (ref: SearchSetRef, root: string | null) => SearchSetReport;
  searches?: FakeSearch[];
  folderToChoose?: string | null;
  searchFileToChoose?: string | null;
  /** What "Open results…" answers. */
  resultsToChoose?: string | null;
  /** Earlier runs the history lists (openRun answers for their manifest paths). */
  history?: RunHistoryEntry[];
  /** The run the core showed last (runHistory().current), as after a reload of the page. */
  currentRun?: string | null;
  pathForDroppedFile?: (file: File) => string | null;
  /** Play runs by themselves: `steps` progress events, `stepMs` apart, then 'done'. */
  autoRun?: { steps: number; stepMs: number; outcome?: RunSummary['outcome'] } | null;
  /** Milliseconds every async call waits (0 = next microtask). */
  latencyMs?: number;
  /** The checks runFindings answers (default FAKE_CHECKS of the systems' families). */
  checks?: { family: OsFamily; checks: CheckTable[] }[];
  /** Marks already in the output folder's findings file. */
  marks?: MarkView[];
  /** The source files' lines by system name (Show in file); a system without is a file that is gone. */
  sourceLines?: Record<string, string[]>;
  /** What driftAgainst answers (default: nothing changed). */
  drift?: (runId: string, earlier: string) => RunDrift;
}

export interface FakeCall {
  method: keyof KpatBridge;
  args: unknown[];
}

export interface FakeBridge extends KpatBridge {
  readonly calls: FakeCall[];
  callsTo(method: keyof KpatBridge): unknown[][];
  /** Send a run event to every subscriber. */
  emit(event: RunEvent): void;
  listenerCount(): number;
  /** A progress record for the current run with the given overrides. */
  progress(patch?: Partial<RunProgress>): RunProgress;
  /** A summary for the current run with the given overrides. */
  summary(patch?: Partial<RunSummary>): RunSummary;
  settingsState(): SettingsState;
  /** Make the next call to `method` reject with this message. */
  failNext(method: keyof KpatBridge, message: string): void;
}

const ROOT = '/audits/acme-2026';

function system(relPath: string, patch: Partial<SystemInfo> & Pick<SystemInfo, 'producer' | 'osFamily'>): SystemInfo {
  const file = relPath.split('/').pop() ?? relPath;
  return {
    systemName: file.replace(/\.[^.]*$/, ''),
    filePath: `${ROOT}/${relPath}`,
    relPath,
    sizeBytes: 1_000_000,
    // Distinct per file (a stand-in, not a real hash): equal values mean identical content on Review.
    sha384: Array.from({ length: 96 }, (_, i) => ((relPath.charCodeAt(i % relPath.length) * (i + 1)) % 16).toString(16)).join(''),
    encoding: 'utf_8',
    producerVersion: '0.6.22',
    distroFamily: null,
    systemOs: null,
    osPrettyName: null,
    osVersion: null,
    productName: null,
    releaseId: null,
    currentBuild: null,
    ubr: null,
    hostName: null,
    ...patch,
  };
}

export const FAKE_SYSTEMS: SystemInfo[] = [
  system('linux/rhel86-kp0.6.16-1.txt', {
    producer: 'KPNIXAUDIT', producerVersion: '0.6.16', osFamily: 'Linux', distroFamily: 'rpm', sizeBytes: 997_147,
    systemOs: 'Red Hat Enterprise Linux 8.6 (Ootpa)', osPrettyName: 'Red Hat Enterprise Linux 8.6 (Ootpa)', osVersion: '8.6', hostName: 'rhel86-web01',
  }),
  system('linux/ubuntu-22.04-0.6.22.txt', {
    producer: 'KPNIXAUDIT', osFamily: 'Linux', distroFamily: 'deb', sizeBytes: 3_063_581,
    systemOs: 'Ubuntu 22.04.5 LTS', osPrettyName: 'Ubuntu 22.04.5 LTS', osVersion: '22.04', hostName: 'ubuntu-db02',
  }),
  system('macos/macos-13.4.1-kp0.1.0.txt', {
    producer: 'KPMACAUDIT', producerVersion: '0.0.99', osFamily: 'Darwin', sizeBytes: 835_040,
    systemOs: 'macOS 13.4.1', productName: 'macOS', osVersion: '13.4.1', hostName: 'finance-mbp',
  }),
  system('windows/windows10pro-cb19044-kp0.4.7.txt', {
    producer: 'KPWINAUDIT', producerVersion: '0.4.7', osFamily: 'Windows', sizeBytes: 1_008_518,
    systemOs: 'Windows 10 Pro (build 19044)', productName: 'Windows 10 Pro', releaseId: '2009', currentBuild: '19044', hostName: 'DESKTOP-7KQ2',
  }),
  system('windows/windows11-0.4.8.txt', {
    producer: 'KPWINAUDIT', producerVersion: '0.4.8', osFamily: 'Windows', sizeBytes: 1_225_654,
    systemOs: 'Windows 10 Pro (Build 22631.5335)', productName: 'Windows 10 Pro', releaseId: '2009', currentBuild: '22631', hostName: 'LAPTOP-ACME11',
  }),
  system('windows/windows2022-cb20348-kp0.4.7.txt', {
    producer: 'KPWINAUDIT', producerVersion: '0.4.7', osFamily: 'Windows', sizeBytes: 465_267,
    systemOs: 'Windows Server 2022 Standard Evaluation (build 20348)', productName: 'Windows Server 2022 Standard Evaluation', releaseId: '2009', currentBuild: '20348', hostName: 'DC01',
  }),
];

/** An Active Directory collection (kpadaudit writes no version line); not in FAKE_SYSTEMS, tests add it. */
export const FAKE_AD_SYSTEM: SystemInfo = system('ad/shire-kpadaudit-0.1.6-ws2022.txt', {
  producer: 'KPADAUDIT', producerVersion: '', osFamily: 'ActiveDirectory', encoding: 'ascii', sizeBytes: 782_516,
  systemOs: 'Active Directory shire.example.com (SHIRE), Windows2016Domain',
  activeDirectory: {
    dnsRoot: 'shire.example.com', netbiosName: 'SHIRE', domainMode: 'Windows2016Domain', forestMode: null,
    collectorSystemType: 'Server2022', collectedAt: '7/28/2025 5:24 PM',
  },
});

export const FAKE_SKIPPED: SkippedFile[] = [
  { filePath: `${ROOT}/notes.txt`, relPath: 'notes.txt', reason: 'No audit script header in the first lines' },
];

function rowsFor(family: OsFamily, count: number, make: (i: number, system: string) => Cell[]): Cell[][] {
  const systems = FAKE_SYSTEMS.filter((s) => s.osFamily === family).map((s) => s.systemName);
  const rows: Cell[][] = [];
  for (let i = 0; i < count; i += 1) {
    const sys = systems[i % systems.length] ?? 'unknown';
    rows.push([sys, 100 + i * 7, ...make(i, sys)]);
  }
  return rows;
}

export const FAKE_SEARCHES: FakeSearch[] = [
  {
    family: 'Linux', name: '05_security_01_aide_config', sheet: 'AIDE Configuration', area: 'Linux security software', comment: 'AIDE file integrity configuration', fields: ['setting'],
    rows: rowsFor('Linux', 1813, (i) => [`Security_AIDE::/etc/aide.conf::rule${i} = p+i+n+u+g+s+m+S+sha512`, `rule${i}`]),
  },
  {
    family: 'Linux', name: '01_system_01_bios', sheet: 'BIOS', area: 'Linux system basics', comment: 'BIOS vendor and version', fields: ['vendorName', 'version'],
    rows: rowsFor('Linux', 2, (i) => [`System_BIOS::Vendor: ${i ? 'Dell Inc.' : 'VMware, Inc.'}`, i ? 'Dell Inc.' : 'VMware, Inc.', i ? '2.17.0' : '6.00']),
  },
  {
    family: 'Linux', name: '07_users_01_blank_passwd', sheet: 'Blank Passwords', area: 'Linux system basics', comment: 'Accounts with blank passwords', fields: [],
    rows: rowsFor('Linux', 2, (i) => [`Users_BlankPasswd::${i ? 'guest' : 'backup'}::`]),
  },
  { family: 'Linux', name: '06_logging_03_auditd_setuid', sheet: 'Auditd Setuid Rules', area: 'Linux logging and auditing', comment: 'Audit rules for setuid programs', fields: [], rows: [] },
  {
    family: 'Windows', name: '04_accounts_02_local_users', sheet: 'Local Users', area: 'Windows accounts', comment: 'Local user accounts', fields: ['name', 'enabled'],
    rows: rowsFor('Windows', 42, (i) => [`Users_LocalUsers::User${i} True`, `User${i}`, i % 3 ? 'True' : 'False']),
  },
  {
    family: 'Windows', name: '02_patches_01_hotfixes', sheet: 'Hotfixes', area: 'Windows patching', comment: 'Installed hotfixes', fields: ['hotfix'],
    rows: rowsFor('Windows', 180, (i) => [`System_Hotfixes::KB50${String(10000 + i)} Security Update`, `KB50${String(10000 + i)}`]),
  },
  { family: 'Windows', name: '03_network_05_smb1', sheet: 'SMBv1', area: 'Windows network', comment: 'SMBv1 enabled', fields: [], rows: [] },
  {
    family: 'Darwin', name: '01_system_02_sip', sheet: 'SIP Status', area: 'macOS system basics', comment: 'System Integrity Protection', fields: ['status'],
    rows: rowsFor('Darwin', 1, () => ['System_SIP::System Integrity Protection status: enabled.', 'enabled']),
  },
];

/** A few checks over the fake systems, with every outcome. */
export function fakeChecks(systems: readonly SystemInfo[]): { family: OsFamily; checks: CheckTable[] }[] {
  const of = (family: OsFamily) => systems.filter((s) => s.osFamily === family).map((s) => s.systemName);
  const table = (family: OsFamily, search: string, check: string, severity: CheckTable['severity'], requirement: string, outcomes: CheckTable['results'][number]['outcome'][], evidence: (system: string) => string): CheckTable => ({
    search,
    index: 0,
    check,
    severity,
    requirement,
    comment: `A fail means: ${check.toLowerCase()} is not so.`,
    results: of(family).map((system, i) => {
      const outcome = outcomes[i % outcomes.length] ?? 'review';
      const rows = outcome === 'review' || outcome === 'n/a' ? [] : [{ line: 120 + i, text: evidence(system), fields: null }];
      return { system, outcome, reason: outcome === 'review' ? 'no rows' : outcome === 'n/a' ? 'does not apply' : `${outcome}: ${evidence(system)}`, evidence: rows, evidenceTotal: rows.length };
    }),
  });
  return [
    {
      family: 'Linux' as const,
      checks: [
        table('Linux', '07_users_01_blank_passwd', 'No account without a password', 'high', 'PCI DSS v4.0 8.3.1', ['fail', 'pass'], (s) => `Users_BlankPasswd::${s}::backup::`),
        table('Linux', '05_security_01_aide_config', 'File integrity monitoring configured', 'medium', 'PCI DSS v4.0 11.5.2', ['pass', 'review'], () => 'Security_AIDE::/etc/aide.conf::rule0'),
      ],
    },
    { family: 'Windows' as const, checks: [table('Windows', '03_network_05_smb1', 'SMBv1 disabled', 'high', 'CIS Windows 18.4.2', ['pass', 'fail', 'n/a'], () => 'Network_SMB1::EnableSMB1Protocol True')] },
    { family: 'Darwin' as const, checks: [table('Darwin', '01_system_02_sip', 'System Integrity Protection on', 'high', 'CIS macOS 5.1.2', ['pass'], () => 'System_SIP::enabled')] },
  ].filter((f) => of(f.family).length > 0);
}

export const FAKE_SEARCH_SETS: SearchSetInfo[] = [
  { ref: { kind: 'builtin', name: 'audit-all' }, title: 'All systems (built-in)', description: 'Every search for Linux, Windows and macOS.' },
  { ref: { kind: 'builtin', name: 'linux-only' }, title: 'Linux only (built-in)', description: 'Searches for kpnixaudit results.' },
];

const DEFAULT_SETTINGS: AppSettings = {
  workerCount: 2,
  outputDir: null,
  perFileTimeoutSec: 120,
  openWorkbookWhenDone: false,
  writeJson: false,
  recentFolders: [ROOT, '/audits/globex-2025'],
  lastSearchSet: null,
};

function header(s: FakeSearch): string[] {
  return s.rows.length === 0 ? [] : ['System Name', 'Line Number', 'Matched Text', ...s.fields];
}

export function defaultReport(ref: SearchSetRef, searches: FakeSearch[], systems: SystemInfo[]): SearchSetReport {
  const items: SearchSetSearch[] = searches.map((s, index) => ({
    index,
    name: s.name,
    sheetName: s.name,
    comment: s.comment,
    family: s.family,
    source: { file: '/searches/audit-all.yaml', line: 10 + index * 12 },
    filters: [{ attr: 'os_family', comp: 'eq', value: s.family }],
    options: {
      maxResults: -1, onlyMatching: false, unique: false, fullScan: false, multiline: s.fields.length > 1, showMissing: false, format: null,
      fieldList: s.fields, rsDelimiter: null, mergeFields: [],
    },
    appliesTo: systems.filter((sys) => sys.osFamily === s.family).map((sys) => sys.systemName),
    skippedByVersion: [],
  }));
  const perFamily: SearchSetReport['perFamily'] = { Linux: 0, Windows: 0, Darwin: 0, ActiveDirectory: 0, Any: 0 };
  for (const s of searches) perFamily[s.family] += 1;
  return {
    ref,
    title: ref.kind === 'builtin' ? ref.name : ref.path,
    files: ['/searches/audit-all.yaml'],
    searchCount: searches.length,
    perFamily,
    searches: items,
    warnings: [],
    problems: [],
  };
}

export function createFakeBridge(options: FakeBridgeOptions = {}): FakeBridge {
  const root = options.root ?? ROOT;
  const systems = options.systems ?? FAKE_SYSTEMS;
  const skipped = options.skipped ?? FAKE_SKIPPED;
  const searches = options.searches ?? FAKE_SEARCHES;
  const maxWorkers = options.maxWorkers ?? 8;
  let settings: AppSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  let notice = options.notice ?? null;
  const listeners = new Set<(e: RunEvent) => void>();
  const calls: FakeCall[] = [];
  const failures = new Map<keyof KpatBridge, string>();
  let runCounter = 0;
  /** The summaries of the done events emitted, by run: resultsOverview answers with them. */
  const doneSummaries = new Map<string, RunSummary>();
  let currentRun: { id: string; request: RunRequest; timer: ReturnType<typeof setTimeout> | null; startedAt: string } | null = null;
  const latency = options.latencyMs ?? 0;
  const checks = options.checks ?? fakeChecks(systems);
  let marks: MarkView[] = [...(options.marks ?? [])];
  /** A compare cell's values, as the core reads them from the run (compare-grid.ts). */
  const cellEvidence = (t: { system: string; search: string; column: string }): string[] => {
    const s = searches.find((x) => x.name === t.search);
    const values = s && systems.some((sys) => sys.systemName === t.system && sys.osFamily === s.family) ? gridCellValues(header(s), s.rows, [t]).get(`${t.system}\u0000${t.column}`) : null;
    if (!values) throw new Error(`The cell to mark (${t.column} on ${t.system}) is not among the results of ${t.search}`);
    return values;
  };

  const wait = () => new Promise<void>((resolve) => (latency > 0 ? setTimeout(resolve, latency) : queueMicrotask(resolve)));

  async function call<T>(method: keyof KpatBridge, args: unknown[], answer: () => T): Promise<T> {
    calls.push({ method, args });
    await wait();
    const failure = failures.get(method);
    if (failure !== undefined) {
      failures.delete(method);
      throw new Error(failure);
    }
    return answer();
  }

  const findings = (runId: string): RunFindings => ({ runId, findingsPath: `${settings.outputDir ?? `${root}/results`}/kpat-findings.json`, families: checks, marks, error: null });

  const familiesOf = (): OsFamily[] => (['Linux', 'Windows', 'Darwin'] as const).filter((f) => systems.some((s) => s.osFamily === f));
  const bytesTotal = systems.reduce((n, s) => n + s.sizeBytes, 0);

  const bridge: FakeBridge = {
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method).map((c) => c.args),
    emit(event) {
      if (event.type === 'done') doneSummaries.set(event.summary.runId, event.summary);
      for (const l of [...listeners]) l(event);
    },
    listenerCount: () => listeners.size,
    progress(patch = {}) {
      return {
        runId: currentRun?.id ?? 'run-0',
        phase: 'searching',
        filesDone: 0,
        filesTotal: systems.length,
        bytesDone: 0,
        bytesTotal,
        rowsFound: 0,
        systemsSearched: 0,
        filesSkipped: 0,
        filesFailed: 0,
        exports: [],
        workers: Array.from({ length: settings.workerCount }, (_, i) => ({ id: i + 1, state: 'idle' as const, task: null, pid: 4100 + i, detail: null, taskMs: null })),
        etaSeconds: null,
        stalled: null,
        elapsedMs: 0,
        ...patch,
      };
    },
    summary(patch = {}) {
      return {
        runId: currentRun?.id ?? 'run-0',
        outcome: 'complete',
        error: null,
        root,
        outputDir: settings.outputDir ?? `${root}/results`,
        searchSetTitle: 'All systems (built-in)',
        startedAt: currentRun?.startedAt ?? '2026-11-28T10:00:00.000Z',
        elapsedMs: 1840,
        systems: systems.length,
        filesTotal: systems.length + skipped.length,
        filesSearched: systems.length,
        skipped,
        failedFiles: [],
        familiesWithoutWorkbook: [],
        families: familiesOf().map((family) => ({
          family,
          systems: systems.filter((s) => s.osFamily === family).length,
          searches: searches.filter((s) => s.family === family).length,
          rows: searches.filter((s) => s.family === family).reduce((n, s) => n + s.rows.length, 0),
          workbookPath: `${settings.outputDir ?? `${root}/results`}/${family}.xlsx`,
          jsonPath: settings.writeJson ? `${settings.outputDir ?? `${root}/results`}/${family}.json` : null,
        })),
        manifestPath: `${settings.outputDir ?? `${root}/results`}/kpat-manifest-20261128-100000.json`,
        ...patch,
      };
    },
    settingsState: () => ({ settings, notice, maxWorkers }),
    failNext(method, message) {
      failures.set(method, message);
    },

    appInfo: () => call('appInfo', [], (): AppInfo => ({ version: '0.1.0', cores: maxWorkers, host: 'browser', platform: 'linux' })),
    getSettings: () => call('getSettings', [], () => bridge.settingsState()),
    saveSettings: (patch) =>
      call('saveSettings', [patch], () => {
        if (patch.workerCount !== undefined && (patch.workerCount < 1 || patch.workerCount > maxWorkers)) {
          throw new Error(`workerCount must be 1..${maxWorkers}`);
        }
        settings = { ...settings, ...patch };
        notice = null;
        return bridge.settingsState();
      }),
    chooseFolder: () => call('chooseFolder', [], () => (options.folderToChoose === undefined ? root : options.folderToChoose)),
    chooseSearchFile: () => call('chooseSearchFile', [], () => options.searchFileToChoose ?? null),
    chooseResults: () => call('chooseResults', [], () => options.resultsToChoose ?? null),
    runHistory: () => call('runHistory', [], (): RunHistory => ({ entries: options.history ?? [], current: options.currentRun ?? null })),
    runsInFolder: (folder) => call('runsInFolder', [folder], () => (options.history ?? []).filter((e) => e.manifestPath.startsWith(`${folder}/`))),
    openRun: (path) =>
      call('openRun', [path], (): ResultsOverview => {
        const entry = (options.history ?? []).find((e) => e.manifestPath === path || e.outputDir === path);
        if (!entry) throw new Error(`${path} holds no completed run`);
        return overviewOf(entry.runId, { manifestPath: entry.manifestPath, startedAt: entry.startedAt, outputDir: entry.outputDir });
      }),
    pathForDroppedFile(file) {
      calls.push({ method: 'pathForDroppedFile', args: [file] });
      return options.pathForDroppedFile ? options.pathForDroppedFile(file) : null;
    },
    // Like the core: scanning remembers the folder, inspecting remembers the set.
    scanFolder: (folder) =>
      call('scanFolder', [folder], (): ScanResult => {
        settings = { ...settings, recentFolders: [folder, ...settings.recentFolders.filter((f) => f !== folder)].slice(0, 8) };
        return {
          root: folder,
          systems,
          skipped,
          filesFound: systems.length + skipped.length,
          totalBytes: bytesTotal,
          emptyReason: systems.length + skipped.length === 0 ? `No source files found in ${folder} matching *.txt` : null,
        };
      }),
    listSearchSets: () => call('listSearchSets', [], () => options.searchSets ?? FAKE_SEARCH_SETS),
    inspectSearchSet: (ref, folder) =>
      call('inspectSearchSet', [ref, folder], () => {
        settings = { ...settings, lastSearchSet: ref };
        return options.report ? options.report(ref, folder) : defaultReport(ref, searches, systems);
      }),
    startRun: (request) =>
      call('startRun', [request], () => {
        runCounter += 1;
        const id = `run-${runCounter}`;
        currentRun = { id, request, timer: null, startedAt: new Date(0).toISOString() };
        if (options.autoRun) play(options.autoRun);
        return { runId: id };
      }),
    retryFailed: (runId) =>
      call('retryFailed', [runId], () => {
        runCounter += 1;
        const id = `run-${runCounter}`;
        currentRun = { id, request: currentRun?.request ?? { root, searchSet: { kind: 'builtin', name: 'all' } }, timer: null, startedAt: new Date(0).toISOString() };
        if (options.autoRun) play({ ...options.autoRun, outcome: 'complete' });
        return { runId: id };
      }),
    cancelRun: (runId, mode) =>
      call('cancelRun', [runId, mode], () => {
        const force = mode === 'force';
        if (options.autoRun && currentRun?.id === runId) {
          if (currentRun.timer) clearTimeout(currentRun.timer);
          const id = runId;
          currentRun.timer = setTimeout(() => bridge.emit({ type: 'done', summary: bridge.summary({ runId: id, outcome: 'cancelled', families: [] }) }), force ? 10 : options.autoRun.stepMs * 3);
          bridge.emit({ type: 'progress', progress: bridge.progress({ runId, phase: 'cancelling' }) });
        }
      }),
    resultsOverview: (runId) => call('resultsOverview', [runId], (): ResultsOverview => overviewOf(runId, {})),
    resultRows: (runId, query: RowsQuery) =>
      call('resultRows', [runId, query], (): RowsPage => {
        const s = searches[query.index];
        if (!s || s.family !== query.family) throw new Error(`No search ${query.index} in ${query.family}`);
        // The core's own query over the fake rows (table-query.ts is pure).
        return pageRows({ header: header(s), rows: s.rows }, query);
      }),
    compareGrid: (runId, query: CompareQuery) =>
      call('compareGrid', [runId, query], (): CompareGrid => {
        const s = searches[query.index];
        if (!s || s.family !== query.family) throw new Error(`No search ${query.index} in ${query.family}`);
        const names = systems.filter((sys) => sys.osFamily === s.family).map((sys) => ({ name: sys.systemName, state: 'searched' as const }));
        return compareGrid({ header: header(s), rows: s.rows, systems: names, layout: suggestLayout(header(s), s.rows), baseline: query.baseline });
      }),
    sourceContext: (runId, query) =>
      call('sourceContext', [runId, query], (): SourceView => {
        const s = searches[query.index];
        const sys = systems.find((x) => x.systemName === query.system);
        if (!s || !sys) throw new Error(`No search ${query.index} or system ${query.system}`);
        const hits = s.rows.filter((r) => r[0] === query.system).map((r) => Number(r[1])).sort((a, b) => a - b);
        const line = query.line ?? hits[0];
        if (line === undefined) throw new Error(`${query.system} has no hit of "${s.name}" to show`);
        const lines = options.sourceLines?.[query.system];
        const context = lines ? contextAround(lines, line, query.radius, hits) : { ok: false as const, reason: 'missing' as const, message: `${sys.filePath} is no longer there` };
        return { system: sys.systemName, search: s.name, relPath: sys.relPath, filePath: sys.filePath, line, hits, context };
      }),
    systemView: (runId, query) =>
      call('systemView', [runId, query], (): SystemView => {
        const sys = systems.find((x) => x.systemName === query.system && x.osFamily === query.family);
        if (!sys) throw new Error(`No ${query.family} system ${query.system}`);
        const lines = options.sourceLines?.[sys.systemName] ?? null;
        const sections = lines ? [...new Set(lines.flatMap((l) => /^([^:\s]+)::/.exec(l)?.[1] ?? []))] : null;
        const views = searches
          .map((s, index) => ({ s, index }))
          .filter(({ s }) => s.family === query.family)
          .map(({ s, index }) => {
            const rows = s.rows.filter((r) => r[0] === sys.systemName);
            const section = /^([A-Za-z][A-Za-z0-9_.-]*)::/.exec(String(s.rows[0]?.[2] ?? ''))?.[1] ?? null;
            return {
              index,
              search: s.name,
              sheet: s.name.slice(0, 31),
              comment: s.comment,
              state: rows.length > 0 ? ('found' as const) : ('none' as const),
              header: header(s),
              rows,
              total: rows.length,
              section,
              sectionPresent: section === null || sections === null ? null : sections.includes(section),
            };
          });
        return { family: query.family, system: sys, searches: views, rowLimit: 200, sections, sectionsNote: sections ? null : `${sys.filePath} is no longer there` };
      }),
    driftAgainst: (runId, earlier) =>
      call('driftAgainst', [runId, earlier], (): RunDrift =>
        options.drift ? options.drift(runId, earlier) : { runId, baseline: { path: earlier, files: [earlier], startedAt: null }, families: [], onlyBaseline: [], onlyCurrent: [] },
      ),
    exportView: (runId, query) =>
      call('exportView', [runId, query], () => {
        const s = searches[query.index];
        if (!s || s.family !== query.family) throw new Error(`No search ${query.index} in ${query.family}`);
        const rows = pageRows({ header: header(s), rows: s.rows }, { ...query, offset: 0, limit: s.rows.length }).total;
        return { path: `${settings.outputDir ?? `${root}/results`}/${s.family}_${s.name}-view-20261203-080000.xlsx`, rows };
      }),
    openPath: (path) => call('openPath', [path], () => undefined),
    showInFolder: (path) => call('showInFolder', [path], () => undefined),
    runFindings: (runId) => call('runFindings', [runId], () => findings(runId)),
    putMark: (runId, req) =>
      call('putMark', [runId, req], () => {
        const t = req.target;
        const key = markKey(t);
        const cell = t.kind === 'check' ? checks.flatMap((f) => f.checks).find((c) => c.search === t.search && c.check === t.check)?.results.find((r) => r.system === t.system) : undefined;
        if (t.kind === 'check' && !cell) throw new Error(`The check '${t.check}' of ${t.search} has no result on ${t.system} in this run`);
        const mark: MarkView = {
          key,
          target: t,
          status: req.status,
          note: req.note,
          override: req.override && cell ? { outcome: req.override, automatic: cell.outcome } : null,
          by: 'auditor',
          at: '2026-12-03T09:00:00.000Z',
          evidence: cell ? [cell.outcome, ...cell.evidence.map((r) => r.text)] : t.kind === 'row' ? [t.text] : t.kind === 'cell' ? cellEvidence(t) : [],
          line: cell ? (cell.evidence[0]?.line ?? null) : req.line,
          evidenceState: 'current',
        };
        marks = [...marks.filter((m) => m.key !== key), mark];
        return findings(runId);
      }),
    removeMark: (runId, key) =>
      call('removeMark', [runId, key], () => {
        marks = marks.filter((m) => m.key !== key);
        return findings(runId);
      }),
    exportReport: (runId, format) => call('exportReport', [runId, format], () => ({ path: `${settings.outputDir ?? `${root}/results`}/kpat_report-20261203-080000.${format}` })),
    reportHtml: (runId) => call('reportHtml', [runId], () => `<!DOCTYPE html><html><head><title>Assessment report</title></head><body><h1>Assessment report: ${root}</h1><p>${marks.length} marks</p></body></html>`),
    onRunEvent(listener) {
      calls.push({ method: 'onRunEvent', args: [] });
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };

  function overviewOf(runId: string, patch: Partial<RunSummary>): ResultsOverview {
    return {
        runId,
        summary: { ...(doneSummaries.get(runId) ?? bridge.summary({ runId })), ...patch },
        families: familiesOf().map((family) => ({
          family,
          systems: systems.filter((s) => s.osFamily === family),
          searches: searches
            .map((s, index) => ({ s, index }))
            .filter(({ s }) => s.family === family)
            .map(({ s, index }): SearchOverview => ({
              family,
              index,
              search: s.name,
              sheet: (s.sheet ?? s.name).slice(0, 31).replace(/ /g, '_'),
              title: s.sheet ?? s.name,
              area: s.area ?? null,
              comment: s.comment,
              header: header(s),
              totalRows: s.rows.length,
              systemsWithHits: new Set(s.rows.map((r) => r[0])).size,
            })),
        })),
    };
  }

  function play(auto: NonNullable<FakeBridgeOptions['autoRun']>): void {
    const run = currentRun;
    if (!run) return;
    const totalRows = searches.reduce((n, s) => n + s.rows.length, 0);
    let step = 0;
    const tick = () => {
      if (currentRun !== run) return;
      step += 1;
      const fraction = Math.min(1, step / auto.steps);
      const filesDone = Math.floor(fraction * systems.length);
      const workers = Array.from({ length: settings.workerCount }, (_, i) => {
        const sys = systems[(filesDone + i) % systems.length];
        const busy = fraction < 1 && sys !== undefined;
        return { id: i + 1, state: busy ? ('busy' as const) : ('idle' as const), task: busy ? sys.relPath : null, pid: 4100 + i, detail: null, taskMs: busy ? auto.stepMs : null };
      });
      // The export's share of the steps (the last 15 %), as rows written per family.
      const written = Math.max(0, Math.min(1, (fraction - 0.85) / 0.15));
      const exports =
        fraction < 0.85
          ? []
          : familiesOf().map((family) => {
              const rowsTotal = searches.filter((s) => s.family === family).reduce((n, s) => n + s.rows.length, 0);
              const step = written >= 1 ? ('done' as const) : ('sheets' as const);
              return { family, step, rowsWritten: Math.floor(written * rowsTotal), rowsTotal, sheet: step === 'done' ? null : (searches.find((s) => s.family === family)?.name.slice(0, 31) ?? null), worker: null };
            });
      bridge.emit({
        type: 'progress',
        progress: bridge.progress({
          runId: run.id,
          phase: fraction < 0.85 ? 'searching' : fraction < 1 ? 'exporting' : 'done',
          exports,
          filesDone,
          systemsSearched: filesDone,
          bytesDone: Math.floor(fraction * bytesTotal),
          rowsFound: Math.floor(fraction * totalRows),
          workers,
          etaSeconds: Math.max(0, Math.round(((auto.steps - step) * auto.stepMs) / 1000)),
          elapsedMs: step * auto.stepMs,
        }),
      });
      if (step === Math.ceil(auto.steps / 3)) {
        bridge.emit({ type: 'warning', runId: run.id, message: 'Line 4812 is not valid UTF-8; decoded as cp1252', file: 'windows/windows11-0.4.8.txt' });
      }
      if (step < auto.steps) run.timer = setTimeout(tick, auto.stepMs);
      else {
        const outcome = auto.outcome ?? 'complete';
        bridge.emit({ type: 'done', summary: bridge.summary({ runId: run.id, outcome, error: outcome === 'failed' ? 'Worker 2 crashed twice on windows11-0.4.8.txt' : null }) });
      }
    };
    run.timer = setTimeout(tick, auto.stepMs);
  }

  return bridge;
}
