// A result table on disk as JSON lines: the header, then one row per line. Written and read
// row by row, so neither side ever holds the table twice (as objects and as one big string).
import { closeSync, createReadStream, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { StringDecoder } from 'node:string_decoder';
import type { Cell } from '../engine/types';
import type { StoredTable } from './api';

const CHUNK_LINES = 2000;

export function writeTableFile(path: string, header: readonly string[], rows: readonly Cell[][]): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `${JSON.stringify(header)}\n`);
    for (let i = 0; i < rows.length; i += CHUNK_LINES) {
      writeSync(fd, `${rows.slice(i, i + CHUNK_LINES).map((r) => JSON.stringify(r)).join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
}

/** The lines of a file, one at a time. */
export async function* fileLines(path: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield line;
}

const READ_CHUNK = 1024 * 1024;

/**
 * Each non-empty line of a UTF-8 file, read in large chunks on this thread. For the files a
 * worker wrote itself and reads at once: readline's stream costs about twice as much per line.
 */
export function forEachLine(path: string, onLine: (line: string) => void): void {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (let n = readSync(fd, chunk, 0, READ_CHUNK, null); n > 0; n = readSync(fd, chunk, 0, READ_CHUNK, null)) {
      const text = rest + decoder.write(n === READ_CHUNK ? chunk : chunk.subarray(0, n));
      let start = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (nl > start) onLine(text.slice(start, nl));
        start = nl + 1;
      }
      rest = text.slice(start);
    }
    rest += decoder.end();
    if (rest) onLine(rest);
  } finally {
    closeSync(fd);
  }
}

export async function* tableFileRows(path: string): AsyncGenerator<Cell[]> {
  let first = true;
  for await (const line of fileLines(path)) {
    if (first) first = false;
    else yield JSON.parse(line) as Cell[];
  }
}

export function readTableFile(path: string): StoredTable {
  const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const header = JSON.parse(lines[0] ?? '[]') as string[];
  return { header, rows: lines.slice(1).map((l) => JSON.parse(l) as Cell[]) };
}
