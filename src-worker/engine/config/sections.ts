// Validation of one top-level section of a search file — a search, `global` or `include_*` —
// with the option types and rules of SPEC §3.3–§3.7. Problems are collected, not thrown, so a
// file reports everything wrong with it at once.

import { FILTER_ATTRS, FILTER_COMPS } from '../types';
import type { ConfigProblem, FilterAttr, FilterComp, FilterScalar, MergeField, SearchSpec, SysFilter } from '../types';
import { RegexTranslationError, translatePythonRegexWithGroups } from '../regex/translate';
import type { TranslatedRegex } from '../regex/translate';
import { describe, isNull, toBool, toInt, toList, toOptionalBool, toOptionalInt, toOptionalStr, toStr } from './coerce';
import type { Coerced } from './coerce';
import { pythonFloatStr, pythonStr } from './pyyaml-scalars';
import type { Pos, YEntry, YNode } from './yaml-tree';
import { parseExpect } from './expect';
import { PS_FORMATS, type PsFormat } from '../search/ps-format';
import { FORMAT_SECTION_COLUMN } from '../search/format-rows';
import type { LocalCheck } from './expect';

/** Where problems of one section go. */
export class SectionContext {
  constructor(
    readonly file: string,
    /** The section key (search name, `global`, `include_x`). */
    readonly section: string,
    readonly problems: ConfigProblem[],
    readonly warnings: string[],
  ) {}

  problem(pos: Pos | null, message: string): void {
    this.problems.push({ file: this.file, line: pos?.line ?? null, column: pos?.column ?? null, search: this.section, message });
  }

  warn(pos: Pos, message: string): void {
    this.warnings.push(`${this.file}:${pos.line}:${pos.column}: [${this.section}] ${message}`);
  }

  /** The coerced value, or undefined after recording the reason against the option. */
  take<T>(option: string, node: YNode, result: Coerced<T>): T | undefined {
    if (result.ok) return result.value;
    this.problem(node.pos, `${option}: ${result.message}`);
    return undefined;
  }
}

const SEARCH_OPTIONS = [
  'regex',
  'comment',
  'excel_sheet_name',
  'max_results',
  'only_matching',
  'field_list',
  'unique',
  'full_scan',
  'multiline',
  'rs_delimiter',
  'merge_fields',
  'sys_filter',
  'show_missing',
  'expect',
  'format',
] as const;
type SearchOption = (typeof SEARCH_OPTIONS)[number];

const GLOBAL_OPTIONS = ['sys_filter', 'max_results', 'only_matching', 'unique', 'full_scan'] as const;
type GlobalOption = (typeof GLOBAL_OPTIONS)[number];

/** Keys the old tool ignored that are known to occur in real files and mean nothing to the engine. */
const SILENTLY_IGNORED = new Set(['keywords']);

/** A search as written in its file, before `global` is applied (identity and location come later). */
export type LocalSearch = Omit<SearchSpec, 'index' | 'source' | 'checks'> & { pos: Pos; checks: LocalCheck[] };

export interface GlobalSection {
  sysFilter: SysFilter[];
  maxResults: number | null;
  onlyMatching: boolean | null;
  unique: boolean | null;
  fullScan: boolean | null;
}

export interface IncludeEntry {
  path: string;
  pos: Pos;
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z]/g, '');
}

/** Entries by option name; unknown keys become warnings (with a suggestion when it is a misspelling). */
function collectOptions<K extends string>(entries: YEntry[], known: readonly K[], ctx: SectionContext): Map<K, YNode> {
  const options = new Map<K, YNode>();
  for (const entry of entries) {
    const key = entry.key.type === 'str' ? entry.key.value : null;
    if (key !== null && (known as readonly string[]).includes(key)) {
      options.set(key as K, entry.value);
      continue;
    }
    if (key !== null && SILENTLY_IGNORED.has(key)) continue;
    const shown = pythonStr(entry.key);
    const close = known.find((k) => normaliseKey(k) === normaliseKey(shown));
    ctx.warn(entry.keyPos, `unknown option '${shown}' ignored${close ? ` (did you mean '${close}'?)` : ''}`);
  }
  return options;
}

