import { describe, expect, it } from 'vitest';
import { removeControlChars, pyStrip } from '../text';
import type { ResultRow, SearchSpec, SystemInfo } from '../types';
import { linesOf, makeSpec, makeSystem } from '../testing/spec';
import { compileSearchSet } from './compile';
import { isSkippedLine, LINES_PER_NOTE, mergeFields, searchSystem } from './search-system';

/** Rows of one search on one system, with and without the prefilter (they must agree). */
function run(spec: SearchSpec, lines: string[], system: SystemInfo = makeSystem()): ResultRow[] {
  const fast = searchSystem(lines, system, compileSearchSet([spec])).rowsBySearch[spec.index] ?? [];
  const plain = searchSystem(lines, system, compileSearchSet([spec], { prefilter: false })).rowsBySearch[spec.index] ?? [];
  expect(fast).toEqual(plain);
  return fast;
}

describe('skip rule (SPEC §4.3 vectors)', () => {
  it.each(['###[BEGIN]: System_VersionInformation', 'Text ###Running: embedded command', 'Start ### middle ### end', '###', '   ###   ', '\t###\t', '###Node:'])(
    'skips %j',
    (line) => expect(isSkippedLine(`${line}\n`)).toBe(true),
  );
  it.each(['', '##', 'Line with ## (only two hashes)', '[BEGIN] without hashes', 'KPNIXVERSION: 0.6.22', 'System_VersionInformation::Linux olorin 5.15.0-139-generic'])(
    'keeps %j',
    (line) => expect(isSkippedLine(`${line}\n`)).toBe(false),
  );
  it('hides ### lines from every search, but empty lines are seen', () => {
    const spec = makeSpec({ jsRegex: 'a|^(?=\\n?$)' });
    expect(run(spec, linesOf('a ###', '', 'xa')).map((r) => [r.line, r.text])).toEqual([
      [2, ''],
      [3, 'xa'],
    ]);
  });
});

describe('single-line searches (SPEC §4.5)', () => {
  const lines = linesOf('noise', '  Sec::Key: value  ', 'Sec::Other: x');
  it('without only_matching: the stripped line', () => {
    expect(run(makeSpec({ jsRegex: 'Sec::(?<k>\\w+):' }), lines)).toEqual([
      { line: 2, text: 'Sec::Key: value', fields: null },
      { line: 3, text: 'Sec::Other: x', fields: null },
    ]);
  });
  it('only_matching without fields: the match', () => {
    expect(run(makeSpec({ jsRegex: 'sec::\\w+', onlyMatching: true }), lines).map((r) => r.text)).toEqual(['Sec::Key', 'Sec::Other']);
  });
  it('only_matching with field_list: fields in order, "" for absent or non-participating groups, values not stripped', () => {
    const spec = makeSpec({ jsRegex: 'Sec::(?<k>Key|Other):(?<v> value)?', onlyMatching: true, fieldList: ['v', 'k', 'nosuch'] });
    expect(run(spec, lines)).toEqual([
      { line: 2, text: 'Sec::Key: value', fields: { v: ' value', k: 'Key', nosuch: '' } },
      { line: 3, text: 'Sec::Other:', fields: { v: '', k: 'Other', nosuch: '' } },
    ]);
  });
  it('field_list without only_matching exports no fields (the loader decides Q3)', () => {
    expect(run(makeSpec({ jsRegex: 'Sec::(?<k>Key)', fieldList: ['k'] }), lines)).toEqual([{ line: 2, text: 'Sec::Key: value', fields: null }]);
  });
  it('matches case-insensitively and uses the first match only', () => {
    expect(run(makeSpec({ jsRegex: '(?<n>\\d)', onlyMatching: true, fieldList: ['n'] }), linesOf('SEC 1 2'))).toEqual([{ line: 1, text: '1', fields: { n: '1' } }]);
    expect(run(makeSpec({ jsRegex: 'sec::key' }), lines)).toHaveLength(1);
  });
  it('sees the line terminator (Python $ and \\s)', () => {
    expect(run(makeSpec({ jsRegex: 'RecordName:\\s+(?<u>[^\\n]*)', onlyMatching: true, fieldList: ['u'] }), linesOf('RecordName:'))).toEqual([
      { line: 1, text: 'RecordName:\n', fields: { u: '' } },
    ]);
  });
  it('removes Excel-illegal control characters from text and fields, after matching', () => {
    const spec = makeSpec({ jsRegex: 'v=(?<v>[^\\n]*)', onlyMatching: true, fieldList: ['v'] });
    expect(run(spec, linesOf('v=a\x00b\x1fc\td'))).toEqual([{ line: 1, text: 'v=abc\td', fields: { v: 'abc\td' } }]);
  });
});

