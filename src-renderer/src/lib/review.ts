// What the Review screen tells an auditor about the input before a run: the OS as a person names
// it, and the files that deserve a second look (identical content, one host in several files).
import type { SystemInfo } from '../../../src-main/contract/ipc';

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

export function reviewFlags(systems: readonly SystemInfo[]): ReviewFlags {
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
  return { sameContent, sameHost, byFile };
}
