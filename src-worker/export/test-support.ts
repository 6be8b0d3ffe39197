// Helpers for this folder's tests: read the parts of a written .xlsx (a zip) without another
// dependency, and build exporter input from the reference results in ../shared/reference/expected.

import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { resolve } from 'node:path';
import type { Cell, FamilyResults, OsFamily, SearchOptionsSummary, SystemRow } from '../engine/types';
import { SYSTEM_COLUMNS } from '../engine/types';

/** Every entry of a zip file, by name (leading '/' removed), as text. */
export function readZipEntries(path: string): Map<string, string> {
  const buf = readFileSync(path);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd -= 1;
  if (eocd < 0) throw new Error(`${path} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen).replace(/^\//, '');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    entries.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

const repoRoot = resolve(__dirname, '../..');
export const REFERENCE = resolve(repoRoot, '../shared/reference');

interface ExpectedFile {
  family: OsFamily;
  systems: Record<string, string>[];
  searches: { search: string; sheet: string; comment: string | null; header: string[]; rows: string[][] }[];
}

const OPTIONS: SearchOptionsSummary = {
  maxResults: -1,
  onlyMatching: false,
  unique: false,
  fullScan: false,
  multiline: false,
  showMissing: false,
  fieldList: [],
  format: null,
};

/**
 * The reference results as FamilyResults: line numbers as numbers, `\r` record separators as
 * `\n` (what our engine produces), and the fields the expected format lacks synthesised.
 */
export function referenceResults(family: OsFamily): FamilyResults {
  const file = JSON.parse(readFileSync(resolve(REFERENCE, 'expected', `${family}.json`), 'utf8')) as ExpectedFile;
  const systems: SystemRow[] = file.systems.map((s, i) => {
    const row = Object.fromEntries(SYSTEM_COLUMNS.map((c) => [c, s[c] ?? ''])) as SystemRow;
    row['Host Name'] = `host-${i + 1}`;
    row['SHA-384'] = 'ab'.repeat(48);
    return row;
  });
  return {
    family: file.family,
    systems,
    searches: file.searches.map((s, index) => ({
      search: s.search,
      sheet: s.sheet,
      comment: s.comment,
      header: s.header,
      rows: s.rows.map((r): Cell[] => r.map((v, c) => (s.header[c] === 'Line Number' ? Number(v) : v.replace(/\r/g, '\n')))),
      index,
      sheetName: s.sheet,
      options: { ...OPTIONS, fieldList: s.header.slice(3) },
    })),
    checks: [],
  };
}
