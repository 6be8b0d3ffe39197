// One OS family's results in the shape of ../shared/reference/expected/*.json (SPEC §4.10, §5.3–§5.6).
// Routing replaces SPEC §5.1: a search belongs to every family its os_family filters admit (all families
// without such a filter), and a family's tables hold only rows of that family's systems (Q1, Q4, Q5 fixed).
import { searchAppliesTo, searchFamilies } from '../filters';
import { compareCodePoints } from '../text';
import type { ActiveDirectoryInfo, Cell, CheckResult, CheckTable, FamilyResults, OsFamily, ResultRow, SearchOptionsSummary, SearchResultTable, SearchSpec, SystemInfo, SystemRow, SystemSearchResult } from '../types';
import type { PsFormat } from '../search/ps-format';
import { assignSheetTitles } from './sheet-titles';

export const BASE_COLUMNS = ['System Name', 'Line Number', 'Matched Text'] as const;
export const NO_RESULTS_TEXT = 'NO RESULTS FOUND';

const orNA = (v: string | null): string => (v === null || v === '' ? 'N/A' : v);

export function systemRow(s: SystemInfo): SystemRow {
  if (s.activeDirectory) return activeDirectoryRow(s, s.activeDirectory);
  return {
    'System Name': s.systemName,
    'OS Family': s.osFamily,
    Producer: s.producer,
    'Producer Version': s.producerVersion || 'Unknown',
    'Linux Family': orNA(s.distroFamily),
    'OS Pretty Name': orNA(s.osPrettyName),
    'OS Version': orNA(s.osVersion),
    'Product Name': orNA(s.productName),
    'Release ID': orNA(s.releaseId),
    'Current Build': orNA(s.currentBuild),
    'File Path': s.relPath,
    'File Encoding': s.encoding || 'Unknown',
    'Host Name': orNA(s.hostName),
    'SHA-384': s.sha384,
  };
}

/** The ActiveDirectory family's Systems Summary line (AD_SYSTEM_COLUMNS). */
function activeDirectoryRow(s: SystemInfo, ad: ActiveDirectoryInfo): SystemRow {
  return {
    'System Name': s.systemName,
    'OS Family': s.osFamily,
    Producer: s.producer,
    'Domain DNS Root': orNA(ad.dnsRoot),
    'NetBIOS Name': orNA(ad.netbiosName),
    'Domain Functional Level': orNA(ad.domainMode),
    'Forest Functional Level': orNA(ad.forestMode),
    'Collector System Type': orNA(ad.collectorSystemType),
    'Collection Time': orNA(ad.collectedAt),
    'File Path': s.relPath,
    'File Encoding': s.encoding || 'Unknown',
    'SHA-384': s.sha384,
  };
}

interface SystemRowRef {
  systemName: string;
  row: ResultRow;
}

/** SPEC §5.6: field_list names used by some row (in order), then any other keys (merge targets) sorted. */
export function tableHeader(fieldList: readonly string[], rows: readonly SystemRowRef[], format: PsFormat | null = null): string[] {
  if (rows.length === 0) return [];
  const keys = new Set<string>();
  for (const { row } of rows) if (row.fields) for (const k of Object.keys(row.fields)) keys.add(k);
  return headerOfKeys(fieldList, keys, format);
}

/**
 * The header of a table with rows whose field names, in the order the rows first use them, are
 * `keys` (tableHeader; also the export of a large family, which sees the rows go by once).
 */
export function headerOfKeys(fieldList: readonly string[], keys: ReadonlySet<string>, format: PsFormat | null): string[] {
  // format rows: Section, then the properties in the order the records list them.
  if (format !== null) return [...BASE_COLUMNS, ...keys];
  const listed = fieldList.filter((f) => keys.has(f));
  const listedSet = new Set(listed);
  const others = [...keys].filter((k) => !listedSet.has(k)).sort(compareCodePoints);
  return [...BASE_COLUMNS, ...listed, ...others];
}

/** The row a show_missing search puts in its table for a system it applies to but found nothing in. */
export const MISSING_ROW: ResultRow = Object.freeze({ line: 1, text: NO_RESULTS_TEXT, fields: null });

export function wantsMissingRow(spec: SearchSpec, system: SystemInfo, rowsFound: number): boolean {
  return spec.showMissing && rowsFound === 0 && searchAppliesTo(spec, system);
}

/** The systems of `family` in the order of its tables (by path). */
export function familySystemsInOrder<T extends Pick<SystemInfo, 'osFamily' | 'relPath'>>(family: OsFamily, systems: readonly T[]): T[] {
  return systems.filter((s) => s.osFamily === family).sort((a, b) => compareCodePoints(a.relPath, b.relPath));
}

