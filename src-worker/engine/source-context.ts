// "Show in file" (issue 14): the lines of a source file around a hit, read on demand from the
// original file, never the whole file handed to the UI. The file's SHA-384 (the one the run
// recorded) is checked first: a file that changed or is gone says so instead of showing lines that
// no longer are the ones the run searched.
//
// A hit's section is its `Section::` prefix; the section's header is the run of `#` lines (the
// collector's `#[BEGIN]:` block and `###` comments) right above the section's first line.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { decodeLines } from './decode';

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

const SECTION = /^([^:\s]+)::/;

function sectionOf(text: string | undefined): string | null {
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

/** Reads `path`, checks its SHA-384 against the run's, and answers the context of line `hit`. */
export async function readSourceContext(path: string, sha384: string, hit: number, radius = 20, hits: readonly number[] = []): Promise<SourceContext> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, reason: 'missing', message: `${path} is no longer there` };
    return { ok: false, reason: 'unreadable', message: `${path} could not be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  const actual = createHash('sha384').update(bytes).digest('hex');
  if (actual !== sha384.toLowerCase()) {
    return { ok: false, reason: 'changed', message: `${path} changed since the run searched it (SHA-384 differs): its lines would not be the ones found` };
  }
  const decoded = decodeLines(bytes);
  if (!decoded.ok) return { ok: false, reason: 'unreadable', message: `${path}: ${decoded.reason}` };
  return contextAround(decoded.lines, hit, radius, hits);
}
