// The file-centric search (SPEC §4): one pass over a system's lines, every applicable search fed only
// the lines its literal prefilter lets through. Results are identical to feeding every line, because a
// line a search's prefilter rejects can neither match its regex nor its rs_delimiter, and such lines
// never change a search's state (SPEC §4.5, §4.7).
import { searchAppliesTo } from '../filters';
import { pyStrip, removeControlChars } from '../text';
import { evaluateCheck, notApplicable } from '../checks/evaluate';
import type { CheckResult, MergeField, ResultRow, SystemInfo, SystemSearchResult } from '../types';
import type { CompiledSearch, CompiledSearchSet } from './compile';
import { FormattedRows } from './format-rows';

/** SPEC §4.3 (Q10 kept): every line with `###` anywhere is invisible to all searches. */
export function isSkippedLine(line: string): boolean {
  return line.includes('###');
}

/**
 * merge_fields (SPEC §4.6): each destination takes the first non-empty source value (and is not created
 * when there is none); afterwards every source column of every entry is removed.
 */
export function mergeFields(fields: Record<string, string>, merges: readonly MergeField[]): Record<string, string> {
  if (merges.length === 0) return fields;
  const map = new Map(Object.entries(fields));
  const sources = new Set<string>();
  for (const m of merges) {
    for (const s of m.sourceColumns) sources.add(s);
    for (const s of m.sourceColumns) {
      const v = map.get(s);
      if (v) {
        map.set(m.destColumn, v);
        break;
      }
    }
  }
  for (const s of sources) map.delete(s);
  return Object.fromEntries(map);
}

/**
 * A line as the literal gates see it: lower case, with U+017F (ſ) as 's' — the only character `iu`
 * regexes equate with an ASCII letter that toLowerCase() leaves non-ASCII (U+212A K lowers to 'k').
 */
export function foldLine(line: string): string {
  const lower = line.toLowerCase();
  return lower.indexOf('\u017f') === -1 ? lower : lower.replaceAll('\u017f', 's');
}

const NON_ASCII = /[^\x00-\x7f]/;

/** The current line, folded at most once however many searches ask. */
class LineView {
  text = '';
  private folded: string | null = null;
  /** 1: only ASCII characters, 0: not, -1: not known yet. */
  private asciiState = -1;

  set(text: string): void {
    this.text = text;
    this.folded = null;
    this.asciiState = -1;
  }

  setAscii(ascii: boolean): void {
    this.asciiState = ascii ? 1 : 0;
  }

  get ascii(): boolean {
    if (this.asciiState === -1) this.asciiState = NON_ASCII.test(this.text) ? 0 : 1;
    return this.asciiState === 1;
  }

  get lower(): string {
    if (this.folded === null) this.folded = foldLine(this.text);
    return this.folded;
  }
}

/** Per (search, system) state (SPEC §4.1). */
class SearchState {
  readonly rows: ResultRow[] = [];
  complete = false;
  private readonly seen: Set<string> | null;
  /** Read once: CompiledSearch derives them on first use. */
  private readonly gates: string[][];
  // multiline record
  private record = new Map<string, string>();
  private recordLines: string[] = [];
  private start = 0;
  private partial = false;
  /** `format` searches: the records being read. */
  private readonly formatted: FormattedRows | null;

  constructor(readonly search: CompiledSearch) {
    this.seen = search.spec.unique ? new Set() : null;
    this.gates = search.gates;
    this.formatted = search.spec.format === null ? null : new FormattedRows(search.spec.format, search.spec.fieldList);
  }