describe('control characters and Python strip (SPEC §4.11, §4.5)', () => {
  it.each([
    ['Hello\x00\x01\x02World\x1f', 'HelloWorld'],
    ['Hello\tWorld\nNext\rLine', 'Hello\tWorld\nNext\rLine'],
    ['\x00\x01\x02\x03', ''],
    ['a\x7f\x80\x9fb\xa0', 'ab\xa0'],
  ])('removeControlChars(%j) = %j', (input, want) => expect(removeControlChars(input)).toBe(want));
  it('strips the Python whitespace set, not U+FEFF', () => {
    expect(pyStrip('\x1c\x85 a b\u3000\n')).toBe('a b');
    expect(pyStrip('\ufeffa')).toBe('\ufeffa');
  });
});

describe('merge_fields (SPEC §4.6 vectors)', () => {
  const m = (sourceColumns: string[], destColumn: string) => ({ sourceColumns, destColumn });
  it('first truthy source wins, sources removed, destination appended', () => {
    expect(Object.entries(mergeFields({ f1: 'v1', f2: 'v2', f3: 'v3' }, [m(['f1', 'f2'], 'm')]))).toEqual([
      ['f3', 'v3'],
      ['m', 'v1'],
    ]);
    expect(mergeFields({ f1: '', f2: 'v2' }, [m(['f1', 'f2'], 'm')])).toEqual({ m: 'v2' });
    expect(mergeFields({ f1: '', f2: '' }, [m(['f1', 'f2'], 'm')])).toEqual({});
    expect(mergeFields({ f1: 'v1', f2: 'v2', f3: 'v3' }, [m(['f1', 'f2'], 'm1'), m(['f2', 'f3'], 'm2')])).toEqual({ m1: 'v1', m2: 'v2' });
    expect(mergeFields({ a: 'x' }, [])).toEqual({ a: 'x' });
  });
  it('applies to single-line rows (the Windows patching example)', () => {
    const spec = makeSpec({
      jsRegex: '(System_InstalledHotfixes::(?<hfDescription>[^\\n]*Update)\\s+(?<hfKbNum>KB\\d+)\\s+(?<hfDate>[\\d/]+))|(WU::(?<wuDate>[\\d/]+) (?<wuKbNum>KB\\d+))',
      onlyMatching: true,
      fieldList: ['hfDate', 'wuDate', 'hfDescription', 'hfKbNum', 'wuKbNum'],
      mergeFields: [m(['hfDate', 'wuDate'], 'date'), m(['hfDescription', 'wuDescription'], 'description'), m(['hfKbNum', 'wuKbNum'], 'kbNum')],
    });
    expect(run(spec, linesOf('System_InstalledHotfixes::Security Update KB5027215 6/21/2023', 'WU::1/2/2024 KB1'))).toEqual([
      { line: 1, text: 'System_InstalledHotfixes::Security Update KB5027215 6/21/2023', fields: { date: '6/21/2023', description: 'Security Update', kbNum: 'KB5027215' } },
      { line: 2, text: 'WU::1/2/2024 KB1', fields: { date: '1/2/2024', kbNum: 'KB1' } },
    ]);
  });
});