/**
 * The longest pattern accepted, in characters. The longest of the reference and built-in sets is
 * well under 1,000; a pattern of megabytes is not a search (a 51 MB one kept the main process
 * busy for minutes and took the workers' memory), so it is refused before it is translated.
 */
export const MAX_PATTERN_CHARS = 65_536;

export function translate(ctx: SectionContext, option: string, pattern: string, node: YNode): TranslatedRegex | null {
  if (pattern.length > MAX_PATTERN_CHARS) {
    const n = (x: number) => x.toLocaleString('en-US');
    ctx.problem(node.pos, `${option} is ${n(pattern.length)} characters long; at most ${n(MAX_PATTERN_CHARS)} are accepted`);
    return null;
  }
  try {
    return translatePythonRegexWithGroups(pattern);
  } catch (err) {
    const reason = err instanceof RegexTranslationError || err instanceof Error ? err.message : String(err);
    ctx.problem(node.pos, `${option === 'regex' ? 'Invalid regex pattern' : `Invalid ${option} pattern`}: ${reason}`);
    return null;
  }
}

function stringList(ctx: SectionContext, option: string, node: YNode): string[] | undefined {
  const list = ctx.take(option, node, toList(node));
  if (list === undefined) return undefined;
  const out: string[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const value = ctx.take(`${option}[${i}]`, item, toStr(item));
    if (value === undefined) ok = false;
    else out.push(value);
  });
  return ok ? out : undefined;
}

function enumValue<T extends string>(ctx: SectionContext, option: string, node: YNode, allowed: readonly T[]): T | undefined {
  const text = node.kind === 'scalar' && node.value.type === 'str' ? node.value.value.toLowerCase() : null;
  const match = allowed.find((a) => a === text);
  if (match) return match;
  const list = allowed.map((a) => `'${a}'`);
  const last = list.pop() ?? '';
  ctx.problem(node.pos, `${option}: Input should be ${list.join(', ')} or ${last}, got ${describe(node)}`);
  return undefined;
}

/** A filter value keeps its YAML type; floats become their Python str() so comparisons see '1.0', not 1. */
function filterScalar(node: YNode, inList: boolean): FilterScalar | undefined {
  if (node.kind !== 'scalar') return undefined;
  const s = node.value;
  switch (s.type) {
    case 'str':
      return s.value;
    case 'int':
      return Number.isSafeInteger(Number(s.value)) ? Number(s.value) : s.value.toString();
    case 'float':
      return pythonFloatStr(s.value);
    case 'bool':
      // pydantic turns a bare bool into int 1/0; inside a list it stays a bool and compares as 'True'/'False'.
      return inList ? (s.value ? 'True' : 'False') : s.value ? 1 : 0;
    default:
      return undefined;
  }
}

