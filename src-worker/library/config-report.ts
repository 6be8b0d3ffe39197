// The configuration report (`kpat scripts --config-report` and the app's search-set view): every
// search of a loaded set with its OS family, filters, options and comment, and which of the given
// systems it applies to. Pure: a SearchSet and SystemInfo[] in, data plus a plain-text rendering out.

import path from 'node:path';
import { searchAppliesTo, searchFamilies } from '../engine/filters';
import type { PsFormat } from '../engine/search/ps-format';
import { OS_FAMILIES, type MergeField, type OsFamily, type SearchSet, type SearchSpec, type SysFilter, type SystemInfo } from '../engine/types';

export interface ConfigReportOptions {
  maxResults: number;
  onlyMatching: boolean;
  unique: boolean;
  fullScan: boolean;
  multiline: boolean;
  rsDelimiter: string | null;
  showMissing: boolean;
  fieldList: string[];
  mergeFields: MergeField[];
  /** Our `format` option: PowerShell list/table records as rows; null without it. */
  format: PsFormat | null;
}

export interface ConfigReportSearch {
  /** Position in the set (configuration order after includes): the search's identity. */
  index: number;
  /** The YAML key. */
  key: string;
  /** Families whose workbook gets this search (all three when it has no os_family filter). */
  families: OsFamily[];
  /** Display name of the group the search is listed under: one family, or e.g. "Linux + Darwin". */
  group: string;
  /** Where the search is defined: path relative to the set's root folder when inside it, and 1-based line. */
  file: string;
  line: number;
  sheetName: string;
  comment: string | null;
  regex: string;
  filters: SysFilter[];
  /** Filters as text, e.g. `os_family eq Linux AND producer_version ge 0.6.21`; "(none)" when empty. */
  filterText: string;
  options: ConfigReportOptions;
  /** Options that differ from the defaults, as text; "(defaults)" when none. */
  optionsText: string;
  /** Names of the given systems the search applies to (its filters pass), in the given order. */
  appliesTo: string[];
}

export interface ConfigReport {
  rootFile: string;
  files: string[];
  /** Names of the systems the report was built for, in the given order. */
  systems: string[];
  searchCount: number;
  /** Number of searches per family (a search without os_family filter counts in every family). */
  perFamily: Record<OsFamily, number>;
  /** Searches, grouped by `group` in family order, configuration order inside a group. */
  searches: ConfigReportSearch[];
  warnings: string[];
}

export interface ConfigReportResult {
  report: ConfigReport;
  text: string;
}

function valueText(value: SysFilter['value']): string {
  return Array.isArray(value) ? `[${value.map(String).join(', ')}]` : String(value);
}

export function describeFilters(filters: SysFilter[]): string {
  if (filters.length === 0) return '(none)';
  return filters.map((f) => `${f.attr} ${f.comp} ${valueText(f.value)}`).join(' AND ');
}

export function describeOptions(o: ConfigReportOptions): string {
  const parts: string[] = [];
  if (o.maxResults > 0) parts.push(`max_results ${o.maxResults}`);
  if (o.onlyMatching && o.fieldList.length === 0) parts.push('only_matching');
  if (o.unique) parts.push('unique');
  if (o.fullScan) parts.push('full_scan');
  if (o.multiline) parts.push('multiline');
  if (o.rsDelimiter !== null) parts.push(`rs_delimiter ${o.rsDelimiter}`);
  if (o.showMissing) parts.push('show_missing');
  if (o.format !== null) parts.push(`format ${o.format}`);
  if (o.fieldList.length > 0) parts.push(`fields: ${o.fieldList.join(', ')}`);
  for (const m of o.mergeFields) parts.push(`merge ${m.sourceColumns.join('|')} -> ${m.destColumn}`);
  return parts.length > 0 ? parts.join('; ') : '(defaults)';
}

function groupName(families: OsFamily[]): string {
  return families.length === OS_FAMILIES.length ? 'All families' : families.length === 0 ? 'No family' : families.join(' + ');
}

function groupRank(families: OsFamily[]): number {
  // Single families first in OS_FAMILIES order, then mixed groups, then searches that reach no family.
  if (families.length === 1) return OS_FAMILIES.indexOf(families[0] as OsFamily);
  return families.length === 0 ? OS_FAMILIES.length + 1 : OS_FAMILIES.length;
}

