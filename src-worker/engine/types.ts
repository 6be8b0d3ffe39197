// The engine's data contract. Every module of the engine, the worker API, the main-side
// job runner and the renderer speak in these types. Plain data only (structured-clone safe),
// so they cross process boundaries unchanged.

/**
 * The results families: one workbook each. Three are operating systems; `ActiveDirectory` holds the
 * collections of kpadaudit.ps1, which describe a domain rather than the host they ran on.
 */
import type { PsFormat } from './search/ps-format';

export const OS_FAMILIES = ['Linux', 'Windows', 'Darwin', 'ActiveDirectory'] as const;
export type OsFamily = (typeof OS_FAMILIES)[number];

export const PRODUCERS = ['KPNIXAUDIT', 'KPWINAUDIT', 'KPMACAUDIT', 'KPADAUDIT'] as const;
export type Producer = (typeof PRODUCERS)[number];

export type DistroFamily = 'deb' | 'rpm' | 'apk' | 'other';

/** One recognised input file (SPEC §2.1), plus what we add beyond the old tool. */
export interface SystemInfo {
  /** File name without its last extension (SPEC §2.1): the key rows refer to. */
  systemName: string;
  /** Absolute path of the file. */
  filePath: string;
  /** Path relative to the start folder, with '/' separators (what the user sees). */
  relPath: string;
  sizeBytes: number;
  /** Lowercase hex SHA-384 of the raw bytes. */
  sha384: string;
  /** Codec name in the old tool's vocabulary: ascii, utf_8, utf_8_sig, utf_16, utf_16_le, utf_16_be, cp1252. */
  encoding: string;
  producer: Producer;
  producerVersion: string;
  osFamily: OsFamily;
  /** Linux only; 'other' when not recognised, null on other families. */
  distroFamily: DistroFamily | null;
  /** Display string (SPEC §2.2). */
  systemOs: string | null;
  osPrettyName: string | null;
  /** From VERSION_ID (Linux) / ProductVersion (macOS) / CurrentBuild-derived (Windows) — Q8 fixed. */
  osVersion: string | null;
  productName: string | null;
  releaseId: string | null;
  currentBuild: string | null;
  ubr: string | null;
  /** `System Report for <host>` / System_Hostname:: — not in the old tool. */
  hostName: string | null;
  /** Present on Active Directory collections only (osFamily 'ActiveDirectory'). */
  activeDirectory?: ActiveDirectoryInfo;
  /** Parts the collector says it skipped (collection-gaps.ts); absent when it skipped none. */
  collectionGaps?: CollectionGap[];
}

/** A module (kpnixaudit `###<Module> skipped`) or a test (kpwinaudit `Test skipped`) not collected. */
export interface CollectionGap {
  kind: 'module' | 'test';
  /** The module, or the section of the test. */
  name: string;
  /** The collector's words on why (e.g. "Unsupported OS detected"), when it gave them. */
  note: string | null;
}

/** What a kpadaudit collection says about its domain and the run (detect-ad.ts); null: not in the file. */
export interface ActiveDirectoryInfo {
  /** AD_Domain DNSRoot, e.g. corp.example.com. */
  dnsRoot: string | null;
  netbiosName: string | null;
  /** Domain functional level (AD_Domain DomainMode), e.g. Windows2016Domain. */
  domainMode: string | null;
  /** Forest functional level (a ForestMode property); kpadaudit up to 0.1.8 does not collect it. */
  forestMode: string | null;
  /** Script_Init `System type is detected as …`: the Windows edition of the host that ran the collector. */
  collectorSystemType: string | null;
  /** Script_Init's Get-Date output, as the collector host's culture wrote it. */
  collectedAt: string | null;
}

/** A file that was found but is not a system, and why. Never fatal for a run. */
export interface SkippedFile {
  filePath: string;
  relPath: string;
  reason: string;
}

export const FILTER_ATTRS = [
  'os_family',
  'distro_family',
  'producer',
  'producer_version',
  'product_name',
  'release_id',
  'current_build',
  'ubr',
  'os_pretty_name',
  'os_version',
] as const;
export type FilterAttr = (typeof FILTER_ATTRS)[number];

export const FILTER_COMPS = ['eq', 'gt', 'lt', 'ge', 'le', 'in'] as const;
export type FilterComp = (typeof FILTER_COMPS)[number];

