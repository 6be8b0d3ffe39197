// Worksheet titles (SPEC §5.3), made unique per workbook (Q6 fixed).

const MAX_TITLE = 31;
// The exporter's own sheets (export/context.ts).
const RESERVED = ['Summary', 'Systems Summary', 'Checks', 'Findings'];

/** SPEC §5.3 steps 1–6 (Python `\s` whitespace runs, `strip('_')`, 28 chars + '...' when too long). */
export function sanitizeSheetTitle(raw: string): string {
  const chars = Array.from(cleanTitle(raw));
  return chars.length > MAX_TITLE ? `${chars.slice(0, MAX_TITLE - 3).join('')}...` : chars.join('');
}

/** SPEC §5.3 steps 1–5: the title before shortening. */
function cleanTitle(raw: string): string {
  let t = raw.replace(/[\\/*[\]:?]/g, '_');
  t = t.replace(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g, '_');
  t = t.replace(/^_+|_+$/g, '');
  return t === '' ? 'Unnamed_Sheet' : t;
}

/**
 * Sanitised titles for a workbook's search sheets, in the given order: unique (Excel compares titles
 * case-insensitively), never a summary sheet's title, at most 31 characters. A clash gets `_2`, `_3`, …
 */
export function assignSheetTitles(rawNames: readonly string[]): string[] {
  const taken = new Set(RESERVED.map((r) => r.toLowerCase()));
  return rawNames.map((raw) => {
    let title = sanitizeSheetTitle(raw);
    const full = Array.from(cleanTitle(raw));
    for (let k = 2; taken.has(title.toLowerCase()); k++) {
      const suffix = `_${k}`;
      title = full.slice(0, MAX_TITLE - suffix.length).join('') + suffix;
    }
    taken.add(title.toLowerCase());
    return title;
  });
}