function displayFile(rootFile: string, file: string): string {
  const rel = path.relative(path.dirname(rootFile), file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

function describeSearch(set: SearchSet, spec: SearchSpec, systems: SystemInfo[]): ConfigReportSearch {
  const families = searchFamilies(spec);
  const options: ConfigReportOptions = {
    maxResults: spec.maxResults,
    onlyMatching: spec.onlyMatching,
    unique: spec.unique,
    fullScan: spec.fullScan,
    multiline: spec.multiline,
    rsDelimiter: spec.rsDelimiter,
    showMissing: spec.showMissing,
    fieldList: [...spec.fieldList],
    mergeFields: spec.mergeFields.map((m) => ({ sourceColumns: [...m.sourceColumns], destColumn: m.destColumn })),
    format: spec.format,
  };
  return {
    index: spec.index,
    key: spec.name,
    families,
    group: groupName(families),
    file: displayFile(set.rootFile, spec.source.file),
    line: spec.source.line,
    sheetName: spec.sheetName,
    comment: spec.comment,
    regex: spec.regex,
    filters: spec.sysFilter.map((f) => ({ ...f, value: Array.isArray(f.value) ? [...f.value] : f.value })),
    filterText: describeFilters(spec.sysFilter),
    options,
    optionsText: describeOptions(options),
    appliesTo: systems.filter((s) => searchAppliesTo(spec, s)).map((s) => s.systemName),
  };
}

export function buildConfigReport(set: SearchSet, systems: SystemInfo[]): ConfigReport {
  const searches = set.searches
    .map((spec) => describeSearch(set, spec, systems))
    .map((s, order) => ({ s, order }))
    .sort((a, b) => groupRank(a.s.families) - groupRank(b.s.families) || a.s.group.localeCompare(b.s.group) || a.order - b.order)
    .map(({ s }) => s);
  const perFamily = Object.fromEntries(OS_FAMILIES.map((f) => [f, searches.filter((s) => s.families.includes(f)).length])) as Record<OsFamily, number>;
  return {
    rootFile: set.rootFile,
    files: [...set.files],
    systems: systems.map((s) => s.systemName),
    searchCount: searches.length,
    perFamily,
    searches,
    warnings: [...set.warnings],
  };
}

const INDENT = '    ';
const WIDTH = 100;

function wrap(text: string, firstPrefix: string, width = WIDTH): string[] {
  const rest = ' '.repeat(firstPrefix.length);
  const out: string[] = [];
  const prefix = (): string => (out.length === 0 ? firstPrefix : rest);
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      if (line !== '' && prefix().length + line.length + 1 + word.length > width) {
        out.push(prefix() + line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    if (line !== '') out.push(prefix() + line);
  }
  return out.length > 0 ? out : [firstPrefix.trimEnd()];
}

export function renderConfigReport(report: ConfigReport): string {
  const lines: string[] = [];
  const familyCounts = OS_FAMILIES.map((f) => `${f} ${report.perFamily[f]}`).join(', ');
  lines.push(`Configuration report for ${report.rootFile}`);
  lines.push(`Files read: ${report.files.length}`);
  lines.push(`Searches: ${report.searchCount} (${familyCounts})`);
  lines.push(report.systems.length > 0 ? `Systems: ${report.systems.length} (${report.systems.join(', ')})` : 'Systems: none given (applicability not evaluated)');
  for (const w of report.warnings) lines.push(`Warning: ${w}`);

  let current: string | null = null;
  for (const s of report.searches) {
    if (s.group !== current) {
      current = s.group;
      const count = report.searches.filter((x) => x.group === current).length;
      lines.push('', `== ${current} (${count} search${count === 1 ? '' : 'es'}) ==`);
    }
    lines.push('', `[${s.index + 1}] ${s.key}  sheet "${s.sheetName}"  (${s.file}:${s.line})`);
    lines.push(`${INDENT}Filters:    ${s.filterText}`);
    lines.push(`${INDENT}Options:    ${s.optionsText}`);
    if (report.systems.length > 0) {
      const which = s.appliesTo.length > 0 ? s.appliesTo.join(', ') : 'none';
      lines.push(...wrap(`${which} (${s.appliesTo.length} of ${report.systems.length})`, `${INDENT}Applies to: `));
    }
    lines.push(`${INDENT}Regex:      ${s.regex}`);
    lines.push(...wrap(s.comment ?? '(no comment)', `${INDENT}Comment:    `));
  }
  return `${lines.join('\n')}\n`;
}

/** The report for a loaded set and the systems at hand, with its plain-text rendering. */
export function configReport(set: SearchSet, systems: SystemInfo[]): ConfigReportResult {
  const report = buildConfigReport(set, systems);
  return { report, text: renderConfigReport(report) };
}