export type FilterScalar = string | number;
export interface SysFilter {
  attr: FilterAttr;
  comp: FilterComp;
  /** Scalars keep their YAML type (PyYAML str() rules apply when compared); `in` takes a list. */
  value: FilterScalar | FilterScalar[];
}

export interface MergeField {
  sourceColumns: string[];
  destColumn: string;
}

/** Where a search (or an error) comes from in the user's YAML. 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One validated, merged (global applied) search, ready to compile. */
export interface SearchSpec {
  /** Position in configuration order after include expansion: the search's identity (Q1 fix). */
  index: number;
  /** The YAML key. Not unique across a configuration. */
  name: string;
  source: SourceLocation;
  /** Python pattern as written by the user. */
  regex: string;
  /** Translated JavaScript pattern, compiled with flags 'iu'. */
  jsRegex: string;
  comment: string | null;
  /** Raw excel_sheet_name (defaults to the key); sanitised titles are made per workbook. */
  sheetName: string;
  /** -1 = unlimited; else > 0. Per system and search. */
  maxResults: number;
  onlyMatching: boolean;
  unique: boolean;
  /** Named groups exported as columns, in order; [] when none. */
  fieldList: string[];
  fullScan: boolean;
  multiline: boolean;
  /** Python pattern, or null. */
  rsDelimiter: string | null;
  /** Translated pattern, compiled with flag 'u' only (case-sensitive, SPEC §4.4). */
  jsRsDelimiter: string | null;
  mergeFields: MergeField[];
  showMissing: boolean;
  /** Global filters first, then local ones (SPEC §3.5); AND semantics. */
  sysFilter: SysFilter[];
  /** The search's `expect` checks (our extension); [] when it has none. */
  checks: CheckSpec[];
  /**
   * Our `format` option: the matched lines are PowerShell Format-List or Format-Table output, each
   * record a row with a column per property (search/ps-format.ts); null: rows are lines, as before.
   */
  format: PsFormat | null;
}

// ---- Checks: what a search's rows must show on each system (the `expect` extension, issue 15).

