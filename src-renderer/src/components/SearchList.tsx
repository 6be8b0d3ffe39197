// The searches of one family on the Results screen (lib/search-list.ts): grouped by area, the
// sheet title first and the search key under it, the row count always in view. The list is one
// Tab stop (roving tabindex): arrows, Home/End and type-ahead move the focus, Space opens the
// focused search, Enter opens it and moves the focus into its table.
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { SearchOverview } from '../../../src-main/contract/ipc';
import { formatCount } from '../lib/format';
import { groupSearches, hitsMatch, listKeyTarget, typeAheadTarget, type HitsFilter } from '../lib/search-list';

/** How long typed letters add up to one type-ahead prefix. */
const TYPE_AHEAD_MS = 700;

const HITS: { id: HitsFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'hits', label: 'With results' },
  { id: 'empty', label: 'No results' },
];

export function SearchList(p: {
  searches: SearchOverview[];
  current: number | null;
  onOpen: (index: number, intoTable: boolean) => void;
  /** Shown before a search's count (the drift view's changes, while a comparison is open). */
  badge?: (search: SearchOverview) => ReactNode;
}) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<HitsFilter>('all');
  const [focused, setFocused] = useState<number | null>(null);
  const typed = useRef({ text: '', at: 0 });
  const listRef = useRef<HTMLUListElement>(null);
  const id = useId();
  const groups = useMemo(() => groupSearches(p.searches, query, hits), [p.searches, query, hits]);
  const flat = useMemo(() => groups.flatMap((g) => g.searches), [groups]);
  const counts = useMemo(() => Object.fromEntries(HITS.map((h) => [h.id, p.searches.filter((s) => hitsMatch(s, h.id)).length])) as Record<HitsFilter, number>, [p.searches]);
  // The one item Tab reaches: the last focused one while it is listed, else the open one, else the first.
  const tabStop = flat.find((s) => s.index === focused)?.index ?? flat.find((s) => s.index === p.current)?.index ?? flat[0]?.index ?? null;

  const focusItem = (pos: number) => {
    const s = flat[pos];
    if (!s) return;
    setFocused(s.index);
    listRef.current?.querySelector<HTMLElement>(`[data-index="${s.index}"]`)?.focus();
  };

  // The open search scrolls into view when it changes (a bar on the Summary tab opened it).
  useEffect(() => {
    listRef.current?.querySelector(`[data-index="${p.current ?? -1}"]`)?.scrollIntoView?.({ block: 'nearest' });
  }, [p.current]);

  const onItemKey = (e: KeyboardEvent<HTMLLIElement>, s: SearchOverview) => {
    const pos = flat.indexOf(s);
    const target = listKeyTarget(e.key, pos, flat.length);
    if (target !== null) {
      e.preventDefault();
      focusItem(target);
      return;
    }
    const now = Date.now();
    // A space while typing ahead is part of the title ("ssh r"); otherwise it opens, as Enter does.
    const typing = e.key === ' ' && now - typed.current.at < TYPE_AHEAD_MS;
    if (e.key === 'Enter' || (e.key === ' ' && !typing)) {
      e.preventDefault();
      p.onOpen(s.index, e.key === 'Enter');
      return;
    }
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      typed.current = { text: now - typed.current.at < TYPE_AHEAD_MS ? typed.current.text + e.key : e.key, at: now };
      const next = typeAheadTarget(flat.map((x) => [x.title, x.search]), pos, typed.current.text);
      e.preventDefault();
      if (next >= 0) focusItem(next);
    }
  };

  return (
    <nav className="search-list-wrap" aria-label="Searches">
      <input
        type="search"
        className="search-list-filter"
        placeholder="Find a search…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            focusItem(Math.max(0, flat.findIndex((s) => s.index === tabStop)));
          }
        }}
        aria-label="Find a search (title, key or comment)"
        aria-controls={`${id}-list`}
        data-testid="search-list-filter"
      />
      <div className="segmented hits-filter" role="radiogroup" aria-label="Show searches" data-testid="search-list-hits">
        {HITS.map((h) => (
          <label key={h.id} className={`segment${hits === h.id ? ' is-selected' : ''}`}>
            <input type="radio" name={`${id}-hits`} checked={hits === h.id} onChange={() => setHits(h.id)} data-testid={`search-list-hits-${h.id}`} />
            {h.label} <span className="segment-count">{formatCount(counts[h.id])}</span>
          </label>
        ))}
      </div>
      <ul ref={listRef} id={`${id}-list`} className="search-list" role="listbox" aria-label="Searches" data-testid="results-search-list">
        {groups.map((g) => {
          const groupId = `${id}-g-${g.searches[0]?.index ?? 0}`;
          return (
            <li key={groupId} role="presentation" className="search-group" data-testid="search-group" data-area={g.area ?? ''}>
              {g.area !== null && (
                <div className="search-group-head" id={groupId} aria-hidden="true">
                  <span className="search-group-name" title={g.area}>
                    {g.area}
                  </span>
                  <span className="search-group-count">{g.searches.length}</span>
                </div>
              )}
              <ul role="group" aria-labelledby={g.area !== null ? groupId : undefined} aria-label={g.area === null ? 'Searches' : undefined} className="search-group-items">
                {g.searches.map((s) => {
                  const open = s.index === p.current;
                  return (
                    <li
                      key={s.index}
                      role="option"
                      aria-selected={open}
                      aria-current={open ? 'true' : undefined}
                      tabIndex={s.index === tabStop ? 0 : -1}
                      className={`search-item${open ? ' is-selected' : ''}${s.totalRows === 0 ? ' is-empty' : ''}`}
                      onClick={() => {
                        setFocused(s.index);
                        p.onOpen(s.index, false);
                      }}
                      onFocus={() => setFocused(s.index)}
                      onKeyDown={(e) => onItemKey(e, s)}
                      title={s.comment ?? s.title}
                      data-testid="results-search-item"
                      data-index={s.index}
                      data-search={s.search}
                      data-rows={s.totalRows}
                    >
                      <span className="search-item-text">
                        <span className="search-item-name">{s.title}</span>
                        {s.title !== s.search && <span className="search-item-key">{s.search}</span>}
                      </span>
                      {p.badge?.(s)}
                      <span className="search-item-count" aria-label={`${formatCount(s.totalRows)} rows`}>
                        {formatCount(s.totalRows)}
                      </span>
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
        {flat.length === 0 && (
          <li role="presentation" className="muted small search-list-none">
            No search matches.
          </li>
        )}
      </ul>
    </nav>
  );
}