function searchTable(spec: SearchSpec, systems: readonly SystemInfo[], resultOf: (s: SystemInfo) => SystemSearchResult | undefined): Omit<SearchResultTable, 'sheet'> {
  let refs: SystemRowRef[] = [];
  for (const system of systems) {
    const rows = resultOf(system)?.rowsBySearch[spec.index] ?? [];
    for (const row of rows) refs.push({ systemName: system.systemName, row });
    if (wantsMissingRow(spec, system, rows.length)) refs.push({ systemName: system.systemName, row: MISSING_ROW });
  }
  // SPEC §4.10: show_missing searches (only those) are re-sorted by system name, stable.
  if (spec.showMissing) refs = refs.map((r, i) => ({ r, i })).sort((a, b) => compareCodePoints(a.r.systemName, b.r.systemName) || a.i - b.i).map((x) => x.r);
  const header = tableHeader(spec.fieldList, refs, spec.format);
  const fieldCols = header.slice(BASE_COLUMNS.length);
  const rows: Cell[][] = refs.map(({ systemName, row }) => [systemName, row.line, row.text, ...fieldCols.map((c) => row.fields?.[c] ?? '')]);
  return {
    search: spec.name,
    comment: spec.comment,
    header,
    rows,
    index: spec.index,
    sheetName: spec.sheetName,
    options: searchOptionsSummary(spec),
  };
}

/** The options a results table (sheet metadata, UI) shows for a search. */
export function searchOptionsSummary(spec: SearchSpec): SearchOptionsSummary {
  return {
    maxResults: spec.maxResults,
    onlyMatching: spec.onlyMatching,
    unique: spec.unique,
    fullScan: spec.fullScan,
    multiline: spec.multiline,
    showMissing: spec.showMissing,
    fieldList: [...spec.fieldList],
    format: spec.format,
  };
}

/**
 * The checks of the routed searches over the family's systems (search order, then check order),
 * one cell per system in `familySystems` order. A system without an outcome (its search part was
 * not evaluated) shows review, never a silent pass.
 */
export function buildCheckTables(familySystems: readonly SystemInfo[], routed: readonly SearchSpec[], checksOf: (s: SystemInfo) => readonly CheckResult[] | undefined): CheckTable[] {
  const withChecks = routed.filter((spec) => spec.checks.length > 0);
  if (withChecks.length === 0) return [];
  const bySystem = familySystems.map((system) => {
    const map = new Map<string, CheckResult>();
    for (const r of checksOf(system) ?? []) map.set(`${r.search}\u0000${r.check}`, r);
    return map;
  });
  const tables: CheckTable[] = [];
  for (const spec of [...withChecks].sort((a, b) => a.index - b.index)) {
    for (const check of spec.checks) {
      tables.push({
        search: spec.name,
        index: spec.index,
        check: check.title,
        severity: check.severity,
        requirement: check.requirement,
        comment: check.comment,
        results: familySystems.map((system, i) => {
          const r = bySystem[i]?.get(`${spec.index}\u0000${check.title}`);
          return r
            ? { system: system.systemName, outcome: r.outcome, reason: r.reason, evidence: r.evidence, evidenceTotal: r.evidenceTotal }
            : { system: system.systemName, outcome: 'review', reason: 'not evaluated (the search did not run on this system)', evidence: [], evidenceTotal: 0 };
        }),
      });
    }
  }
  return tables;
}

export function buildFamilyResults(
  family: OsFamily,
  systems: readonly SystemInfo[],
  searches: readonly SearchSpec[],
  results: readonly SystemSearchResult[],
): FamilyResults {
  const familySystems = familySystemsInOrder(family, systems);
  const byRelPath = new Map(results.map((r) => [r.relPath, r]));
  const routed = searches.filter((spec) => searchFamilies(spec).includes(family));
  const tables = routed
    .map((spec, i) => ({ table: searchTable(spec, familySystems, (s) => byRelPath.get(s.relPath)), i }))
    .sort((a, b) => compareCodePoints(a.table.sheetName, b.table.sheetName) || a.i - b.i)
    .map((x) => x.table);
  const titles = assignSheetTitles(tables.map((t) => t.sheetName));
  return {
    family,
    systems: familySystems.map(systemRow),
    searches: tables.map((t, i) => ({ ...t, sheet: titles[i] as string })),
    checks: buildCheckTables(familySystems, routed, (s) => byRelPath.get(s.relPath)?.checks),
  };
}
