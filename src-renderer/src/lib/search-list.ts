// The Results screen's list of searches: grouped by the area of the library they come from, in
// configuration order (the order the library lists them, which is the order they are best read;
// the workbook orders its sheets by name instead), filtered by text and by whether they found
// anything; and the keys that move through it (one Tab stop: arrows, Home/End, type-ahead).
// Pure, so it is tested without a DOM.
import type { SearchOverview } from '../../../src-main/contract/ipc';

export type HitsFilter = 'all' | 'hits' | 'empty';

export interface SearchGroup {
  /** The library area (SearchOverview.area); null for searches without one. */
  area: string | null;
  searches: SearchOverview[];
}

/** Lower case, every run of white space one space: a comment's line breaks do not stop a phrase matching. */
const folded = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();

/** Does the free text occur in the search's title, key, area or comment (case-insensitive)? */
export function searchMatches(s: SearchOverview, query: string): boolean {
  const q = folded(query);
  if (q === '') return true;
  return [s.title, s.search, s.area ?? '', s.comment ?? ''].some((t) => folded(t).includes(q));
}

export function hitsMatch(s: SearchOverview, hits: HitsFilter): boolean {
  return hits === 'all' || (hits === 'hits' ? s.totalRows > 0 : s.totalRows === 0);
}

/** The searches that pass both filters, grouped by area; areas in the order of their first search, searches in configuration order. */
export function groupSearches(searches: readonly SearchOverview[], query: string, hits: HitsFilter): SearchGroup[] {
  const groups = new Map<string | null, SearchOverview[]>();
  for (const s of [...searches].sort((a, b) => a.index - b.index)) {
    if (!hitsMatch(s, hits) || !searchMatches(s, query)) continue;
    const list = groups.get(s.area);
    if (list) list.push(s);
    else groups.set(s.area, [s]);
  }
  return [...groups].map(([area, list]) => ({ area, searches: list }));
}

/** Where an arrow, Home or End key moves the focus in a list of `count` items; null for other keys. */
export function listKeyTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Type-ahead: the item the typed letters lead to. `typed` is what was typed in quick succession.
 * The same letter again moves on to the next item starting with it (as in a file manager); a
 * longer prefix keeps the current item while it still matches. Labels are compared from their
 * start, case-insensitively; -1 when nothing matches.
 */
export function typeAheadTarget(labels: readonly (readonly string[])[], from: number, typed: string): number {
  const t = typed.toLowerCase();
  if (t === '' || labels.length === 0) return -1;
  const repeated = t.length > 1 && [...t].every((c) => c === t[0]);
  const prefix = repeated ? (t[0] as string) : t;
  // One letter (or the same letter again) starts after the current item; a longer prefix at it.
  const start = prefix.length === 1 ? from + 1 : from;
  for (let step = 0; step < labels.length; step += 1) {
    const i = (((start + step) % labels.length) + labels.length) % labels.length;
    if ((labels[i] ?? []).some((l) => l.toLowerCase().startsWith(prefix))) return i;
  }
  return -1;
}
