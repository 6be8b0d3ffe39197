// An ASCII-only twin of a translated regex. The translator spells Python's Unicode `\w`/`\d` as `\p{L}`,
// `\p{N}`, `\p{Nd}`; under the `iu` flags V8 computes the case closure of those huge sets each time it
// compiles a pattern (twice: bytecode, then native code), which made compiling the reference set cost more
// than searching with it. On a line made only of ASCII characters these sets match exactly their ASCII
// members, so such lines can use a twin with `A-Za-z` / `0-9` instead — same matches, cheap to compile.
// Lines with any other character keep the full pattern.

const OUTSIDE: Record<string, string> = {
  '\\p{L}': '[A-Za-z]',
  '\\p{N}': '[0-9]',
  '\\p{Nd}': '[0-9]',
  '\\P{L}': '[^A-Za-z]',
  '\\P{N}': '[^0-9]',
  '\\P{Nd}': '[^0-9]',
};
// Inside a class only positive sets can be spliced: [^...] of a union stays correct on ASCII input because
// the union restricted to ASCII is what the replacement lists.
const INSIDE: Record<string, string> = { '\\p{L}': 'A-Za-z', '\\p{N}': '0-9', '\\p{Nd}': '0-9' };

/** The ASCII twin of a `u`-mode source, or null when it contains a property escape we do not rewrite. */
export function asciiVariant(source: string): string | null {
  let out = '';
  let inClass = false;
  let changed = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === 'p' || next === 'P') {
        const close = source.indexOf('}', i);
        if (close === -1) return null;
        const escape = source.slice(i, close + 1);
        const replacement = (inClass ? INSIDE : OUTSIDE)[escape];
        if (replacement === undefined) return null;
        out += replacement;
        changed = true;
        i = close;
        continue;
      }
      out += c + (next ?? '');
      i++;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return changed ? out : source;
}