export function parseSysFilters(ctx: SectionContext, node: YNode): SysFilter[] | undefined {
  if (isNull(node)) return [];
  const list = ctx.take('sys_filter', node, toList(node));
  if (list === undefined) return undefined;
  const filters: SysFilter[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const where = `sys_filter[${i}]`;
    if (item.kind !== 'map') {
      ctx.problem(item.pos, `${where}: Input should be a mapping with attr, comp and value, got ${describe(item)}`);
      ok = false;
      return;
    }
    const options = collectOptions(item.entries, ['attr', 'comp', 'value'] as const, ctx);
    for (const required of ['attr', 'comp', 'value'] as const) {
      if (!options.has(required)) {
        ctx.problem(item.pos, `${where}.${required}: Field required`);
        ok = false;
      }
    }
    const attrNode = options.get('attr');
    const compNode = options.get('comp');
    const valueNode = options.get('value');
    const attr = attrNode && enumValue<FilterAttr>(ctx, `${where}.attr`, attrNode, FILTER_ATTRS);
    const comp = compNode && enumValue<FilterComp>(ctx, `${where}.comp`, compNode, FILTER_COMPS);
    let value: FilterScalar | FilterScalar[] | undefined;
    if (valueNode) {
      if (valueNode.kind === 'seq') {
        const items = valueNode.items.map((v) => filterScalar(v, true));
        if (items.every((v): v is FilterScalar => v !== undefined)) value = items;
        else ctx.problem(valueNode.pos, `${where}.value: list items should be strings or numbers`);
        if (comp && comp !== 'eq' && comp !== 'in') {
          ctx.problem(valueNode.pos, `${where}.value: '${comp}' operator cannot be used with list or set values`);
          value = undefined;
        }
      } else {
        value = filterScalar(valueNode, false);
        if (value === undefined) {
          ctx.problem(valueNode.pos, `${where}.value: Input should be a string, a number or a list, got ${describe(valueNode)}`);
        } else if (comp === 'in') {
          ctx.problem(valueNode.pos, `${where}.value: 'in' operator requires a list or set value`);
          value = undefined;
        }
      }
    }
    if (attr === undefined || comp === undefined || value === undefined) {
      ok = false;
      return;
    }
    filters.push({ attr, comp, value });
  });
  return ok ? filters : undefined;
}

function parseMergeFields(ctx: SectionContext, node: YNode): MergeField[] | undefined {
  if (isNull(node)) return [];
  const list = ctx.take('merge_fields', node, toList(node));
  if (list === undefined) return undefined;
  const merges: MergeField[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const where = `merge_fields[${i}]`;
    if (item.kind !== 'map') {
      ctx.problem(item.pos, `${where}: Input should be a mapping with source_columns and dest_column, got ${describe(item)}`);
      ok = false;
      return;
    }
    const options = collectOptions(item.entries, ['source_columns', 'dest_column'] as const, ctx);
    const sourcesNode = options.get('source_columns');
    const destNode = options.get('dest_column');
    if (!sourcesNode) ctx.problem(item.pos, `${where}.source_columns: Field required`);
    if (!destNode) ctx.problem(item.pos, `${where}.dest_column: Field required`);
    const sourceColumns = sourcesNode && stringList(ctx, `${where}.source_columns`, sourcesNode);
    const destColumn = destNode && ctx.take(`${where}.dest_column`, destNode, toStr(destNode));
    if (sourcesNode && sourceColumns && sourceColumns.length < 2) {
      ctx.problem(sourcesNode.pos, `${where}.source_columns: merge_fields must specify at least two source_columns`);
      ok = false;
      return;
    }
    if (sourceColumns === undefined || destColumn === undefined) {
      ok = false;
      return;
    }
    merges.push({ sourceColumns, destColumn });
  });
  return ok ? merges : undefined;
}

/** Position of the i-th item of a list node (the node itself when it is not a list). */
function itemPos(list: YNode | undefined, i: number): Pos {
  const item = list?.kind === 'seq' ? list.items[i] : undefined;
  return (item ?? list)?.pos ?? { line: 1, column: 1 };
}

