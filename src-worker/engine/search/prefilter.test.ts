// The literal prefilter, the gates and the ASCII twins are pure speed: with them the engine must give
// exactly what the plain engine (every line, full regex) gives — on the reference set and on lines made
// awkward on purpose (case-folding characters ſ and K, non-ASCII text, upper case).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSearchSet } from '../config/load';
import { discoverFiles } from '../discover';
import { inspectSystemBytes } from '../system-file';
import { REFERENCE_DIR, TESTDATA_DIR } from '../testing/reference';
import type { SearchSet, SystemInfo } from '../types';
import { asciiVariant } from './ascii-variant';
import { compileSearchSet } from './compile';
import { LiteralMatcher } from './literal-matcher';
import { requiredLiteralSets, requiredLiterals } from './required-literals';
import { searchSystem } from './search-system';

describe('requiredLiterals', () => {
  it.each([
    ['System_BIOS::[\\t ]+(Vendor: (?<v>[^\\n]*))', ['system_bios::']],
    ['^Users_LocalUsers::-(?=\\n?$)', ['users_localusers::-']],
    ['(A::x)|(B::y)', ['a::x', 'b::y']],
    ['A::x|[a-z]+', null],
    ['ab?cdef', ['cdef']],
    ['xy+zzz', ['yzzz']],
    ['(?:opt)?fixedtext', ['fixedtext']],
    ['(?!DisplayName)abc', ['abc']],
    ['\\x41\\u{42}C\\.', ['abc.']],
    ['caf\\u00e9 bar', [' bar']],
    ['[abc]', null],
  ])('%s → %j', (source, want) => {
    expect(requiredLiterals(source)).toEqual(want);
  });
  it('keeps further requirements as gates', () => {
    expect(requiredLiteralSets('WorldFiles::[^\\n]*?(?<path>(\\/home|\\/etc)[^\\n]*)')).toEqual([['worldfiles::'], ['/home', '/etc']]);
  });
});

describe('asciiVariant', () => {
  it('replaces Unicode property sets with their ASCII members, inside and outside classes', () => {
    expect(asciiVariant('a[\\p{L}\\p{N}_]+\\p{Nd}\\P{Nd}[^\\p{L}]')).toBe('a[A-Za-z0-9_]+[0-9][^0-9][^A-Za-z]');
    expect(asciiVariant('x\\p{Lu}')).toBeNull();
    expect(asciiVariant('[\\]\\p{L}]')).toBe('[\\]A-Za-z]');
  });
});

describe('LiteralMatcher', () => {
  it('finds overlapping literals case-insensitively, with ſ and K folding like `iu`', () => {
    const m = new LiteralMatcher(['abc', 'bcd', 'c', 'sk'], [[1], [2], [3], [4]]);
    const ids = (line: string): number[] => {
      const r = m.scan(line);
      return [...new Set(Array.from(r.ids.subarray(0, r.count)))].sort();
    };
    expect(ids('xABCD')).toEqual([1, 2, 3]);
    expect(ids('\u017f\u212a')).toEqual([4]);
    expect(ids('ab\u00e9c')).toEqual([3]);
    expect(m.scan('plain').ascii).toBe(true);
    expect(m.scan('é').ascii).toBe(false);
  });
});

describe('prefiltered engine = plain engine', () => {
  let set: SearchSet;
  let systems: { system: SystemInfo; lines: string[] }[];
  beforeAll(async () => {
    set = await loadSearchSet(join(REFERENCE_DIR, 'conf.d', 'audit-all.yaml'));
    systems = [];
    for (const file of (await discoverFiles(TESTDATA_DIR, '*.txt')).files) {
      const o = inspectSystemBytes(readFileSync(file.filePath), file);
      if (o.ok) systems.push({ system: o.system, lines: o.lines });
    }
  });

  function compare(mutate: (line: string, i: number) => string): number {
    const fast = compileSearchSet(set.searches);
    const plain = compileSearchSet(set.searches, { prefilter: false });
    let rows = 0;
    for (const { system, lines } of systems) {
      const mutated = lines.map(mutate);
      const a = searchSystem(mutated, system, fast).rowsBySearch;
      const b = searchSystem(mutated, system, plain).rowsBySearch;
      expect(a, system.systemName).toEqual(b);
      for (const r of Object.values(a)) rows += r.length;
    }
    return rows;
  }

  it('on the shared files', () => {
    expect(compare((l) => l)).toBe(15094); // + 6 show_missing rows added per family = 15,100
  });

  it('on lines with ſ/K case-folding letters, upper case and non-ASCII text', () => {
    const rows = compare((line, i) => {
      switch (i % 5) {
        case 0:
          return line.replace(/s/g, '\u017f');
        case 1:
          return line.replace(/k/g, '\u212a');
        case 2:
          return line.toUpperCase();
        case 3:
          return line.replace(/ /g, ' \u00e9\u4e2d ');
        default:
          return line;
      }
    });
    expect(rows).toBeGreaterThan(1000);
  });
});
