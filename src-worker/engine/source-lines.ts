// "Show in file" on lines already read: what it answers and how the context of a hit is cut from
// a file's lines. Pure, without Node: the contract (ipc.ts) and the renderer's fake bridge import
// it; source-context.ts reads the file and checks its hash.

export interface ContextLine {
  /** 1-based, as the Line Number column. */
  line: number;
  text: string;
}

export type SourceContext =
  | {
      ok: true;
      section: string | null;
      /** The section's header lines (above its first line), in file order. */
      header: ContextLine[];
      /** From `hit - radius` to `hit + radius`, clipped to the file. */
      lines: ContextLine[];
      hit: number;
      totalLines: number;
      /** The nearest other hits (of `hits`) in the same section, or null. */
      previousHit: number | null;
      nextHit: number | null;
    }
  | { ok: false; reason: 'missing' | 'changed' | 'unreadable' | 'no-such-line'; message: string };

/** A source-context request as the worker takes it: the file, the hash the run recorded, the hit. */
export interface SourceContextRequest {
  path: string;
  sha384: string;
  hit: number;
  radius: number;
  /** The other hits (line numbers) of the same search and system, for previous / next. */
  hits: number[];
}

const SECTION = /^([^:\s]+)::/;

export function sectionOf(text: string | undefined): string | null {
  return text === undefined ? null : (SECTION.exec(text)?.[1] ?? null);
}

/** The context of line `hit` (1-based) in decoded `lines` (pure). */
export function contextAround(lines: readonly string[], hit: number, radius: number, hits: readonly number[] = []): SourceContext {
  if (!Number.isInteger(hit) || hit < 1 || hit > lines.length) {
    return { ok: false, reason: 'no-such-line', message: `line ${hit} is not in the file (it has ${lines.length} lines)` };
  }
  const r = Math.max(0, Math.floor(radius));
  const from = Math.max(1, hit - r);
  const to = Math.min(lines.length, hit + r);
  // Decoded lines keep their line ending (decode.ts); the view shows the text alone.
  const at = (n: number): ContextLine => ({ line: n, text: (lines[n - 1] ?? '').replace(/\r?\n$/, '') });
  const section = sectionOf(lines[hit - 1]);
  let first = hit;
  let last = hit;
  const header: ContextLine[] = [];
  if (section !== null) {
    while (first > 1 && sectionOf(lines[first - 2]) === section) first -= 1;
    while (last < lines.length && sectionOf(lines[last]) === section) last += 1;
    for (let n = first - 1; n >= 1 && (lines[n - 1] ?? '').startsWith('#') && !/^(# )+#?\s*$/.test(lines[n - 1] ?? ''); n -= 1) header.unshift(at(n));
  }
  const inSection = hits.filter((h) => h !== hit && h >= first && h <= last);
  const before = inSection.filter((h) => h < hit);
  const after = inSection.filter((h) => h > hit);
  return {
    ok: true,
    section,
    header,
    lines: Array.from({ length: to - from + 1 }, (_, i) => at(from + i)),
    hit,
    totalLines: lines.length,
    previousHit: before.length ? Math.max(...before) : null,
    nextHit: after.length ? Math.min(...after) : null,
  };
}