describe('multiline searches (SPEC §4.7 vectors)', () => {
  const regex = 'User: (?<user>\\w+)|ID: (?<id>\\d+)';
  const records = linesOf('START RECORD 1', 'User: user1', 'ID: 12345', 'END RECORD', 'START RECORD 2', 'User: user2', 'ID: 67890', 'END RECORD');
  it('rs_delimiter closes records', () => {
    const spec = makeSpec({ jsRegex: regex, multiline: true, fieldList: ['user', 'id'], onlyMatching: true, jsRsDelimiter: 'END RECORD' });
    expect(run(spec, records)).toEqual([
      { line: 2, text: 'User: user1\nID: 12345', fields: { user: 'user1', id: '12345' } },
      { line: 6, text: 'User: user2\nID: 67890', fields: { user: 'user2', id: '67890' } },
    ]);
  });
  it('without delimiter, a record is emitted when every field is present (noise lines ignored)', () => {
    const spec = makeSpec({ jsRegex: regex, multiline: true, fieldList: ['user', 'id'] });
    const noisy = linesOf('noise', 'User: user1', 'other noise', 'ID: 12345', 'User: user2', 'x', 'ID: 67890', 'tail');
    expect(run(spec, noisy).map((r) => [r.line, r.fields])).toEqual([
      [2, { user: 'user1', id: '12345' }],
      [5, { user: 'user2', id: '67890' }],
    ]);
  });
  it('max_results 1 gives one record; no matches give none', () => {
    expect(run(makeSpec({ jsRegex: regex, multiline: true, fieldList: ['user', 'id'], maxResults: 1, jsRsDelimiter: 'END RECORD' }), records)).toHaveLength(1);
    expect(run(makeSpec({ jsRegex: 'nomatch(?<a>x)', multiline: true, fieldList: ['a'] }), records)).toEqual([]);
  });
  it('the delimiter line is included when it also matches; a delimiter with no open record does nothing', () => {
    const spec = makeSpec({ jsRegex: 'k: (?<k>\\w+)|- (?<e>end)', multiline: true, fieldList: ['k'], jsRsDelimiter: '^-' });
    expect(run(spec, linesOf('-', 'k: a', '- end', 'k: b'))).toEqual([
      { line: 2, text: 'k: a\n- end', fields: { k: 'a' } },
      { line: 4, text: 'k: b', fields: { k: 'b' } },
    ]);
  });
  it('rs_delimiter is case-sensitive while the regex is not', () => {
    const spec = makeSpec({ jsRegex: 'k: (?<k>\\w+)', multiline: true, fieldList: ['k'], jsRsDelimiter: 'END' });
    expect(run(spec, linesOf('K: a', 'end', 'k: b', 'END')).map((r) => r.text)).toEqual(['K: a\nk: b']);
  });
  it('Q13: a match without any captured group neither emits nor resets; fields missing keep a record open to EOF', () => {
    const spec = makeSpec({ jsRegex: 'k: (?<k>\\w+)|(?:marker)', multiline: true, fieldList: ['k', 'never'], jsRsDelimiter: '^-' });
    expect(run(spec, linesOf('marker', '-', 'k: a', '-'))).toEqual([{ line: 1, text: 'marker\nk: a', fields: { k: 'a', never: '' } }]);
    const open = makeSpec({ jsRegex: 'k: (?<k>\\w+)', multiline: true, fieldList: ['k', 'never'] });
    expect(run(open, linesOf('k: a', 'x', 'k: b'))).toEqual([{ line: 1, text: 'k: a\nk: b', fields: { k: 'b', never: '' } }]);
  });
  it('lines with ### are invisible, also to the delimiter', () => {
    const spec = makeSpec({ jsRegex: 'k: (?<k>\\w+)', multiline: true, fieldList: ['k'], jsRsDelimiter: 'END' });
    expect(run(spec, linesOf('k: a', 'END ###', 'k: b', 'END')).map((r) => r.text)).toEqual(['k: a\nk: b']);
  });
});

describe('unique and max_results (SPEC §4.8, §4.9)', () => {
  it('unique keys on stripped lower-case text, per system, before max_results counts', () => {
    const spec = makeSpec({ jsRegex: 'v=\\w+', onlyMatching: true, unique: true, maxResults: 2 });
    expect(run(spec, linesOf('v=A', 'v=a', 'V=a', 'v=b', 'v=c')).map((r) => r.text)).toEqual(['v=A', 'v=b']);
  });
  it('max_results is per system', () => {
    const spec = makeSpec({ jsRegex: 'x', maxResults: 1 });
    expect(run(spec, linesOf('x1', 'x2'), makeSystem({ systemName: 'a' }))).toHaveLength(1);
    expect(run(spec, linesOf('x1', 'x2'), makeSystem({ systemName: 'b' }))).toHaveLength(1);
  });
});

