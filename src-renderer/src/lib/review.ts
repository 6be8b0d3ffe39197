// What the Review screen tells an auditor about the input before a run: the OS as a person names
// it, the files that deserve a second look (identical content, one host in several files, a
// collection the collector left partial, a collector version some searches of the set skip), and
// why a file is not a system, in words an auditor understands.
import type { SearchSetSearch, SystemInfo } from '../../../src-main/contract/ipc';

/** Windows 11 builds start here; its registry still says ProductName "Windows 10 …". */
const FIRST_WINDOWS_11_BUILD = 22000;

/**
 * The OS line shown in the UI. Workbooks keep the collector's `systemOs` as the old tool wrote it;
 * on screen a Windows 11 system is called Windows 11 (derived from the build number).
 */
export function displayOs(s: Pick<SystemInfo, 'systemOs' | 'currentBuild' | 'osFamily'>): string | null {
  if (s.systemOs === null) return null;
  const build = s.currentBuild === null ? NaN : Number.parseInt(s.currentBuild, 10);
  if (s.osFamily === 'Windows' && build >= FIRST_WINDOWS_11_BUILD) return s.systemOs.replace(/^Windows 10\b/, 'Windows 11');
  return s.systemOs;
}

export interface ReviewFlags {
  /** Groups of two or more files with the same SHA-384 (the same collection copied). */
  sameContent: SystemInfo[][];
  /** Groups of two or more files (of different content) that claim the same host name. */
  sameHost: SystemInfo[][];
  /** Collections in which the collector says it skipped modules or tests. */
  partial: SystemInfo[];
  /** Systems that searches of the set leave out because of the collector's version, with those searches. */
  versionSkipped: { system: SystemInfo; searches: string[] }[];
  /** Per file path: the sentences shown on its row. */
  byFile: Map<string, string[]>;
}

function groups(systems: readonly SystemInfo[], key: (s: SystemInfo) => string | null): SystemInfo[][] {
  const by = new Map<string, SystemInfo[]>();
  for (const s of systems) {
    const k = key(s);
    if (k === null) continue;
    const list = by.get(k);
    if (list) list.push(s);
    else by.set(k, [s]);
  }
  return [...by.values()].filter((g) => g.length > 1);
}

/** "Collector skipped modules K8sMaster and K8sWorker", "… test Time_W32TimeLogs (Unsupported OS detected)": short, for the system's row. */
export function gapsSentence(s: SystemInfo): string | null {
  const gaps = s.collectionGaps ?? [];
  if (gaps.length === 0) return null;
  const list = (names: string[]) => (names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`);
  const modules = gaps.filter((g) => g.kind === 'module').map((g) => g.name);
  const tests = gaps.filter((g) => g.kind === 'test').map((g) => (g.note ? `${g.name} (${g.note})` : g.name));
  const parts = [
    modules.length > 0 ? `${modules.length === 1 ? 'module' : 'modules'} ${list(modules)}` : null,
    tests.length > 0 ? `${tests.length === 1 ? 'test' : 'tests'} ${list(tests)}` : null,
  ].filter((p) => p !== null);
  return `Collector skipped ${parts.join('; ')}`;
}

const MAX_NAMED_SEARCHES = 3;

/**
 * What the Review screen flags. `searches` (the chosen set's report over this scan, when there
 * is one) tells which systems its version-filtered searches skip.
 */
export function reviewFlags(systems: readonly SystemInfo[], searches: readonly Pick<SearchSetSearch, 'name' | 'skippedByVersion'>[] = []): ReviewFlags {
  const sameContent = groups(systems, (s) => s.sha384 || null);
  const sameHost = groups(systems, (s) => (s.hostName ? s.hostName.trim().toLowerCase() : null)).filter(
    // Copies of one file are already flagged as identical; a host claimed by different content is news.
    (g) => new Set(g.map((s) => s.sha384)).size > 1,
  );
  const byFile = new Map<string, string[]>();
  const add = (s: SystemInfo, text: string) => byFile.set(s.filePath, [...(byFile.get(s.filePath) ?? []), text]);
  for (const g of sameContent) {
    for (const s of g) add(s, `Same content as ${g.filter((o) => o !== s).map((o) => o.relPath).join(', ')}`);
  }
  for (const g of sameHost) {
    for (const s of g) add(s, `Host ${s.hostName ?? ''} is also in ${g.filter((o) => o !== s).map((o) => o.relPath).join(', ')}`);
  }
  const partial = systems.filter((s) => (s.collectionGaps?.length ?? 0) > 0);
  const skippedBy = new Map<string, string[]>();
  for (const search of searches) for (const name of search.skippedByVersion) skippedBy.set(name, [...(skippedBy.get(name) ?? []), search.name]);
  const versionSkipped = systems.flatMap((system) => {
    const names = skippedBy.get(system.systemName);
    return names ? [{ system, searches: names }] : [];
  });
  for (const { system, searches: names } of versionSkipped) {
    const named = names.slice(0, MAX_NAMED_SEARCHES).join(', ') + (names.length > MAX_NAMED_SEARCHES ? ', …' : '');
    const who = system.producerVersion ? `${system.producer.toLowerCase()} ${system.producerVersion}` : system.producer.toLowerCase();
    add(system, `${who}: ${names.length} version-filtered ${names.length === 1 ? 'search skips' : 'searches skip'} it (${named})`);
  }
  // A partial collection is the least surprising flag (K8s modules on a host without Kubernetes): last.
  for (const s of partial) add(s, gapsSentence(s) ?? '');
  return { sameContent, sameHost, partial, versionSkipped, byFile };
}

/**
 * Why a file was not searched, as an auditor would put it; the engine's own words (which name the
 * exact cause) stay beside it. Matched on the engine's reasons (system-file.ts, detect.ts,
 * detect-ad.ts, decode.ts, size-limit.ts, discover.ts): a reason not listed is shown as it is.
 */
const PLAIN_REASONS: [RegExp, string][] = [
  [/^unknown producer\b/, 'Not audit-script output: no collector (kpnixaudit, kpwinaudit, kpmacaudit, kpadaudit) wrote it'],
  [/^not a complete kpadaudit collection\b/, 'Incomplete Active Directory collection (kpadaudit): too few of its sections to search'],
  [/^empty file\b/, 'Empty file'],
  [/^(binary content|no text)\b/, 'Not a text file'],
  [/^file too large to search\b/, 'Too large to search in one piece: split it'],
  [/^(file|folder) path is .* bytes long\b/, 'Its path is too long to open: move it to a shorter path'],
  [/^folder cannot be read\b/, 'A folder that could not be read: its files were not searched'],
  [/^(cannot read file|cannot be opened)\b/, 'Could not be read (permissions or a read error)'],
  [/^dangling symbolic link\b/, 'A link to a file that does not exist'],
  [/^symbolic link to a folder\b/, 'A link to a folder (linked folders are not followed)'],
  [/^not a regular file\b/, 'Not a file (a pipe, socket or device)'],
];

/** The plain reason, or null when the engine's words are all there is. */
export function plainSkipReason(reason: string): string | null {
  return PLAIN_REASONS.find(([re]) => re.test(reason))?.[1] ?? null;
}
