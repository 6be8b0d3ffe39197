// The 1,000-system drift corpus of the compare benches: the Linux results of the shared reference
// files (built-in `all` set), their systems cloned to `systems` hosts; a second "later" run of the
// same hosts with a few facts changed (a setting on 5% of the hosts, a row gone on 2%, rows
// reordered, line numbers shifted everywhere, 10 hosts gone and 10 new). Deterministic.
import { join } from 'node:path';
import { LINE_COLUMN, SYSTEM_COLUMN } from '../../src-worker/engine/compare/row-identity';
import { loadSearchSet } from '../../src-worker/engine/config/load';
import { runEngineInProcess } from '../../src-worker/engine/run-in-process';
import { LIBRARY_DIR, TESTDATA_DIR } from '../../src-worker/engine/testing/reference';
import type { Cell, FamilyResults, SearchResultTable, SystemRow } from '../../src-worker/engine/types';

/** Deterministic pseudo-random numbers (the corpus is the same in every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The reference Linux results, as the engine gives them. */
export async function referenceLinux(): Promise<FamilyResults> {
  const set = await loadSearchSet(join(LIBRARY_DIR, 'all.yaml'), { libraryDir: LIBRARY_DIR });
  const run = await runEngineInProcess({ startDir: TESTDATA_DIR, filespec: '*.txt', searchSet: set });
  const linux = run.families.find((f) => f.family === 'Linux');
  if (!linux) throw new Error(`no Linux results in ${TESTDATA_DIR}`);
  return linux;
}

/** `systems` hosts cloned from the reference systems; `later` applies the drift described above. */
export function driftCorpus(base: FamilyResults, systems: number, later: boolean): FamilyResults {
  const baseSystems = base.systems;
  const copies = Math.ceil(systems / baseSystems.length);
  const hosts: { name: string; base: SystemRow }[] = [];
  for (let k = 0; k < copies; k++) for (const b of baseSystems) if (hosts.length < systems) hosts.push({ name: `${b[SYSTEM_COLUMN]}-${k}`, base: b });
  // The later run: the first 10 hosts are gone, 10 new ones (copies of existing ones) appear.
  const present = later ? [...hosts.slice(10), ...hosts.slice(0, 10).map((h) => ({ ...h, name: `${h.name}-new` }))] : hosts;
  const searches = base.searches.map((t): SearchResultTable => {
    const sys = t.header.indexOf(SYSTEM_COLUMN);
    const line = t.header.indexOf(LINE_COLUMN);
    const byBase = new Map<string, Cell[][]>();
    for (const row of t.rows) {
      const name = String(row[sys]);
      const list = byBase.get(name);
      if (list) list.push(row);
      else byBase.set(name, [row]);
    }
    const random = rng(t.search.length * 7919 + (later ? 1 : 0));
    const rows: Cell[][] = [];
    for (const host of present) {
      let own = (byBase.get(host.base[SYSTEM_COLUMN]) ?? []).map((r) => {
        const copy = [...r];
        copy[sys] = host.name;
        if (later && line >= 0 && typeof copy[line] === 'number') copy[line] = (copy[line] as number) + 3;
        return copy;
      });
      if (later) {
        if (random() < 0.05 && own.length > 0) {
          const last = own[own.length - 1] as Cell[];
          own[own.length - 1] = last.map((c, i) => (i === sys || i === line || typeof c !== 'string' ? c : `${c}-changed`));
        }
        if (random() < 0.02 && own.length > 1) own = own.slice(1);
        own.reverse();
      }
      rows.push(...own);
    }
    return { ...t, header: [...t.header], rows };
  });
  return { family: base.family, systems: present.map((h) => ({ ...h.base, [SYSTEM_COLUMN]: h.name })), searches, checks: [] };
}

export const rowCount = (f: FamilyResults): number => f.searches.reduce((n, s) => n + s.rows.length, 0);
