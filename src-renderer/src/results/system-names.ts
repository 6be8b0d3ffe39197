// System Names in a column too narrow for them (pure). Names of one fleet share long prefixes and
// suffixes (`prod-web-eu-west-1-042.example.com`): cutting every name at its end would make two
// systems look alike. A name that does not fit keeps the part where it differs from the names it
// is most alike, and gives up the shared part to an ellipsis in the middle; the full name is on
// hover and in the row drawer.

const ELLIPSIS = '…';
/** Characters kept beside the first differing one, so that `node043` reads as more than `3`. */
const CONTEXT = 3;

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

const reversed = (s: string): string => [...s].reverse().join('');

/**
 * Per name: the longest prefix it shares with any other name. Sorted, a name's longest shared
 * prefix is with one of its two neighbours, so this is O(n log n) for 1,000 systems.
 */
function sharedPrefixes(names: readonly string[]): Map<string, number> {
  const sorted = [...new Set(names)].sort();
  const out = new Map<string, number>();
  sorted.forEach((name, i) => {
    const before = i > 0 ? commonPrefix(name, sorted[i - 1] as string) : 0;
    const after = i + 1 < sorted.length ? commonPrefix(name, sorted[i + 1] as string) : 0;
    out.set(name, Math.max(before, after));
  });
  return out;
}

/**
 * How each name is shown in at most `maxChars` characters so that no two names show alike:
 * a name that fits is shown whole; otherwise the head up to and including its first character that
 * differs from every other name (or, when that is too far in, the tail from its last differing
 * character) stays, with `…` for what is left out.
 */
export function shortNames(names: readonly string[], maxChars: number): Map<string, string> {
  const budget = Math.max(4, Math.floor(maxChars)) - 1;
  const prefix = sharedPrefixes(names);
  const suffixByReversed = sharedPrefixes(names.map(reversed));
  const out = new Map<string, string>();
  for (const name of new Set(names)) {
    if (name.length <= budget + 1) {
      out.set(name, name);
      continue;
    }
    const p = prefix.get(name) ?? 0;
    const s = suffixByReversed.get(reversed(name)) ?? 0;
    const half = Math.ceil(budget / 2);
    if (p + 1 <= budget) {
      // The head shows where this name differs; the tail keeps the rest of the room.
      const head = Math.min(budget, Math.max(p + 1 + CONTEXT, half));
      out.set(name, name.slice(0, head) + ELLIPSIS + name.slice(name.length - (budget - head)));
    } else if (s + 1 <= budget) {
      const tail = Math.min(budget, Math.max(s + 1 + CONTEXT, half));
      out.set(name, name.slice(0, budget - tail) + ELLIPSIS + name.slice(name.length - tail));
    } else {
      // Shared at both ends for longer than the column: show the window around the difference.
      const from = Math.max(0, Math.min(p - 2, name.length - (budget - 1)));
      out.set(name, ELLIPSIS + name.slice(from, from + budget - 1) + ELLIPSIS);
    }
  }
  return out;
}

/** Characters of a System Name that fit in a column of `px` (the grid's 12.5px system-ui by default; its padding off). */
export function charsThatFit(px: number, pxPerChar = 7.2): number {
  return Math.floor((px - 24) / pxPerChar);
}