/** Validate one search section; null when it has problems (they are recorded in ctx). */
export function parseSearch(ctx: SectionContext, keyPos: Pos, node: YNode): LocalSearch | null {
  const before = ctx.problems.length;
  if (node.kind !== 'map') {
    ctx.problem(node.pos, `a search must be a mapping of options, got ${describe(node)}`);
    return null;
  }
  const o = collectOptions<SearchOption>(node.entries, SEARCH_OPTIONS, ctx);
  const get = <T>(option: SearchOption, coerce: (n: YNode) => Coerced<T>, fallback: T): T => {
    const n = o.get(option);
    if (!n) return fallback;
    return ctx.take(option, n, coerce(n)) ?? fallback;
  };

  const regexNode = o.get('regex');
  let regex = '';
  let translated: TranslatedRegex | null = null;
  if (!regexNode) ctx.problem(node.pos, 'regex: Field required');
  else {
    regex = get('regex', toStr, '');
    if (ctx.problems.length === before) translated = translate(ctx, 'regex', regex, regexNode);
  }

  const comment = get('comment', toOptionalStr, null);
  const sheetName = get('excel_sheet_name', toStr, ctx.section);
  const maxResults = get('max_results', toInt, -1);
  const maxNode = o.get('max_results');
  if (maxNode && maxResults !== -1 && maxResults <= 0) {
    ctx.problem(maxNode.pos, `max_results: max_results must be -1 (unlimited) or a positive integer, got ${maxResults}`);
  }
  const fieldListNode = o.get('field_list');
  const fieldList = (fieldListNode && !isNull(fieldListNode) ? stringList(ctx, 'field_list', fieldListNode) : []) ?? [];
  const onlyMatching = get('only_matching', toBool, false);
  const unique = get('unique', toBool, false);
  const fullScan = get('full_scan', toBool, false);
  const rsNode = o.get('rs_delimiter');
  const rsDelimiter = get('rs_delimiter', toOptionalStr, null) || null;
  const multiline = get('multiline', toBool, false);
  const mergeNode = o.get('merge_fields');
  const mergeFields = (mergeNode ? parseMergeFields(ctx, mergeNode) : []) ?? [];
  const filterNode = o.get('sys_filter');
  const sysFilter = (filterNode ? parseSysFilters(ctx, filterNode) : []) ?? [];
  const showMissing = get('show_missing', toBool, false);
  const formatNode = o.get('format');
  const format: PsFormat | null = formatNode && !isNull(formatNode) ? (enumValue(ctx, 'format', formatNode, PS_FORMATS) ?? null) : null;
  if (formatNode && format !== null) {
    // A format search makes its rows from whole records, so the line-by-line options have nothing to act on.
    const lineOptions = { multiline, rs_delimiter: rsDelimiter !== null, only_matching: onlyMatching };
    for (const [option, set] of Object.entries(lineOptions)) {
      const n = o.get(option as SearchOption);
      if (n && set) ctx.problem(n.pos, `${option}: cannot be combined with format: ${format} (the rows are the section's records)`);
    }
  }

  let jsRsDelimiter: string | null = null;
  if (rsNode && rsDelimiter !== null) {
    // Validated at load, unlike the old tool (Q11), and always requiring field_list and multiline (Q3).
    if (fieldList.length === 0) ctx.problem(rsNode.pos, 'rs_delimiter: rs_delimiter can only be used when field_list is specified');
    else if (!multiline) ctx.problem(rsNode.pos, 'rs_delimiter: rs_delimiter can only be used with multiline=True');
    jsRsDelimiter = translate(ctx, 'rs_delimiter', rsDelimiter, rsNode)?.source ?? null;
  }
  if (multiline && fieldList.length === 0 && format === null) {
    ctx.problem(o.get('multiline')?.pos ?? node.pos, 'multiline: multiline can only be used when field_list is specified');
  }

  // A row's fields after merge_fields: the sources are gone, the destinations added.
  const mergeSources = new Set(mergeFields.flatMap((m) => m.sourceColumns));
  const rowFields = [...(format === null ? [] : [FORMAT_SECTION_COLUMN]), ...fieldList.filter((f) => !mergeSources.has(f)), ...mergeFields.map((m) => m.destColumn)];
  const expectNode = o.get('expect');
  const checks = (expectNode ? parseExpect(ctx, expectNode, { fields: [...new Set(rowFields)] }) : []) ?? [];

  if (ctx.problems.length > before || translated === null) return null;
  // Not errors for the old tool, but the column can never be filled; worth telling.
  fieldList.forEach((field, i) => {
    // With format, field_list names properties of the records, not groups of the regex.
    if (format === null && !translated.groupNames.includes(field)) {
      ctx.warn(itemPos(fieldListNode, i), `field_list entry '${field}' is not a named group of the regex; its column stays empty`);
    }
  });
  mergeFields.forEach((merge, i) => {
    for (const column of merge.sourceColumns) {
      if (!fieldList.includes(column)) ctx.warn(itemPos(mergeNode, i), `merge_fields source column '${column}' is not in field_list`);
    }
  });
  return {
    name: ctx.section,
    pos: keyPos,
    regex,
    jsRegex: translated.source,
    comment,
    sheetName,
    maxResults,
    onlyMatching,
    unique,
    fieldList,
    fullScan,
    multiline,
    rsDelimiter,
    jsRsDelimiter,
    mergeFields,
    showMissing,
    sysFilter,
    checks,
    format,
  };
}

