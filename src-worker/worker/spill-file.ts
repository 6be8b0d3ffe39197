// A search task's rows on their way to the export task: one file per task, in V8's structured
// serialization. Against JSON text it saves the search worker about half of the writing (no text
// to build and then encode as UTF-8: 0.73 s -> 0.40 s for 92 of the 120-system corpus's spills),
// reads back as fast, and is about as large (76 vs 79 MB), so the in-memory limit keeps its meaning.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { SystemSearchResult } from '../engine/types';

export type SpilledRows = SystemSearchResult['rowsBySearch'];

export async function writeSpill(path: string, rows: SpilledRows): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, serialize(rows));
}

export async function readSpill(path: string): Promise<SpilledRows> {
  return deserialize(await readFile(path)) as SpilledRows;
}
