// One input file → a system (decoded lines + attributes) or a reason to skip it. Never throws.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { openablePath, type DiscoveredFile } from './discover';
import { decodeLines } from './decode';
import { collectionGaps } from './collection-gaps';
import { detectSystem } from './detect';
import { tooLargeReason } from './size-limit';
import type { SkippedFile, SystemInfo } from './types';

export type ReadOutcome = { ok: true; system: SystemInfo; lines: string[] } | { ok: false; skipped: SkippedFile };

/** Python's `Path.stem`: the name without its last suffix; dotfiles like `.report` keep their name. */
export function fileStem(filePath: string): string {
  const name = basename(filePath);
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(0, dot) : name;
}

// The reason says why; the record's relPath names the file (every consumer shows both).
function skip(file: DiscoveredFile, why: string): ReadOutcome {
  return { ok: false, skipped: { filePath: file.filePath, relPath: file.relPath, reason: why } };
}

/** Pure: decodes, splits and recognises the bytes of `file`. */
export function inspectSystemBytes(bytes: Uint8Array, file: DiscoveredFile): ReadOutcome {
  if (bytes.length === 0) return skip(file, 'empty file, no audit-script producer line');
  const decoded = decodeLines(bytes);
  if (!decoded.ok) return skip(file, decoded.reason);
  const lines = decoded.lines;
  const detected = detectSystem(lines);
  if (!detected.ok) return skip(file, detected.reason);
  const system: SystemInfo = {
    systemName: fileStem(file.filePath),
    filePath: file.filePath,
    relPath: file.relPath,
    sizeBytes: bytes.length,
    sha384: createHash('sha384').update(bytes).digest('hex'),
    encoding: decoded.encoding,
    ...detected.system,
  };
  const gaps = collectionGaps(lines);
  if (gaps.length > 0) system.collectionGaps = gaps;
  return { ok: true, system, lines };
}

/**
 * Reads and inspects one file; I/O errors become a skipped file naming the error. The size is
 * checked on the open file before reading: a file too large for one string is refused at once.
 */
export async function readSystemFile(file: DiscoveredFile): Promise<ReadOutcome> {
  let bytes: Uint8Array;
  try {
    const handle = await open(openablePath(file), 'r');
    try {
      const tooLarge = tooLargeReason((await handle.stat()).size);
      if (tooLarge) return skip(file, tooLarge);
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return skip(file, `cannot read file (${e.code ?? e.message})`);
  }
  return inspectSystemBytes(bytes, file);
}