export const CHECK_OUTCOMES = ['pass', 'fail', 'review', 'n/a'] as const;
/** pass/fail: decided; review: no data or ambiguous rows; n/a: the search does not apply to the system. */
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export const SEVERITIES = ['high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a system with no (selected) rows counts as. */
export const NO_ROWS_OUTCOMES = ['fail', 'pass', 'review'] as const;
export type NoRowsOutcome = (typeof NO_ROWS_OUTCOMES)[number];

export type CheckCondition =
  /** The value is one of these (case-insensitive, surrounding white space ignored). */
  | { kind: 'in'; values: string[] }
  | { kind: 'not_in'; values: string[] }
  /** The value matches (or does not match) a Python pattern, translated; case-insensitive like the searches. */
  | { kind: 'matches'; pattern: string; jsPattern: string }
  | { kind: 'not_matches'; pattern: string; jsPattern: string }
  /** The value is a number within the bounds (inclusive); a bound may be open. */
  | { kind: 'range'; min: number | null; max: number | null }
  /** Rows (after `key` selection) must exist, or must not. */
  | { kind: 'rows'; present: boolean };

export interface CheckSpec {
  /** Short title, unique within its search; search name + title identify the check. */
  title: string;
  /** Where the check is written (its `check:` entry). */
  source: SourceLocation;
  condition: CheckCondition;
  /** The field a row is judged by; null: the row's matched text. */
  field: string | null;
  /** Key/value searches: only rows whose `field` equals `equals` (case-insensitive) count. */
  key: { field: string; equals: string } | null;
  /** all: every counted row must satisfy the condition; any: one is enough. */
  passIf: 'all' | 'any';
  /** What a system whose search found no (selected) rows counts as. Presence checks decide themselves. */
  noRows: NoRowsOutcome;
  severity: Severity;
  /** The requirement it supports, e.g. "PCI DSS v4.0 8.3.9"; null when not given. */
  requirement: string | null;
  /** What a fail means. */
  comment: string | null;
}

/** Rows kept as evidence of one check on one system, at most this many (the count says how many there were). */
export const MAX_EVIDENCE_ROWS = 20;

/** One check's outcome on one system, with the rows that decided it. */
export interface CheckResult {
  /** SearchSpec.index of the check's search. */
  search: number;
  /** CheckSpec.title. */
  check: string;
  outcome: CheckOutcome;
  /** One sentence: why this outcome. */
  reason: string;
  evidence: ResultRow[];
  /** How many rows decided it (evidence holds the first MAX_EVIDENCE_ROWS). */
  evidenceTotal: number;
}

/** A loaded configuration: the searches plus every file that contributed (for reports and watching). */
export interface SearchSet {
  /** The main YAML file (absolute). */
  rootFile: string;
  /** Every YAML file read, in load order (absolute). */
  files: string[];
  searches: SearchSpec[];
  /** Non-fatal findings, e.g. two searches sharing a name. */
  warnings: string[];
}

/** A configuration problem, precise enough to jump to. */
export interface ConfigProblem {
  file: string;
  line: number | null;
  column: number | null;
  /** The search key, when the problem is inside one. */
  search: string | null;
  message: string;
}

/** One result row of one search on one system (SPEC §4.2). */
export interface ResultRow {
  line: number;
  text: string;
  /** Extracted (and merged) fields in insertion order, or null when the search exports none. */
  fields: Record<string, string> | null;
}

/** What searching one system file yields: rows per search index (absent = no rows). */
export interface SystemSearchResult {
  systemName: string;
  relPath: string;
  rowsBySearch: Record<number, ResultRow[]>;
  /** Outcomes of the checks of the searches that were run (n/a for those that do not apply). */
  checks: CheckResult[];
  linesRead: number;
  bytesRead: number;
}

// ---- The results format (../shared/reference/expected/*.json), what the UI shows and --json writes.

export type Cell = string | number;

export const SYSTEM_COLUMNS = [
  'System Name',
  'OS Family',
  'Producer',
  'Producer Version',
  'Linux Family',
  'OS Pretty Name',
  'OS Version',
  'Product Name',
  'Release ID',
  'Current Build',
  'File Path',
  'File Encoding',
  'Host Name',
  'SHA-384',
] as const;

/** The Systems Summary of the ActiveDirectory family: a domain's attributes instead of an OS's. */
export const AD_SYSTEM_COLUMNS = [
  'System Name',
  'OS Family',
  'Producer',
  'Domain DNS Root',
  'NetBIOS Name',
  'Domain Functional Level',
  'Forest Functional Level',
  'Collector System Type',
  'Collection Time',
  'File Path',
  'File Encoding',
  'SHA-384',
] as const;
export type SystemColumn = (typeof SYSTEM_COLUMNS)[number] | (typeof AD_SYSTEM_COLUMNS)[number];
/** One line of a family's Systems Summary: the columns of systemColumnsFor(family). */
export type SystemRow = Partial<Record<SystemColumn, string>> & Record<'System Name', string>;

export function systemColumnsFor(family: OsFamily): readonly SystemColumn[] {
  return family === 'ActiveDirectory' ? AD_SYSTEM_COLUMNS : SYSTEM_COLUMNS;
}

export interface SearchOptionsSummary {
  maxResults: number;
  onlyMatching: boolean;
  unique: boolean;
  fullScan: boolean;
  multiline: boolean;
  showMissing: boolean;
  fieldList: string[];
  /** Our `format` option (PowerShell records as rows); null without it. */
  format: PsFormat | null;
}

export interface SearchResultTable {
  /** The YAML key. */
  search: string;
  /** Sanitised, unique-within-the-workbook sheet title (SPEC §5.3, Q6 fixed). */
  sheet: string;
  comment: string | null;
  /** [] when there are no rows (except show_missing rows). */
  header: string[];
  rows: Cell[][];
  /** Identity of the search in its SearchSet (not in the old tool's format; ignored by comparisons). */
  index: number;
  /** Raw excel_sheet_name, for ordering. */
  sheetName: string;
  options: SearchOptionsSummary;
}

/** One check's outcome on one system, in a family's results. */
export interface SystemCheckCell {
  system: string;
  outcome: CheckOutcome;
  reason: string;
  evidence: ResultRow[];
  evidenceTotal: number;
}

/** A check over a family's systems: its definition and one cell per system (in the family's system order). */
export interface CheckTable {
  /** The search's YAML key and identity. */
  search: string;
  index: number;
  check: string;
  severity: Severity;
  requirement: string | null;
  comment: string | null;
  results: SystemCheckCell[];
}

export interface FamilyResults {
  family: OsFamily;
  systems: SystemRow[];
  /** In workbook order: sorted by raw excel_sheet_name (code points, stable). */
  searches: SearchResultTable[];
  /** The checks of the routed searches, in search order then check order; [] when the set has none. */
  checks: CheckTable[];
}
