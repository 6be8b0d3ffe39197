// Small text helpers shared by the engine, each reproducing one Python behaviour exactly.

/** Characters Python's str.strip() removes (str.isspace()): note \x1c-\x1f and \x85, but not U+FEFF. */
const PY_SPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003,
  0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

export function isPySpace(code: number): boolean {
  return PY_SPACE.has(code);
}

/** Python `str.strip()` with no argument. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_SPACE.has(s.charCodeAt(start))) start++;
  while (end > start && PY_SPACE.has(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

// Characters Excel cannot store (SPEC §4.11); tab, LF and CR are kept.
const ILLEGAL_CHARS = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/g;
const HAS_ILLEGAL_CHAR = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/;

/** Removes the control characters the old tool stripped from every output value. */
export function removeControlChars(s: string): string {
  return HAS_ILLEGAL_CHAR.test(s) ? s.replace(ILLEGAL_CHARS, '') : s;
}

/** Code-point order (Python's str ordering), unlike `<` on JS strings which compares UTF-16 units. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Only when both are in the surrogate/upper-BMP zone can UTF-16 order differ from code-point order.
    if (x >= 0xd800 && y >= 0xd800) {
      const cx = a.codePointAt(i) ?? x;
      const cy = b.codePointAt(i) ?? y;
      return cx < cy ? -1 : cx > cy ? 1 : 0;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
