// Pure helpers for the choices the user makes: recent folders and the search set picker.
import type { SearchSetInfo, SearchSetRef } from '../../../src-main/contract/ipc';
import { baseName } from '../lib/format';

export const RECENT_LIMIT = 8;

/** Most recent first, no duplicates, at most RECENT_LIMIT. */
export function withRecentFolder(recent: readonly string[], root: string): string[] {
  return [root, ...recent.filter((r) => r !== root)].slice(0, RECENT_LIMIT);
}

export function sameSetRef(a: SearchSetRef | null, b: SearchSetRef | null): boolean {
  if (!a || !b) return a === b;
  if (a.kind === 'builtin' && b.kind === 'builtin') return a.name === b.name;
  if (a.kind === 'file' && b.kind === 'file') return a.path === b.path;
  return false;
}

export function setRefKey(ref: SearchSetRef): string {
  return ref.kind === 'builtin' ? `builtin:${ref.name}` : `file:${ref.path}`;
}

export function setTitle(ref: SearchSetRef): string {
  return ref.kind === 'builtin' ? ref.name : baseName(ref.path);
}

/**
 * The picker's entries: what the host lists, plus the user's own YAML file when it is not
 * among them (so a chosen file stays visible and selectable).
 */
export function searchSetChoices(listed: readonly SearchSetInfo[], chosen: SearchSetRef | null): SearchSetInfo[] {
  if (!chosen || listed.some((s) => sameSetRef(s.ref, chosen))) return [...listed];
  if (chosen.kind !== 'file') return [...listed];
  return [...listed, { ref: chosen, title: baseName(chosen.path), description: chosen.path }];
}