describe('searchSystem', () => {
  it('runs only applicable searches, keyed by search index (Q1), and honours `only`', () => {
    const a = makeSpec({ name: 'same', jsRegex: 'x' });
    const b = makeSpec({ name: 'same', jsRegex: 'x', sysFilter: [{ attr: 'os_family', comp: 'eq', value: 'Windows' }] });
    const c = makeSpec({ name: 'other', jsRegex: 'x' });
    const set = compileSearchSet([a, b, c]);
    const result = searchSystem(linesOf('x'), makeSystem(), set);
    expect(Object.keys(result.rowsBySearch).map(Number)).toEqual([a.index, c.index].sort((p, q) => p - q));
    expect(Object.keys(searchSystem(linesOf('x'), makeSystem(), set, [c.index]).rowsBySearch)).toEqual([String(c.index)]);
    expect(() => searchSystem([], makeSystem(), set, [123456])).toThrow(/123456/);
  });
  it('tells onLines how far the pass has come every LINES_PER_NOTE lines, with the searches it runs', () => {
    const set = compileSearchSet([makeSpec({ jsRegex: 'x' }), makeSpec({ jsRegex: 'y' })]);
    const told: [number, number][] = [];
    const lines = Array.from({ length: 2 * LINES_PER_NOTE + 10 }, () => 'z\n');
    searchSystem(lines, makeSystem(), set, undefined, (line, searches) => told.push([line, searches]));
    expect(told).toEqual([
      [LINES_PER_NOTE, 2],
      [2 * LINES_PER_NOTE, 2],
    ]);
  });
  it('builds regexes on first use: a broken one fails only where it is used, naming its search and place', () => {
    const windows = [{ attr: 'os_family' as const, comp: 'eq' as const, value: 'Windows' }];
    const bad = makeSpec({ name: 'broken', jsRegex: 'Sec::(x', sysFilter: windows, source: { file: 'w.yaml', line: 7, column: 3 } });
    const good = makeSpec({ jsRegex: 'Sec::' });
    for (const prefilter of [true, false]) {
      const set = compileSearchSet([bad, good], { prefilter });
      expect(Object.keys(searchSystem(linesOf('Sec::x'), makeSystem(), set).rowsBySearch)).toEqual([String(good.index)]);
      expect(() => searchSystem(linesOf('Sec::x'), makeSystem({ osFamily: 'Windows' }), set)).toThrow(
        /^w\.yaml:7:3: search 'broken': invalid regex: /,
      );
    }
  });
  it('gives each OS family a prefilter over only the searches its systems can run', () => {
    const onlyOn = (family: string) => [{ attr: 'os_family' as const, comp: 'eq' as const, value: family }];
    const linuxAny = makeSpec({ jsRegex: '[ab]', sysFilter: onlyOn('Linux') });
    const winAny = makeSpec({ jsRegex: '[ab]', sysFilter: onlyOn('Windows') });
    const everywhere = makeSpec({ jsRegex: '[ab]' });
    const set = compileSearchSet([linuxAny, winAny, everywhere]);
    expect(set.filterFor('Linux').unfiltered).toEqual([0, 2]);
    expect(set.filterFor('Windows').unfiltered).toEqual([1, 2]);
    expect(set.filterFor('Darwin').unfiltered).toEqual([2]);
    expect(set.filterFor('Linux')).toBe(set.filterFor('Linux'));
  });
  it('handles a 5 MB single line', () => {
    const spec = makeSpec({ jsRegex: 'needle(?<n>\\d+)', onlyMatching: true, fieldList: ['n'] });
    const big = `${'x'.repeat(5 * 1024 * 1024)}needle42\n`;
    expect(run(spec, [big])).toEqual([{ line: 1, text: 'needle42', fields: { n: '42' } }]);
  });
});