/** Validate a `global` section; null when it has problems. */
export function parseGlobal(ctx: SectionContext, node: YNode): GlobalSection | null {
  const before = ctx.problems.length;
  if (node.kind !== 'map') {
    ctx.problem(node.pos, `global must be a mapping of options, got ${describe(node)}`);
    return null;
  }
  const o = collectOptions<GlobalOption>(node.entries, GLOBAL_OPTIONS, ctx);
  const get = <T>(option: GlobalOption, coerce: (n: YNode) => Coerced<T>): T | null => {
    const n = o.get(option);
    return n ? (ctx.take(option, n, coerce(n)) ?? null) : null;
  };
  const filterNode = o.get('sys_filter');
  const sysFilter = (filterNode ? parseSysFilters(ctx, filterNode) : []) ?? [];
  const maxResults = get('max_results', toOptionalInt);
  const maxNode = o.get('max_results');
  if (maxNode && maxResults !== null && maxResults !== -1 && maxResults <= 0) {
    ctx.problem(maxNode.pos, `max_results: max_results must be -1 (unlimited) or a positive integer, got ${maxResults}`);
  }
  const section: GlobalSection = {
    sysFilter,
    maxResults,
    onlyMatching: get('only_matching', toOptionalBool),
    unique: get('unique', toOptionalBool),
    fullScan: get('full_scan', toOptionalBool),
  };
  return ctx.problems.length > before ? null : section;
}

/** Validate an `include_*` section: `{files: [path, …]}`; null when it has problems. */
export function parseInclude(ctx: SectionContext, node: YNode): IncludeEntry[] | null {
  if (node.kind !== 'map') {
    ctx.problem(node.pos, `an include section must be a mapping with 'files', got ${describe(node)}`);
    return null;
  }
  const o = collectOptions(node.entries, ['files'] as const, ctx);
  const filesNode = o.get('files');
  if (!filesNode) {
    ctx.problem(node.pos, 'files: Field required');
    return null;
  }
  const list = ctx.take('files', filesNode, toList(filesNode));
  if (list === undefined) return null;
  const entries: IncludeEntry[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const path = ctx.take(`files[${i}]`, item, toStr(item));
    if (path === undefined) ok = false;
    else entries.push({ path, pos: item.pos });
  });
  return ok ? entries : null;
}

/** Apply a file's `global` to one of its searches (SPEC §3.5) and the deliberate Q3 fix. */
export function applyGlobal(search: LocalSearch, global: GlobalSection | null): LocalSearch {
  const merged = { ...search };
  if (global) {
    merged.sysFilter = [...global.sysFilter, ...search.sysFilter];
    if (search.maxResults === -1 && global.maxResults !== null) merged.maxResults = global.maxResults;
    // A format search's rows are records, never matches: only_matching has nothing to act on.
    if (!search.onlyMatching && global.onlyMatching && search.format === null) merged.onlyMatching = true;
    if (!search.unique && global.unique) merged.unique = true;
    if (!search.fullScan && global.fullScan) merged.fullScan = true;
  }
  if (merged.fieldList.length > 0 && merged.format === null) merged.onlyMatching = true;
  return merged;
}
