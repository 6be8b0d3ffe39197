// Reads a results JSON (results-json.ts) back, one search at a time, so that a reopened run's
// tables are never all in memory at once. The writer puts one system, one row, and each search's
// head and tail on lines of their own; that layout is read line by line. A file in another layout
// (the same JSON re-indented by some tool) is read whole with JSON.parse instead.
//
// A comparison reads two runs' searches in pairs, in whatever order each file has them: an index
// (indexResultsJson) finds where each search starts without parsing a row, and one search is then
// read from there (readResultsJsonSearch).

import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
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

/** A search's head line: `{"search":…,"sheet":…,"comment":…,"header":[…],` (the rows follow). */
const HEAD_START = '{"search":';
const headJson = (line: string): string => `${line.replace(/,$/, '')}}`;
const headOf = (h: unknown): { search: string; sheet: string; header: string[] } => {
  const o = h as { search: string; sheet: string; header: string[] };
  return { search: o.search, sheet: o.sheet, header: o.header };
};
/** A row line is the row, then "," before the next row or "]," after the last one. */
const rowJson = (line: string): string => (line.endsWith(']],') ? line.slice(0, -2) : line.endsWith(',') ? line.slice(0, -1) : line);
/** A search's tail line: `"index":…,"sheetName":…,"options":{…}}`. */
const tailIndex = (t: unknown): number | null => {
  const index = (t as { index?: unknown }).index;
  return typeof index === 'number' ? index : null;
};

/** JSON.parse whose error names the file and the line being read. */
const lineParser =
  (path: string, line: () => number) =>
  (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ResultsJsonError(`${path}:${line()}: ${(err as Error).message}`);
    }
  };

/** Calls `onSearch` for each search of the file, in file order. Errors name the file and line. */
export async function readResultsJson(path: string, onSearch: (search: ResultsJsonSearch) => void | Promise<void>): Promise<{ family: string }> {
  if (!(await inWriterLayout(path))) return readWhole(path, onSearch);
  let lineNo = 0;
  let family = '';
  let state: 'start' | 'systems' | 'searches' | 'rows' | 'end' = 'start';
  let head: { search: string; sheet: string; header: string[] } | null = null;
  let rows: Cell[][] = [];
  const parse = lineParser(path, () => lineNo);
  const finishSearch = async (tail: string): Promise<void> => {
    const index = tailIndex(parse(`{${tail.replace(/,$/, '')}`));
    if (!head || index === null) throw new ResultsJsonError(`${path}:${lineNo}: a search ends without its index`);
    await onSearch({ index, search: head.search, sheet: head.sheet, header: head.header, rows });
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
        if (line.startsWith(HEAD_START)) {
          head = headOf(parse(headJson(line)));
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
          rows.push(parse(rowJson(line)) as Cell[]);
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

/** Where one search of a results JSON starts: its head line's byte offset and line number. */
export interface ResultsJsonSearchAt {
  search: string;
  sheet: string;
  offset: number;
  line: number;
}

export interface ResultsJsonIndex {
  family: string;
  /** The systems as written (the caller checks their shape). */
  systems: unknown[];
  /** In file order. */
  searches: ResultsJsonSearchAt[];
}

const NEWLINE = 0x0a;
const ROW_START = 0x5b; // '[': row lines, skipped unread by the index
const SYSTEMS_LINE = '"systems":[';
const CHECKS_LINE = '"checks":[';
const INDEX_CHUNK = 1 << 20;

/**
 * The family, the systems and where each search starts, in the writer's layout, without decoding
 * a single row line (they are most of the file); null for a file in another layout.
 */
export async function indexResultsJson(path: string): Promise<ResultsJsonIndex | null> {
  if (!(await inWriterLayout(path))) return null;
  let family = '';
  const systems: unknown[] = [];
  const searches: ResultsJsonSearchAt[] = [];
  let state: 'start' | 'head' | 'systems' | 'searches' = 'start';
  let lineNo = 0;
  const parse = lineParser(path, () => lineNo);
  /** Handles one line; false once the searches are over (the checks need no index). */
  const take = (buf: Buffer, start: number, end: number, offset: number): boolean => {
    lineNo += 1;
    if (end === start || buf[start] === ROW_START) return true;
    const line = buf.toString('utf8', start, end);
    switch (state) {
      case 'start':
        family = String((parse(`${line.replace(/,$/, '')}}`) as { family?: unknown }).family ?? '');
        state = 'head';
        return true;
      case 'head':
        // `"run":{…},` may come before the systems.
        if (line === SYSTEMS_LINE) state = 'systems';
        return true;
      case 'systems':
        if (line.startsWith('"searches":[')) state = 'searches';
        else if (line !== '],') systems.push(parse(line.replace(/,$/, '')));
        return true;
      case 'searches':
        if (line === CHECKS_LINE || line === ']}') return false;
        if (line.startsWith(HEAD_START)) {
          const h = headOf(parse(headJson(line)));
          searches.push({ search: h.search, sheet: h.sheet, offset, line: lineNo });
        }
        return true;
    }
  };
  const stream = createReadStream(path, { highWaterMark: INDEX_CHUNK });
  let carry: Buffer = Buffer.alloc(0);
  let base = 0; // file offset of carry[0]
  let done = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(NEWLINE, start); nl >= 0 && !done; nl = buf.indexOf(NEWLINE, start)) {
        done = !take(buf, start, nl, base + start);
        start = nl + 1;
      }
      if (done) break;
      carry = buf.subarray(start);
      base += start;
    }
  } finally {
    stream.destroy();
  }
  if (!done) throw new ResultsJsonError(`${path} ends early (line ${lineNo}): the file is incomplete`);
  return { family, systems, searches };
}

/** Takes a search's rows one by one instead of their list (`head` comes first). */
export interface ResultsJsonRowSink {
  head(head: { search: string; sheet: string; header: string[] }): void;
  row(row: Cell[]): void;
}

/**
 * One search of a results JSON in the writer's layout, read from where its index says it starts;
 * with a `sink` its rows go there as they are read (and `rows` is empty).
 */
export async function readResultsJsonSearch(path: string, at: ResultsJsonSearchAt, sink?: ResultsJsonRowSink): Promise<ResultsJsonSearch> {
  const stream = createReadStream(path, { start: at.offset, encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNo = at.line - 1;
  const parse = lineParser(path, () => lineNo);
  let head: { search: string; sheet: string; header: string[] } | null = null;
  const rows: Cell[][] = [];
  try {
    for await (const line of lines) {
      lineNo += 1;
      if (!head) {
        if (!line.startsWith(HEAD_START)) throw new ResultsJsonError(`${path}:${lineNo}: search "${at.search}" does not start here (the file changed while it was read)`);
        head = headOf(parse(headJson(line)));
        sink?.head(head);
      } else if (line.startsWith('"index":')) {
        const index = tailIndex(parse(`{${line.replace(/,$/, '')}`));
        if (index === null) throw new ResultsJsonError(`${path}:${lineNo}: a search ends without its index`);
        return { index, search: head.search, sheet: head.sheet, header: head.header, rows };
      } else if (line !== '"rows":[' && line !== '"rows":[],' && line !== '') {
        const row = parse(rowJson(line)) as Cell[];
        if (sink) sink.row(row);
        else rows.push(row);
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  throw new ResultsJsonError(`${path} ends early (line ${lineNo}): the file is incomplete`);
}
