import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigProblem, SearchSet, SearchSpec } from '../types';
import { ConfigLoadError, formatProblem, loadSearchSet, resolveConfigPath } from './load';

const tmpRoot = mkdtempSync(path.join(tmpdir(), 'kpat-config-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let dirCount = 0;

/** Write the files into a fresh folder; returns the folder. */
function writeFiles(files: Record<string, string>): string {
  const dir = path.join(tmpRoot, `case${++dirCount}`);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

async function load(yaml: string, extra: Record<string, string> = {}): Promise<SearchSet> {
  const dir = writeFiles({ 'main.yaml': yaml, ...extra });
  return loadSearchSet(path.join(dir, 'main.yaml'));
}

async function problemsOf(yaml: string, extra: Record<string, string> = {}): Promise<ConfigProblem[]> {
  const dir = writeFiles({ 'main.yaml': yaml, ...extra });
  return problemsAt(path.join(dir, 'main.yaml'));
}

async function problemsAt(file: string, opts: { libraryDir?: string } = {}): Promise<ConfigProblem[]> {
  try {
    await loadSearchSet(file, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigLoadError);
    return (err as ConfigLoadError).problems;
  }
  throw new Error('expected a ConfigLoadError');
}

async function only(yaml: string): Promise<SearchSpec> {
  const set = await load(yaml);
  expect(set.searches).toHaveLength(1);
  return set.searches[0] as SearchSpec;
}

describe('search options (SPEC §3.3)', () => {
  it('applies the defaults', async () => {
    const s = await only("s1:\n  regex: 'a'\n");
    expect(s).toMatchObject({
      index: 0,
      name: 's1',
      source: { line: 1, column: 1 },
      regex: 'a',
      jsRegex: 'a',
      comment: null,
      sheetName: 's1',
      maxResults: -1,
      onlyMatching: false,
      unique: false,
      fieldList: [],
      fullScan: false,
      multiline: false,
      rsDelimiter: null,
      jsRsDelimiter: null,
      mergeFields: [],
      showMissing: false,
      sysFilter: [],
    });
  });

  it('reads every option', async () => {
    const s = await only(
      [
        's1:',
        "  regex: 'X::(?P<a>\\d+) (?P<b>\\w+) (?P<c>.*)'",
        '  comment: |-',
        '    two',
        '    lines',
        '  excel_sheet_name: Sheet A',
        '  max_results: 5',
        '  only_matching: True',
        '  unique: true',
        '  full_scan: yes',
        '  multiline: True',
        "  rs_delimiter: '^X::-$'",
        '  field_list: [a, b, c, ab]',
        '  merge_fields:',
        '    - source_columns: [a, b]',
        '      dest_column: ab',
        '  show_missing: true',
        '  sys_filter:',
        '    - attr: os_family',
        '      comp: eq',
        '      value: Linux',
        '  keywords: [ignored, silently]',
      ].join('\n'),
    );
    expect(s).toMatchObject({
      jsRegex: 'X::(?<a>\\p{Nd}+) (?<b>[\\p{L}\\p{N}_]+) (?<c>[^\\n]*)',
      comment: 'two\nlines',
      sheetName: 'Sheet A',
      maxResults: 5,
      onlyMatching: true,
      unique: true,
      fullScan: true,
      multiline: true,
      rsDelimiter: '^X::-$',
      jsRsDelimiter: '^X::-(?=\\n?$)',
      fieldList: ['a', 'b', 'c', 'ab'],
      mergeFields: [{ sourceColumns: ['a', 'b'], destColumn: 'ab' }],
      showMissing: true,
      sysFilter: [{ attr: 'os_family', comp: 'eq', value: 'Linux' }],
    });
  });

  it('forces only_matching when field_list is non-empty, with or without global (Q3 fixed)', async () => {
    const s = await only("s1:\n  regex: '(?P<a>x)'\n  field_list: [a]\n  only_matching: false\n");
    expect(s.onlyMatching).toBe(true);
    const empty = await only("s1:\n  regex: 'x'\n  field_list: []\n");
    expect(empty.onlyMatching).toBe(false);
  });

  it('coerces values the way pydantic lax mode does', async () => {
    const s = await only(
      [
        's1:',
        "  regex: 'x'",
        "  max_results: '10'",
        '  unique: y', // PyYAML: the string 'y'; pydantic: true
        "  full_scan: 'off'",
        '  only_matching: 1',
        '  show_missing: 0',
        '  comment: ~',
      ].join('\n'),
    );
    expect(s).toMatchObject({ maxResults: 10, unique: true, fullScan: false, onlyMatching: true, showMissing: false, comment: null });
    expect((await only("s1:\n  regex: 'x'\n  max_results: 2.0\n")).maxResults).toBe(2);
    expect((await only("s1:\n  regex: 'x'\n  max_results: 0x10\n")).maxResults).toBe(16);
  });

  it('rejects wrong types with the option, search and position', async () => {
    const problems = await problemsOf(
      [
        's1:',
        '  regex: 123',
        '  excel_sheet_name: 1234',
        '  max_results: 2.5',
        '  unique: maybe',
        '  only_matching: 2',
        '  field_list: a',
        's2:',
        "  regex: 'x'",
        '  excel_sheet_name: null',
        '  multiline: ~',
        "  max_results: 'ten'",
        '  field_list: [a, 5]',
      ].join('\n'),
    );
    expect(problems.map((p) => [p.search, p.line, p.column, p.message])).toEqual([
      ['s1', 2, 10, "regex: Input should be a valid string, got 123 (int)"],
      ['s1', 3, 21, 'excel_sheet_name: Input should be a valid string, got 1234 (int)'],
      ['s1', 4, 16, 'max_results: Input should be a valid integer (it has a fractional part), got 2.5 (float)'],
      ['s1', 5, 11, "unique: Input should be a valid boolean, unable to interpret input, got 'maybe'"],
      ['s1', 6, 18, 'only_matching: Input should be a valid boolean, got 2 (int)'],
      ['s1', 7, 15, "field_list: Input should be a valid list, got 'a'"],
      ['s2', 10, 21, 'excel_sheet_name: Input should be a valid string, got None (NoneType)'],
      ['s2', 11, 14, 'multiline: Input should be a valid boolean, got None (NoneType)'],
      ['s2', 12, 16, "max_results: Input should be a valid integer, unable to parse string as an integer, got 'ten'"],
      ['s2', 13, 19, 'field_list[1]: Input should be a valid string, got 5 (int)'],
    ]);
  });

  it('requires regex', async () => {
    const [p] = await problemsOf('s1:\n  comment: no regex\n');
    expect(p).toMatchObject({ search: 's1', line: 2, message: 'regex: Field required' });
  });
});

describe('validation rules (SPEC §3.4)', () => {
  const cases: [string, string, string][] = [
    ['max_results 0', "  regex: 'x'\n  max_results: 0", 'max_results: max_results must be -1 (unlimited) or a positive integer, got 0'],
    ['max_results -2', "  regex: 'x'\n  max_results: -2", 'max_results must be -1 (unlimited) or a positive integer, got -2'],
    ['rs_delimiter without field_list', "  regex: 'x'\n  multiline: true\n  rs_delimiter: '^-$'", 'rs_delimiter can only be used when field_list is specified'],
    [
      'rs_delimiter without multiline',
      "  regex: '(?P<a>x)'\n  field_list: [a]\n  rs_delimiter: '^-$'",
      'rs_delimiter: rs_delimiter can only be used with multiline=True',
    ],
    [
      'rs_delimiter invalid',
      "  regex: '(?P<a>x)'\n  field_list: [a]\n  multiline: true\n  rs_delimiter: '^(-$'",
      'Invalid rs_delimiter pattern: missing ), unterminated subpattern at position 1',
    ],
    ['multiline without field_list', "  regex: 'x'\n  multiline: true", 'multiline: multiline can only be used when field_list is specified'],
    [
      'merge_fields with one source',
      "  regex: 'x'\n  merge_fields:\n    - source_columns: [a]\n      dest_column: b",
      'merge_fields[0].source_columns: merge_fields must specify at least two source_columns',
    ],
    ['merge_fields without dest', "  regex: 'x'\n  merge_fields:\n    - source_columns: [a, b]", 'merge_fields[0].dest_column: Field required'],
    [
      "sys_filter 'in' with a scalar",
      "  regex: 'x'\n  sys_filter:\n    - {attr: os_family, comp: in, value: Linux}",
      "sys_filter[0].value: 'in' operator requires a list or set value",
    ],
    [
      "sys_filter 'ge' with a list",
      "  regex: 'x'\n  sys_filter:\n    - {attr: producer_version, comp: ge, value: [a]}",
      "sys_filter[0].value: 'ge' operator cannot be used with list or set values",
    ],
    [
      'sys_filter unknown comp',
      "  regex: 'x'\n  sys_filter:\n    - {attr: os_family, comp: contains, value: Linux}",
      "sys_filter[0].comp: Input should be 'eq', 'gt', 'lt', 'ge', 'le' or 'in', got 'contains'",
    ],
    [
      'sys_filter unknown attr',
      "  regex: 'x'\n  sys_filter:\n    - {attr: hostname, comp: eq, value: a}",
      "sys_filter[0].attr: Input should be 'os_family', 'distro_family', 'producer', 'producer_version', 'product_name', 'release_id', 'current_build', 'ubr', 'os_pretty_name' or 'os_version', got 'hostname'",
    ],
    ['sys_filter as a mapping', "  regex: 'x'\n  sys_filter:\n    attr: os_family", 'sys_filter: Input should be a valid list, got a mapping'],
    ['sys_filter missing value', "  regex: 'x'\n  sys_filter:\n    - {attr: os_family, comp: eq}", 'sys_filter[0].value: Field required'],
    ['sys_filter null value', "  regex: 'x'\n  sys_filter:\n    - {attr: os_family, comp: eq, value: ~}", 'sys_filter[0].value: Input should be a string, a number or a list'],
    ['invalid regex', "  regex: '(?P<a>x'", 'Invalid regex pattern: missing ), unterminated subpattern at position 0'],
    ['untranslatable regex', "  regex: '(?i)x'", 'Invalid regex pattern: inline flags (?i) are not supported at position 0'],
  ];
  it.each(cases)('%s', async (_label, body, message) => {
    const problems = await problemsOf(`first:\n  regex: 'ok'\nbad_search:\n${body}\n`);
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatchObject({ search: 'bad_search' });
    expect(problems[0]?.line).toBeGreaterThanOrEqual(4);
    expect(problems.map((p) => p.message).join('\n')).toContain(message);
  });

  it('accepts enum values in any case and keeps filter value types', async () => {
    const s = await only(
      [
        's1:',
        "  regex: 'x'",
        '  sys_filter:',
        '    - {attr: OS_FAMILY, comp: EQ, value: Linux}',
        '    - {attr: producer_version, comp: ge, value: "0.6.18"}',
        '    - {attr: current_build, comp: gt, value: 19044}',
        '    - {attr: ubr, comp: eq, value: yes}',
        '    - {attr: release_id, comp: eq, value: 1.0}',
        '    - {attr: distro_family, comp: in, value: [deb, rpm, 7, on]}',
      ].join('\n'),
    );
    expect(s.sysFilter).toEqual([
      { attr: 'os_family', comp: 'eq', value: 'Linux' },
      { attr: 'producer_version', comp: 'ge', value: '0.6.18' },
      { attr: 'current_build', comp: 'gt', value: 19044 },
      { attr: 'ubr', comp: 'eq', value: 1 },
      { attr: 'release_id', comp: 'eq', value: '1.0' },
      { attr: 'distro_family', comp: 'in', value: ['deb', 'rpm', 7, 'True'] },
    ]);
  });

  it('treats an empty rs_delimiter as none', async () => {
    const s = await only("s1:\n  regex: '(?P<a>x)'\n  field_list: [a]\n  multiline: true\n  rs_delimiter: ''\n");
    expect(s.rsDelimiter).toBeNull();
    expect(s.jsRsDelimiter).toBeNull();
  });
});

describe('global (SPEC §3.5)', () => {
  it('concatenates sys_filter global-first and fills unset options', async () => {
    const set = await load(
      [
        'plain:',
        "  regex: 'a'",
        'global:',
        '  sys_filter:',
        '    - {attr: os_family, comp: eq, value: Linux}',
        '  max_results: 3',
        '  only_matching: true',
        '  unique: true',
        '  full_scan: true',
        'local:',
        "  regex: 'b'",
        '  max_results: -1',
        '  only_matching: false',
        '  unique: false',
        '  full_scan: false',
        '  sys_filter:',
        '    - {attr: distro_family, comp: eq, value: rpm}',
        'limited:',
        "  regex: 'c'",
        '  max_results: 7',
      ].join('\n'),
    );
    const [plain, local, limited] = set.searches;
    expect(plain).toMatchObject({ maxResults: 3, onlyMatching: true, unique: true, fullScan: true });
    expect(plain?.sysFilter).toEqual([{ attr: 'os_family', comp: 'eq', value: 'Linux' }]);
    // An explicit local -1 / false cannot override the global value.
    expect(local).toMatchObject({ maxResults: 3, onlyMatching: true, unique: true, fullScan: true });
    expect(local?.sysFilter).toEqual([
      { attr: 'os_family', comp: 'eq', value: 'Linux' },
      { attr: 'distro_family', comp: 'eq', value: 'rpm' },
    ]);
    expect(limited?.maxResults).toBe(7);
  });

  it('applies only to the searches of its own file', async () => {
    const set = await load("include_x:\n  files: [other.yaml]\nglobal:\n  max_results: 2\nmine:\n  regex: 'a'\n", {
      'other.yaml': "theirs:\n  regex: 'b'\n",
    });
    expect(set.searches.map((s) => [s.name, s.maxResults])).toEqual([
      ['mine', 2],
      ['theirs', -1],
    ]);
  });

  it('reports bad global values once, at the global', async () => {
    const problems = await problemsOf("global:\n  max_results: 0\n  unique: perhaps\ns1:\n  regex: 'a'\n");
    expect(problems.map((p) => [p.search, p.line, p.message])).toEqual([
      ['global', 2, 'max_results: max_results must be -1 (unlimited) or a positive integer, got 0'],
      ['global', 3, "unique: Input should be a valid boolean, unable to interpret input, got 'perhaps'"],
    ]);
  });

  it('rejects an empty global', async () => {
    const [p] = await problemsOf("global:\ns1:\n  regex: 'a'\n");
    expect(p).toMatchObject({ search: 'global', line: 1, message: 'global must be a mapping of options, got None (NoneType)' });
  });
});

describe('include_* (SPEC §3.6)', () => {
  it('orders own searches first, then includes depth-first in include order', async () => {
    const set = await load(
      ["include_b:\n  files: [b.yaml]", "root1:\n  regex: 'r1'", "include_c:\n  files: [sub/c.yaml, d.yaml]", "root2:\n  regex: 'r2'"].join('\n'),
      {
        'b.yaml': "b1:\n  regex: 'b'\ninclude_e:\n  files: [e.yaml]\nb2:\n  regex: 'b'\n",
        'e.yaml': "e1:\n  regex: 'e'\n",
        'sub/c.yaml': "include_f:\n  files: [f.yaml]\nc1:\n  regex: 'c'\n",
        'sub/f.yaml': "f1:\n  regex: 'f'\n",
        'd.yaml': "d1:\n  regex: 'd'\n",
      },
    );
    expect(set.searches.map((s) => s.name)).toEqual(['root1', 'root2', 'b1', 'b2', 'e1', 'c1', 'f1', 'd1']);
    expect(set.searches.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(set.files.map((f) => path.relative(path.dirname(set.rootFile), f))).toEqual([
      'main.yaml',
      'b.yaml',
      'e.yaml',
      path.join('sub', 'c.yaml'),
      path.join('sub', 'f.yaml'),
      'd.yaml',
    ]);
    expect(set.searches[6]?.source.file).toBe(path.join(path.dirname(set.rootFile), 'sub', 'f.yaml'));
  });

  it('falls back to the library folder for includes not beside the including file', async () => {
    const library = writeFiles({ 'lib-topic.yaml': "lib1:\n  regex: 'l'\n" });
    const dir = writeFiles({ 'main.yaml': "include_lib:\n  files: [lib-topic.yaml]\nown:\n  regex: 'o'\n" });
    const set = await loadSearchSet(path.join(dir, 'main.yaml'), { libraryDir: library });
    expect(set.searches.map((s) => s.name)).toEqual(['own', 'lib1']);
    expect(set.files[1]).toBe(path.join(library, 'lib-topic.yaml'));
  });

  it('names the including file and line for a missing include', async () => {
    const dir = writeFiles({ 'main.yaml': "s1:\n  regex: 'a'\ninclude_x:\n  files:\n    - present.yaml\n    - missing.yaml\n", 'present.yaml': "p:\n  regex: 'p'\n" });
    const problems = await problemsAt(path.join(dir, 'main.yaml'));
    expect(problems).toEqual([
      {
        file: path.join(dir, 'main.yaml'),
        line: 6,
        column: 7,
        search: 'include_x',
        message: `Include file not found: missing.yaml (looked for ${path.join(dir, 'missing.yaml')})`,
      },
    ]);
  });

  it('reports an include cycle with the chain', async () => {
    const dir = writeFiles({
      'main.yaml': "include_a:\n  files: [a.yaml]\n",
      'a.yaml': "a1:\n  regex: 'a'\ninclude_b:\n  files: [b.yaml]\n",
      'b.yaml': "include_a:\n  files:\n    - a.yaml\n",
    });
    const problems = await problemsAt(path.join(dir, 'main.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, 'b.yaml'), line: 3, column: 7, search: 'include_a' });
    expect(problems[0]?.message).toBe(`Include cycle: ${path.join(dir, 'a.yaml')} → ${path.join(dir, 'b.yaml')} → ${path.join(dir, 'a.yaml')}`);
  });

  it('reports a self-include as a cycle', async () => {
    const [p] = await problemsOf("s:\n  regex: 'a'\ninclude_me:\n  files: [main.yaml]\n");
    expect(p?.message).toMatch(/^Include cycle: .*main\.yaml → .*main\.yaml$/);
  });

  it('loads a file included twice twice, and warns about the repeated names', async () => {
    const set = await load('include_x:\n  files: [t.yaml, t.yaml]\n', { 't.yaml': "t1:\n  regex: 't'\n" });
    expect(set.searches.map((s) => [s.name, s.index])).toEqual([
      ['t1', 0],
      ['t1', 1],
    ]);
    expect(set.warnings.some((w) => w.includes("search name 't1' is used 2 times"))).toBe(true);
  });

  it('validates the include section', async () => {
    const problems = await problemsOf('include_a:\n  file: [x.yaml]\ninclude_b:\n  files: x.yaml\ninclude_c:\n  files: [1]\n');
    expect(problems.map((p) => [p.search, p.line, p.message])).toEqual([
      ['include_a', 2, 'files: Field required'],
      ['include_b', 4, "files: Input should be a valid list, got 'x.yaml'"],
      ['include_c', 6, 'files[0]: Input should be a valid string, got 1 (int)'],
    ]);
  });
});

describe('YAML dialect (SPEC §3.1)', () => {
  it('keeps the last of duplicate keys at the position of the first, with a warning', async () => {
    const set = await load("a:\n  regex: 'first'\nb:\n  regex: 'b'\na:\n  regex: 'second'\n  regex: 'third'\n");
    expect(set.searches.map((s) => [s.name, s.regex, s.source.line])).toEqual([
      ['a', 'third', 5],
      ['b', 'b', 3],
    ]);
    expect(set.warnings.filter((w) => w.includes('duplicate key'))).toHaveLength(2);
  });

  it('expands anchors, aliases and merge keys like PyYAML', async () => {
    const set = await load(
      [
        'base: &base',
        "  regex: 'base'",
        '  unique: true',
        '  max_results: 4',
        'derived:',
        '  <<: *base',
        "  regex: 'derived'",
        'copy: *base',
      ].join('\n'),
    );
    expect(set.searches.map((s) => [s.name, s.regex, s.unique, s.maxResults])).toEqual([
      ['base', 'base', true, 4],
      ['derived', 'derived', true, 4],
      ['copy', 'base', true, 4],
    ]);
  });


  it('loads a set whose included file needs the full YAML parser, in include order', async () => {
    // main.yaml and last.yaml are plain block style (the fast reader); anchors.yaml is not.
    const set = await load(['first:', "  regex: 'a'", 'include_more:', '  files:', '    - anchors.yaml', '    - last.yaml'].join('\n'), {
      'anchors.yaml': ['one: &x', "  regex: 'b'", 'two: {regex: c, unique: yes}', 'three: *x'].join('\n'),
      'last.yaml': "four:\n  regex: 'd'\n",
    });
    expect(set.searches.map((s) => [s.name, s.regex, s.unique])).toEqual([
      ['first', 'a', false],
      ['one', 'b', false],
      ['two', 'c', true],
      ['three', 'b', false],
      ['four', 'd', false],
    ]);
  });
  it('honours explicit core tags', async () => {
    expect((await only("'1234':\n  regex: 'x'\n  excel_sheet_name: !!str 1234\n")).sheetName).toBe('1234');
    const [p] = await problemsOf("s:\n  regex: 'x'\n  comment: !custom hi\n");
    expect(p?.message).toBe("could not determine a constructor for the tag '!custom'");
  });

  it('reports syntax errors with file, line and column', async () => {
    const dir = writeFiles({ 'main.yaml': "s1:\n  regex: 'a'\ns2:\n  regex: \"unterminated\n" });
    const file = path.join(dir, 'main.yaml');
    const problems = await problemsAt(file);
    expect(problems[0]).toMatchObject({ file, line: 5, column: 1, search: null });
    expect(problems[0]?.message).toMatch(new RegExp(`^Invalid YAML syntax in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: Missing closing "quote`));
  });

  it('reports a bad indentation at its line', async () => {
    const problems = await problemsOf("s1:\n  regex: 'a'\n   comment: x\n");
    expect(problems[0]?.line).toBe(3);
    expect(problems[0]?.message).toContain('Invalid YAML syntax');
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments', '# nothing\n\n'],
    ['a null document', '~\n'],
  ])('rejects %s', async (_label, text) => {
    const dir = writeFiles({ 'main.yaml': text });
    const file = path.join(dir, 'main.yaml');
    expect(await problemsAt(file)).toEqual([{ file, line: null, column: null, search: null, message: `Empty YAML file: ${file}` }]);
  });

  it('rejects a top level that is not a mapping', async () => {
    const [p] = await problemsOf('- a\n- b\n');
    expect(p).toMatchObject({ line: 1, column: 1, message: 'the top level of a search file must be a mapping of search names to options, got a list' });
  });

  it('rejects a search that is not a mapping, and a non-string search name', async () => {
    const problems = await problemsOf("s1: just text\n1234:\n  regex: 'a'\n");
    expect(problems.map((p) => [p.search, p.line, p.column, p.message])).toEqual([
      ['s1', 1, 5, "a search must be a mapping of options, got 'just text'"],
      ['1234', 2, 1, 'a search name must be a string, got 1234; quote it'],
    ]);
  });

  it('accepts a UTF-8 BOM and UTF-16 with a BOM, like PyYAML', async () => {
    expect((await load("\uFEFFs1:\n  regex: 'a'\n")).searches).toHaveLength(1);
    const text = "s1:\n  regex: 'é'\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    for (const bytes of [le, Buffer.concat([Buffer.from([0xfe, 0xff]), be])]) {
      const dir = writeFiles({});
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'main.yaml'), bytes);
      expect((await loadSearchSet(path.join(dir, 'main.yaml'))).searches[0]?.regex).toBe('é');
    }
  });

  it('rejects bytes that are not UTF-8 instead of guessing', async () => {
    const dir = writeFiles({});
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'main.yaml');
    writeFileSync(file, Buffer.from("s1:\n  regex: 'caf\xe9'\n", 'latin1'));
    expect(await problemsAt(file)).toEqual([
      { file, line: null, column: null, search: null, message: `${file} is not valid UTF-8 (or UTF-16 with a byte order mark)` },
    ]);
  });
});

describe('problems and warnings', () => {
  it('collects every problem of the file set, across files', async () => {
    const dir = writeFiles({
      'main.yaml': "ok:\n  regex: 'a'\nbad1:\n  regex: '(x'\ninclude_x:\n  files: [other.yaml, gone.yaml]\n",
      'other.yaml': "bad2:\n  regex: 'a'\n  max_results: 0\nbad3: [1]\n",
    });
    const problems = await problemsAt(path.join(dir, 'main.yaml'));
    expect(problems.map((p) => [path.basename(p.file), p.line, p.search])).toEqual([
      ['main.yaml', 4, 'bad1'],
      ['other.yaml', 3, 'bad2'],
      ['other.yaml', 4, 'bad3'],
      ['main.yaml', 6, 'include_x'],
    ]);
  });

  it('formats the error message as file:line:col: [search] message, one per line', async () => {
    const dir = writeFiles({ 'main.yaml': "s1:\n  regex: '(?P=x)'\n" });
    const file = path.join(dir, 'main.yaml');
    let error: unknown;
    await loadSearchSet(file).catch((err: unknown) => {
      error = err;
    });
    expect(error).toBeInstanceOf(ConfigLoadError);
    expect((error as Error).message).toBe(
      `${file}:2:10: [s1] Invalid regex pattern: named back-reference (?P=name) is not supported at position 0`,
    );
    expect(formatProblem({ file: 'f.yaml', line: null, column: null, search: null, message: 'm' })).toBe('f.yaml: m');
  });

  it('reports a missing root file', async () => {
    const file = path.join(tmpRoot, 'nope.yaml');
    const [p] = await problemsAt(file);
    expect(p).toMatchObject({ file, line: null, search: null });
    expect(p?.message).toContain(`Cannot read configuration file ${file}`);
  });

  it('warns about unknown options (with a suggestion), but not about keywords', async () => {
    const set = await load("s1:\n  regex: 'a'\n  maxResults: 3\n  colour: red\n  keywords: [a]\nglobal:\n  sysFilter: []\n");
    const main = path.join(path.dirname(set.rootFile), 'main.yaml');
    expect(set.warnings).toEqual([
      `${main}:3:3: [s1] unknown option 'maxResults' ignored (did you mean 'max_results'?)`,
      `${main}:4:3: [s1] unknown option 'colour' ignored`,
      `${main}:7:3: [global] unknown option 'sysFilter' ignored (did you mean 'sys_filter'?)`,
    ]);
    expect(set.searches[0]?.maxResults).toBe(-1);
  });
});

describe('field warnings', () => {
  it('warns about field_list entries that are not groups and merge sources outside field_list', async () => {
    const set = await load(
      "s1:\n  regex: '(?P<a>x)(?P<b>y)'\n  field_list: [a, b, c]\n  merge_fields:\n    - source_columns: [a, d]\n      dest_column: m\n",
    );
    expect(set.searches).toHaveLength(1);
    expect(set.warnings.map((w) => w.slice(w.indexOf('main.yaml')))).toEqual([
      "main.yaml:3:22: [s1] field_list entry 'c' is not a named group of the regex; its column stays empty",
      "main.yaml:5:7: [s1] merge_fields source column 'd' is not in field_list",
    ]);
  });
});

describe('format (PowerShell lists and tables, our extension)', () => {
  it('loads list and table in any case; field_list names properties, so no group warnings and no only_matching', async () => {
    const set = await load(
      "users:\n  regex: '^User_List::'\n  format: Table\n  field_list: [Name, Enabled]\n  expect:\n    check: enabled\n    field: Enabled\n    in: ['True']\n" +
        "members:\n  regex: '^Group_Admins-.*-ADAC::'\n  format: list\n  expect:\n    check: section known\n    field: Section\n    matches: '^Group_Admins-'\n",
    );
    expect(set.searches.map((s) => [s.name, s.format, s.onlyMatching, s.fieldList])).toEqual([
      ['users', 'table', false, ['Name', 'Enabled']],
      ['members', 'list', false, []],
    ]);
    expect(set.warnings).toEqual([]);
  });

  it('leaves searches without format as they were', async () => {
    const s = await only("s1:\n  regex: '(?P<a>x)'\n  field_list: [a]\n");
    expect([s.format, s.onlyMatching]).toEqual([null, true]);
  });

  it('keeps a global only_matching away from format searches', async () => {
    const set = await load("global:\n  only_matching: true\nt:\n  regex: '^GPOs_List::'\n  format: table\nl:\n  regex: 'x'\n");
    expect(set.searches.map((s) => s.onlyMatching)).toEqual([false, true]);
  });

  const cases: [string, string, string, number][] = [
    ['an unknown format', "  regex: 'x'\n  format: csv", "format: Input should be 'list' or 'table', got 'csv'", 5],
    ['a format that is not a string', "  regex: 'x'\n  format: 3", "format: Input should be 'list' or 'table', got 3", 5],
    ['format with multiline', "  regex: '(?P<a>x)'\n  field_list: [a]\n  multiline: true\n  format: list", 'multiline: cannot be combined with format: list', 6],
    ['format with only_matching', "  regex: 'x'\n  only_matching: true\n  format: table", 'only_matching: cannot be combined with format: table', 5],
    ['format with rs_delimiter', "  regex: '(?P<a>x)'\n  field_list: [a]\n  rs_delimiter: '^$'\n  format: list", 'rs_delimiter: cannot be combined with format: list', 6],
    ['an expect field the rows cannot have', "  regex: 'x'\n  format: list\n  field_list: [Name]\n  expect:\n    check: c\n    field: SID\n    rows: present", 'SID', 9],
  ];
  it.each(cases)('%s is an error with file, line and search', async (_label, body, message, line) => {
    const dir = writeFiles({ 'main.yaml': `first:\n  regex: 'ok'\nbad_search:\n${body}\n` });
    const problems = await problemsAt(path.join(dir, 'main.yaml'));
    const p = problems.find((q) => q.message.includes(message));
    expect(p, problems.map(formatProblem).join('\n')).toMatchObject({ search: 'bad_search', line });
    expect(formatProblem(p as ConfigProblem)).toContain(`main.yaml:${line}:`);
  });
});

describe('resolveConfigPath', () => {
  const library = writeFiles({ 'linux.yaml': '', 'audit-all.yaml': '', 'sub/x.yaml': '' });
  const cwd = writeFiles({ 'mine.yaml': '', 'linux': '' });

  it('prefers an existing path, absolute or relative to the CWD', () => {
    expect(resolveConfigPath('mine.yaml', { cwd, libraryDir: library })).toBe(path.join(cwd, 'mine.yaml'));
    expect(resolveConfigPath(path.join(library, 'sub/x.yaml'), { cwd, libraryDir: null })).toBe(path.join(library, 'sub/x.yaml'));
    // A file named 'linux' in the CWD wins over the library's linux.yaml.
    expect(resolveConfigPath('linux', { cwd, libraryDir: library })).toBe(path.join(cwd, 'linux'));
  });

  it('falls back to built-in names, with or without .yaml', () => {
    const elsewhere = writeFiles({ 'unrelated.txt': '' });
    expect(resolveConfigPath('linux', { cwd: elsewhere, libraryDir: library })).toBe(path.join(library, 'linux.yaml'));
    expect(resolveConfigPath('audit-all.yaml', { cwd: elsewhere, libraryDir: library })).toBe(path.join(library, 'audit-all.yaml'));
    expect(resolveConfigPath('sub/x', { cwd: elsewhere, libraryDir: library })).toBe(path.join(library, 'sub', 'x.yaml'));
  });

  it('returns null when nothing exists', () => {
    expect(resolveConfigPath('windows', { cwd, libraryDir: library })).toBeNull();
    expect(resolveConfigPath('linux', { cwd: tmpRoot, libraryDir: null })).toBeNull();
    expect(resolveConfigPath('sub', { cwd: library, libraryDir: library })).toBeNull();
  });
});

describe('loading again in the same process (parse and translation caches)', () => {
  it('gives the same search set, and changed files are read anew', async () => {
    const dir = writeFiles({
      'main.yaml': "s1:\n  regex: '(?P<a>\\w+)'\n  field_list: [a]\n  multiline: true\n  rs_delimiter: '^--'\ninclude_x:\n  files: [inc.yaml]\n",
      'inc.yaml': "s2:\n  regex: 'b'\ns2:\n  regex: 'c'\n",
    });
    const file = path.join(dir, 'main.yaml');
    const first = await loadSearchSet(file);
    expect(await loadSearchSet(file)).toEqual(first);
    expect(first.warnings).toHaveLength(1);

    writeFileSync(path.join(dir, 'inc.yaml'), "s2:\n  regex: 'd'\n");
    const changed = await loadSearchSet(file);
    expect(changed.searches.map((s) => s.jsRegex)).toEqual([first.searches[0]?.jsRegex, 'd']);
    expect(changed.warnings).toEqual([]);
  });

  it('reports an invalid pattern on every load', async () => {
    const dir = writeFiles({ 'main.yaml': "s1:\n  regex: 'a'\ns2:\n  regex: '(?P<a>x'\n" });
    const file = path.join(dir, 'main.yaml');
    const first = await problemsAt(file);
    expect(first.map(formatProblem)).toEqual([`${file}:4:10: [s2] Invalid regex pattern: missing ), unterminated subpattern at position 0`]);
    expect(await problemsAt(file)).toEqual(first);
  });
});

describe('hostile search files: every error short, named by file and line, nothing read from outside', () => {
  /** Everything the load would print: the one message of the error. */
  const errorText = async (file: string): Promise<string> => new ConfigLoadError(await problemsAt(file)).message;

  it('never echoes a 50 MB scalar whole', async () => {
    const huge = 'x'.repeat(50 * 1024 * 1024);
    const dir = writeFiles({ 'main.yaml': `s1:\n  regex: 'a'\n  max_results: '${huge}'\n` });
    const text = await errorText(path.join(dir, 'main.yaml'));
    expect(text).toMatch(/main\.yaml:3:\d+: \[s1\] max_results/);
    expect(text.length).toBeLessThan(1000);
  });

  it('refuses a regex longer than the pattern limit, before compiling it', async () => {
    const dir = writeFiles({ 'main.yaml': `big:\n  regex: '${'a'.repeat(51 * 1024 * 1024)}'\nsmall:\n  regex: 'b'\n` });
    const problems = await problemsAt(path.join(dir, 'main.yaml'));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 2, search: 'big' });
    expect(problems[0]?.message).toMatch(/regex is 53,477,376 characters long; at most [\d,]+ are accepted/);
    expect(formatProblem(problems[0] as ConfigProblem).length).toBeLessThan(300);
  });

  it('fails YAML nested 2,000 levels deep with its file and line, not a stack overflow', async () => {
    // Just past the limit: refused where the 101st level starts (the file's top level is the first) (both parsers' depth checks).
    const past = `s1:\n  regex: 'a'\n  comment:\n${Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 2)}k:`).join('\n')} 1\n`;
    expect(await problemsAt(path.join(writeFiles({ 'main.yaml': past }), 'main.yaml'))).toMatchObject([{ line: 102, column: 201, message: expect.stringMatching(/more than 100 levels/) }]);
    const depth = 2000;
    const flow = `s1:\n  regex: 'a'\n  comment: ${'['.repeat(depth)}1${']'.repeat(depth)}\n`;
    const block = `s1:\n  regex: 'a'\n  comment:\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i + 2)}k:`).join('\n')} 1\n`;
    for (const yaml of [flow, block]) {
      const dir = writeFiles({ 'main.yaml': yaml });
      const text = await errorText(path.join(dir, 'main.yaml'));
      expect(text).not.toMatch(/call stack/i);
      expect(text).toMatch(/^\S+main\.yaml:\d+:\d+: mappings and lists are nested more than 100 levels deep here/);
    }
  });

  it('refuses includes outside the set’s own folder tree and the built-in library, without reading them', async () => {
    const lib = writeFiles({ 'lib-topic.yaml': "lib1:\n  regex: 'l'\n" });
    const outside = writeFiles({ 'elsewhere.yaml': "e1:\n  regex: 'e'\n" });
    const dir = writeFiles({
      'set/main.yaml': [
        'include_a:',
        '  files:',
        '    - /proc/self/environ',
        '    - /etc/passwd',
        `    - ../../${path.basename(outside)}/elsewhere.yaml`,
        `    - ${path.join(outside, 'elsewhere.yaml')}`,
        '    - sub/ok.yaml',
        '    - lib-topic.yaml',
        '    - link.yaml',
      ].join('\n'),
      'set/sub/ok.yaml': "ok1:\n  regex: 'o'\n",
    });
    symlinkSync(path.join(outside, 'elsewhere.yaml'), path.join(dir, 'set', 'link.yaml'));
    const problems = await problemsAt(path.join(dir, 'set', 'main.yaml'), { libraryDir: lib });
    expect(problems.map((p) => [p.line, p.search])).toEqual([
      [3, 'include_a'],
      [4, 'include_a'],
      [5, 'include_a'],
      [6, 'include_a'],
      [9, 'include_a'],
    ]);
    for (const p of problems) expect(p.message).toMatch(/outside the search set's folder .* and the built-in library/);
    const text = new ConfigLoadError(problems).message;
    expect(text).not.toContain('root:x:0');
    expect(text).not.toContain('PATH=');
  });

  it('quotes a file that is not YAML only in a short, printable excerpt', async () => {
    const secretish = `root:x:0:0:root:/root:/bin/bash\n${'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n'.repeat(200)}`;
    const env = `PATH=/usr/bin\0HOME=/root\0SECRET=${'s'.repeat(5000)}\0\x1b[31mred`;
    for (const body of [secretish, env]) {
      const dir = writeFiles({ 'main.yaml': 'include_a:\n  files: [notes.txt]\n', 'notes.txt': body });
      const text = await errorText(path.join(dir, 'main.yaml'));
      expect(text).toContain('notes.txt');
      expect(text.length).toBeLessThan(600);
      expect(text).not.toContain('daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\ndaemon');
      expect(text).not.toMatch(/[\0\x1b]/);
    }
  });
});
