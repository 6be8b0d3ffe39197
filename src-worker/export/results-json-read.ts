// Reads a results JSON (results-json.ts) back, one search at a time, so that a reopened run's
// tables are never all in memory at once. The writer puts one system, one row, and each search's
// head and tail on lines of their own; that layout is read line by line. A file in another layout
// (the same JSON re-indented by some tool) is read whole with JSON.parse instead.

import { open } from 'node:fs/promises';
import type { Cell, CheckTable } from '../engine/types';
import { fileLines } from '../worker/table-file';

export interface ResultsJsonSearch {
  index: number;
  search: string;
  sheet: string;
  header: string[];
  rows: Cell[][];
}

export class ResultsJsonError extends Error {
  override name = 'ResultsJsonError';
}

/** Calls `onSearch` for each search of the file, in file order. Errors name the file and line. */
export async function readResultsJson(path: string, onSearch: (search: ResultsJsonSearch) => void | Promise<void>): Promise<{ family: string }> {
  if (!(await inWriterLayout(path))) return readWhole(path, onSearch);
  let lineNo = 0;
  let family = '';
  let state: 'start' | 'systems' | 'searches' | 'rows' | 'end' = 'start';
  let head: { search: string; sheet: string; header: string[] } | null = null;
  let rows: Cell[][] = [];
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ResultsJsonError(`${path}:${lineNo}: ${(err as Error).message}`);
    }
  };
  const finishSearch = async (tail: string): Promise<void> => {
    const t = parse(`{${tail.replace(/,$/, '')}`) as { index?: unknown };
    if (!head || typeof t.index !== 'number') throw new ResultsJsonError(`${path}:${lineNo}: a search ends without its index`);
    await onSearch({ index: t.index, search: head.search, sheet: head.sheet, header: head.header, rows });
    head = null;
    rows = [];
    state = 'searches';
  };
  for await (const line of fileLines(path)) {
    lineNo += 1;
    switch (state) {
      case 'start':
        family = (parse(`${line.replace(/,$/, '')}}`) as { family: string }).family;
        state = 'systems';
        break;
      case 'systems':
        if (line.startsWith('"searches":[')) state = line === '"searches":[' ? 'searches' : 'end';
        break;
      case 'searches':
        if (line.startsWith('{"search":')) {
          const h = parse(`${line.replace(/,$/, '')}}`) as { search: string; sheet: string; header: string[] };
          head = { search: h.search, sheet: h.sheet, header: h.header };
        } else if (line === '"rows":[') {
          state = 'rows';
        } else if (line === '"rows":[],') {
          state = 'rows';
        } else if (line.startsWith('"index":')) {
          await finishSearch(line);
        } else if (line === ']}') {
          state = 'end';
        }
        break;
      case 'rows':
        if (line.startsWith('"index":')) {
          await finishSearch(line);
        } else {
          // A row line is the row, then "," before the next row or "]," after the last one.
          const body = line.endsWith(']],') ? line.slice(0, -2) : line.endsWith(',') ? line.slice(0, -1) : line;
          rows.push(parse(body) as Cell[]);
        }
        break;
      case 'end':
        break;
    }
  }
  if (state !== 'end') throw new ResultsJsonError(`${path} ends early (line ${lineNo}): the file is incomplete`);
  return { family };
}

async function inWriterLayout(path: string): Promise<boolean> {
  const file = await open(path, 'r').catch((err: unknown) => {
    throw new ResultsJsonError(`Results file ${path} cannot be read: ${(err as Error).message}`);
  });
  try {
    const buf = Buffer.alloc(64);
    const { bytesRead } = await file.read(buf, 0, 64, 0);
    return /^\{"family":"[A-Za-z]+",\n/.test(buf.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}

async function readWhole(path: string, onSearch: (search: ResultsJsonSearch) => void | Promise<void>): Promise<{ family: string }> {
  const { readFile } = await import('node:fs/promises');
  let raw: { family?: unknown; searches?: unknown };
  try {
    raw = JSON.parse(await readFile(path, 'utf8')) as typeof raw;
  } catch (err) {
    throw new ResultsJsonError(`Results file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof raw.family !== 'string' || !Array.isArray(raw.searches)) throw new ResultsJsonError(`Results file ${path} has no family or searches`);
  for (const [i, s] of (raw.searches as Record<string, unknown>[]).entries()) {
    const index = typeof s.index === 'number' ? s.index : null;
    if (index === null || !Array.isArray(s.rows) || !Array.isArray(s.header)) throw new ResultsJsonError(`Results file ${path}: search #${i + 1} has no index, header or rows`);
    await onSearch({ index, search: String(s.search), sheet: String(s.sheet), header: s.header as string[], rows: s.rows as Cell[][] });
  }
  return { family: raw.family };
}

/**
 * The checks of a results JSON (our extension: `"checks":[…]` after the searches, one check per
 * line in the writer's layout); [] for a file written before checks existed.
 */
export async function readResultsChecks(path: string): Promise<CheckTable[]> {
  if (!(await inWriterLayout(path))) {
    const { readFile } = await import('node:fs/promises');
    let raw: { checks?: unknown };
    try {
      raw = JSON.parse(await readFile(path, 'utf8')) as typeof raw;
    } catch (err) {
      throw new ResultsJsonError(`Results file ${path} is not valid JSON: ${(err as Error).message}`);
    }
    return Array.isArray(raw.checks) ? (raw.checks as CheckTable[]) : [];
  }
  const checks: CheckTable[] = [];
  let inChecks = false;
  let lineNo = 0;
  for await (const line of fileLines(path)) {
    lineNo += 1;
    if (!inChecks) {
      // Row lines are JSON arrays and search heads objects: only the section line starts so.
      if (line === '"checks":[') inChecks = true;
      continue;
    }
    if (line === ']}') return checks;
    try {
      checks.push(JSON.parse(line.replace(/,$/, '')) as CheckTable);
    } catch (err) {
      throw new ResultsJsonError(`${path}:${lineNo}: ${(err as Error).message}`);
    }
  }
  if (inChecks) throw new ResultsJsonError(`${path} ends early (line ${lineNo}): the file is incomplete`);
  return checks;
}
