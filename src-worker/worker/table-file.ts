// A result table on disk as JSON lines: the header, then one row per line. Written and read
// row by row, so neither side ever holds the table twice (as objects and as one big string).
import { closeSync, createReadStream, openSync, readFileSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
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
