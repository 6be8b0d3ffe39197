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
import { contextAround, sectionOf, type SourceContext } from './source-lines';

export { contextAround } from './source-lines';
export type { ContextLine, SourceContext } from './source-lines';

type SourceProblem = Extract<SourceContext, { ok: false }>;

/** The decoded lines of `path` when its SHA-384 is still the one the run recorded; else why not. */
async function readVerified(path: string, sha384: string): Promise<{ ok: true; lines: string[] } | SourceProblem> {
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
  return { ok: true, lines: decoded.lines };
}

/** Reads `path`, checks its SHA-384 against the run's, and answers the context of line `hit`. */
export async function readSourceContext(path: string, sha384: string, hit: number, radius = 20, hits: readonly number[] = []): Promise<SourceContext> {
  const read = await readVerified(path, sha384);
  return read.ok ? contextAround(read.lines, hit, radius, hits) : read;
}

/** The `Section::` names a file has (the System view's coverage gaps), after the same SHA-384 check. */
export async function readSourceSections(path: string, sha384: string): Promise<{ ok: true; sections: string[] } | SourceProblem> {
  const read = await readVerified(path, sha384);
  if (!read.ok) return read;
  const names = new Set<string>();
  for (const line of read.lines) {
    const s = sectionOf(line);
    if (s !== null) names.add(s);
  }
  return { ok: true, sections: [...names] };
}