  private addRow(line: number, text: string, fields: Record<string, string> | null): void {
    if (this.seen) {
      const key = pyStrip(text).toLowerCase();
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    this.rows.push({ line, text, fields });
    const max = this.search.spec.maxResults;
    if (max > 0 && this.rows.length >= max) this.complete = true;
  }

  feed(view: LineView, lineNo: number): void {
    if (this.formatted !== null) this.feedFormatted(this.formatted, view, lineNo);
    else if (this.search.spec.multiline) this.feedMultiline(view, lineNo);
    else this.feedSingle(view, lineNo);
  }

  private feedFormatted(formatted: FormattedRows, view: LineView, lineNo: number): void {
    if (this.match(view) === null) return;
    this.addFormatted(formatted.feed(view.text, lineNo));
  }

  private addFormatted(rows: ResultRow[]): void {
    for (const r of rows) {
      if (this.complete) return;
      this.addRow(r.line, r.text, mergeFields(r.fields ?? {}, this.search.mergeFields));
    }
  }

  /** The regex's first match, or null — skipping the regex when a required literal is absent. */
  private match(view: LineView): RegExpExecArray | null {
    const gates = this.gates;
    for (let g = 0; g < gates.length; g++) {
      const alts = gates[g] as string[];
      const lower = view.lower;
      let found = false;
      for (let a = 0; a < alts.length && !found; a++) found = lower.includes(alts[a] as string);
      if (!found) return null;
    }
    return (view.ascii ? this.search.asciiRegex : this.search.regex).exec(view.text);
  }

  private feedSingle(view: LineView, lineNo: number): void {
    const line = view.text;
    const m = this.match(view);
    if (m === null) return;
    if (this.search.extractFields) {
      const fields: Record<string, string> = {};
      for (const f of this.search.fieldList) {
        const v = m.groups?.[f];
        fields[f] = v ? removeControlChars(v) : '';
      }
      this.addRow(lineNo, removeControlChars(m[0]), mergeFields(fields, this.search.mergeFields));
    } else {
      this.addRow(lineNo, removeControlChars(this.search.spec.onlyMatching ? m[0] : pyStrip(line)), null);
    }
  }

  private feedMultiline(view: LineView, lineNo: number): void {
    const line = view.text;
    const m = this.match(view);
    if (m !== null) {
      if (!this.partial) {
        this.start = lineNo;
        this.partial = true;
      }
      this.recordLines.push(pyStrip(line));
      const groups = m.groups;
      if (groups) for (const k in groups) if (groups[k] !== undefined) this.record.set(k, groups[k]);
    }
    if (!this.partial) return;
    const rs = this.search.rsDelimiter;
    if (rs !== null) {
      if (rs.test(line)) this.emit();
    } else if (m !== null && this.search.fieldList.every((f) => this.record.has(f))) this.emit();
  }

  /** SPEC §4.7 step 3; an empty record neither emits nor resets (Q13, kept). */
  private emit(): void {
    if (this.record.size === 0) return;
    const fields: Record<string, string> = {};
    for (const f of this.search.fieldList) {
      const v = this.record.get(f);
      fields[f] = v ? removeControlChars(v) : '';
    }
    this.addRow(this.start, removeControlChars(this.recordLines.join('\n')), mergeFields(fields, this.search.mergeFields));
    this.record = new Map();
    this.recordLines = [];
    this.partial = false;
  }

  /** End of file: a pending record with content is emitted (SPEC §4.7 step 4). */
  finish(): void {
    if (this.formatted !== null) this.addFormatted(this.formatted.end());
    else if (this.search.spec.multiline && this.partial && !this.complete) this.emit();
  }
}

/** Lines between two calls of searchSystem's `onLines` (a power of two: the check is a mask). */
export const LINES_PER_NOTE = 4096;

/**
 * Runs every applicable search (or the subset `only`, by SearchSpec.index) over one system's lines.
 * Rows are keyed by SearchSpec.index (Q1 fixed). `onLines(linesRead, searches)` is told every
 * LINES_PER_NOTE lines how far the pass has come (progress of a large file).
 */
export function searchSystem(
  lines: readonly string[],
  system: SystemInfo,
  set: CompiledSearchSet,
  only?: readonly number[],
  onLines?: (linesRead: number, searches: number) => void,
): SystemSearchResult {
  const n = set.searches.length;
  const states = new Array<SearchState | undefined>(n);
  let positions: number[];
  if (only) {
    positions = [];
    for (const index of only) {
      const p = set.positionOf.get(index);
      if (p === undefined) throw new Error(`searchSystem: unknown search index ${index}`);
      positions.push(p);
    }
  } else positions = set.searches.map((s) => s.position);
  const active: SearchState[] = [];
  const checks: CheckResult[] = [];
  for (const p of positions) {
    const search = set.searches[p] as CompiledSearch;
    if (states[p]) continue;
    if (!searchAppliesTo(search.spec, system)) {
      for (const c of search.checks) checks.push(notApplicable(c));
      continue;
    }
    const state = new SearchState(search);
    states[p] = state;
    active.push(state);
  }
  const filter = set.filterFor(system.osFamily);
  const unfiltered = filter.unfiltered.map((p) => states[p]).filter((s): s is SearchState => s !== undefined);
  const anyFiltered = active.length > unfiltered.length;

  const stamp = new Int32Array(n).fill(-1);
  let lineNo = 0;
  const view = new LineView();
  let remaining = active.length;
  let linesRead = 0;
  for (let i = 0; i < lines.length && remaining > 0; i++) {
    linesRead = i + 1;
    if (onLines && (i & (LINES_PER_NOTE - 1)) === 0 && i > 0) onLines(i, active.length);
    const line = lines[i] as string;
    if (isSkippedLine(line)) continue;
    lineNo = i + 1;
    view.set(line);
    for (const state of unfiltered) {
      if (state.complete) continue;
      state.feed(view, lineNo);
      if (state.complete) remaining--;
    }
    if (!anyFiltered) continue;
    const { ids, count, ascii } = filter.matcher.scan(line);
    view.setAscii(ascii);
    for (let k = 0; k < count; k++) {
      const p = ids[k] as number;
      if (stamp[p] === lineNo) continue;
      stamp[p] = lineNo;
      const state = states[p];
      if (state === undefined || state.complete) continue;
      state.feed(view, lineNo);
      if (state.complete) remaining--;
    }
  }

  const rowsBySearch: Record<number, ResultRow[]> = {};
  for (const state of active) {
    state.finish();
    if (state.rows.length > 0) rowsBySearch[state.search.spec.index] = state.rows;
    // The checks judge the rows the search keeps (after max_results and unique), on this system.
    for (const c of state.search.checks) checks.push(evaluateCheck(c, state.rows));
  }
  return { systemName: system.systemName, relPath: system.relPath, rowsBySearch, checks, linesRead, bytesRead: system.sizeBytes };
}
