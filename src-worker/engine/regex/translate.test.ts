import { describe, expect, it } from 'vitest';
import { checkJavaScriptSyntax, compilePythonRegex, RegexTranslationError, syntaxCheckSource, translatePythonRegex } from './translate';

const SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const WORD = '[\\p{L}\\p{N}_]';

describe('translatePythonRegex: construct by construct', () => {
  const table: [string, string][] = [
    ['(?P<name>a)', '(?<name>a)'],
    ['(?:a)(?=b)(?!c)(?<=d)(?<!e)', '(?:a)(?=b)(?!c)(?<=d)(?<!e)'],
    ['a$', 'a(?=\\n?$)'],
    ['[$]', '[$]'],
    ['a.b', 'a[^\\n]b'],
    ['[.]', '[.]'],
    ['\\s', `[${SPACE}]`],
    ['\\S', `[^${SPACE}]`],
    ['[\\s,]', `[${SPACE},]`],
    ['\\w', WORD],
    ['\\W', '[^\\p{L}\\p{N}_]'],
    ['[\\w.]', '[\\p{L}\\p{N}_.]'],
    ['\\d', '\\p{Nd}'],
    ['\\D', '\\P{Nd}'],
    ['[\\d.]', '[\\p{Nd}.]'],
    ['[\\D]', '[\\P{Nd}]'],
    ['[a\\S]', `(?:[a]|[^${SPACE}])`],
    ['[^a\\W]', '(?:(?![a])[\\p{L}\\p{N}_])'],
    ['[^\\S\\W]', `(?:(?=[${SPACE}])[\\p{L}\\p{N}_])`],
    ['[\\,]', '[,]'],
    ['\\,', ','],
    ['\\-', '-'],
    ['[\\-]', '[\\-]'],
    ['\\#\\ \\:', '# :'],
    ['{', '\\{'],
    ['}', '\\}'],
    [']', '\\]'],
    ['{[a]}', '\\{[a]\\}'],
    ['x{}', 'x\\{\\}'],
    ['x{a}', 'x\\{a\\}'],
    ['x{1', 'x\\{1'],
    ['a{2}', 'a{2}'],
    ['a{2,}', 'a{2,}'],
    ['a{,2}', 'a{0,2}'],
    ['a{,}', 'a{0,}'],
    ['a{2,3}?', 'a{2,3}?'],
    ['a*?b+?c??', 'a*?b+?c??'],
    ['\\Aa\\Z', '^a$'],
    ['^a', '^a'],
    ['\\b', `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`],
    ['\\B', `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD})(?!^$))`],
    ['[\\b]', '[\\u{8}]'],
    ['\\x41\\u00e9\\U0001F600', 'Aé😀'],
    ['\\0\\012\\101', '\\u{0}\\u{a}A'],
    ['[\\101-\\132]', '[A-Z]'],
    ['\\n\\t\\r\\f\\v\\a', '\\u{a}\\u{9}\\u{d}\\u{c}\\u{b}\\u{7}'],
    ['\\\\', '\\\\'],
    ['\\.\\*\\(\\)\\[\\]\\+\\?\\|\\^\\$\\/', '\\.\\*\\(\\)\\[\\]\\+\\?\\|\\^\\$\\/'],
    ['/', '\\/'],
    ['[]a]', '[\\]a]'],
    ['[^]a]', '[^\\]a]'],
    ['[a-]', '[a\\-]'],
    ['[[]', '[\\[]'],
    ['[a^]', '[a\\^]'],
    ['[\\w+,-^]', '[\\p{L}\\p{N}_+,-\\^]'],
    ['(?=a){2}', '(?:(?=a)){2}'],
    ['(?=a)?', '(?:(?=a)|)'],
    ['(?P<c>.*)?', '(?:(?<c>[^\\n]*)|)'],
    ['(a|)??', '(?:|(a|))'],
    ['(a?){2}', '(a?){2}'],
    ['(a|b)*(c+)?', '(a|b)*(c+)?'],
    ['(?:(?P<a>x)y)+', '(?:(?<a>x)y)+'],
    ['(?P<n>(\\w+ )+)', '(?<n>([\\p{L}\\p{N}_]+ )+)'],
    ['(?:(?!(?P<a>x))y)+', '(?:(?!(?<a>x))y)+'],
    ['a(?#note)b', 'ab'],
    ['a(?#note)*', 'a*'],
    ['(a)|()', '(a)|()'],
  ];
  it.each(table)('%s → %s', (python, js) => {
    expect(translatePythonRegex(python)).toBe(js);
  });
});

describe('translatePythonRegex: rejects what it cannot translate faithfully', () => {
  const table: [string, RegExp, number][] = [
    ['(?P<a>x)(?P=a)', /named back-reference/, 8],
    ['(a)\\1', /back-reference \\1 is not supported/, 3],
    ['(a)\\12', /back-reference \\12 is not supported/, 3],
    ['(?i)a', /inline flags \(\?i\)/, 0],
    ['(?s:a)', /inline flags \(\?s:?\)?/, 0],
    ['(?x)a', /inline flags/, 0],
    ['(?-i:a)', /inline flags/, 0],
    ['(a)(?(1)b|c)', /conditional group/, 3],
    ['(?>a)', /atomic group/, 0],
    ['a*+', /possessive quantifier/, 2],
    ['a++', /possessive quantifier/, 2],
    ['a{2}+', /possessive quantifier/, 4],
    ['(?<a>x)', /unknown extension \?<a/, 1],
    ['(?P>a)', /unknown extension \?P>/, 1],
    ['(?Q)', /unknown extension \?Q/, 1],
    ['(?P<1a>x)', /bad character in group name '1a'/, 4],
    ['(?P<a-b>x)', /bad character in group name/, 4],
    ['(?P<>x)', /missing group name/, 4],
    ['(?P<a', /missing >, unterminated name/, 4],
    ['(?P<a>x)(?P<a>y)', /redefinition of group name 'a'/, 12],
    ['(a', /missing \), unterminated subpattern/, 0],
    ['a)', /unbalanced parenthesis/, 1],
    ['(?#abc', /unterminated comment/, 0],
    ['[a', /unterminated character set/, 0],
    ['[a-', /unterminated character set/, 0],
    ['*a', /nothing to repeat/, 0],
    ['a|*', /nothing to repeat/, 2],
    ['(*)', /nothing to repeat/, 1],
    ['^*', /nothing to repeat/, 1],
    ['$+', /nothing to repeat/, 1],
    ['\\b?', /nothing to repeat/, 2],
    ['a**', /multiple repeat/, 2],
    ['a{2}{3}', /multiple repeat/, 4],
    ['a*??', /multiple repeat/, 3],
    ['a{3,2}', /min repeat greater than max repeat/, 2],
    ['(a*)*', /repeating something that can match the empty string/, 4],
    ['(a*)+', /repeating something that can match the empty string/, 4],
    ['(?:|a)*', /repeating something that can match the empty string/, 6],
    ['(a?){2,3}', /repeating something that can match the empty string/, 4],
    ['(?=a)*', /repeating something that can match the empty string/, 5],
    ['(?:(?P<a>x)|y)+', /named group 'a' inside a repeated part may be skipped/, 14],
    ['(?:(?P<a>x)?y){2}', /named group 'a' inside a repeated part may be skipped/, 14],
    ['(?:(?:(?P<a>x)|y)z)*', /named group 'a' inside a repeated part may be skipped/, 19],
    ['\\q', /bad escape \\q/, 0],
    ['\\z', /bad escape \\z/, 0],
    ['[\\A]', /bad escape \\A/, 1],
    ['[\\8]', /bad escape \\8/, 1],
    ['\\', /bad escape \(end of pattern\)/, 0],
    ['\\x4', /incomplete escape \\x4/, 0],
    ['\\u12', /incomplete escape \\u12/, 0],
    ['\\U00110000', /bad escape \\U00110000/, 0],
    ['\\N{EM DASH}', /named Unicode escape/, 0],
    ['\\400', /octal escape value \\400 outside of range/, 0],
    ['[z-a]', /bad character range z-a/, 1],
    ['[\\w-z]', /bad character range \\w-z/, 1],
    ['[a-\\d]', /bad character range a-\\d/, 1],
  ];
  it.each(table)('%s', (python, message, offset) => {
    let error: unknown;
    try {
      translatePythonRegex(python);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RegexTranslationError);
    const e = error as RegexTranslationError;
    expect(e.message).toMatch(message);
    expect(e.offset).toBe(offset);
    expect(e.message).toContain(`at position ${offset}`);
  });
});

// Expected results computed with CPython 3.11 `re.search(pattern, subject, re.IGNORECASE)`:
// [pattern, subject, [match text, start] or null].
const PYTHON_VECTORS: [string, string, [string, number] | null][] = [
  ["(?P<name>ab)c", "xxABc", ["ABc", 2]],
  ["end$", "the end\n", ["end", 4]],
  ["end$", "the end", ["end", 4]],
  ["end$", "the end\n\n", null],
  ["^a.c", "a\rc", ["a\rc", 0]],
  ["^a.c", "a\nc", null],
  ["a.c", "a\u2028c", ["a\u2028c", 0]],
  ["x\\sy", "x\u001cy", ["x\u001cy", 0]],
  ["x\\sy", "x\u0085y", ["x\u0085y", 0]],
  ["x\\sy", "x\ufeffy", null],
  ["x\\sy", "x\u3000y", ["x\u3000y", 0]],
  ["x\\Sy", "x\ufeffy", ["x\ufeffy", 0]],
  ["x\\Sy", "x y", null],
  ["[\\s]+", "a\u001c\u001d b", ["\u001c\u001d ", 1]],
  ["\\w+", "h\u00e9llo w\u00f6rld", ["h\u00e9llo", 0]],
  ["\\w+", "\u216b\u0663_x", ["\u216b\u0663_x", 0]],
  ["[\\w]+", "\u00f1and\u00fa!", ["\u00f1and\u00fa", 0]],
  ["\\W", "abc-\u00e9", ["-", 3]],
  ["[^\\W]+", "--\u00e9t\u00e9--", ["\u00e9t\u00e9", 2]],
  ["[\\W\\d]+", "ab-1\u0663\u00e9", ["-1\u0663", 2]],
  ["\\d+", "x\u0663\u06645y", ["\u0663\u06645", 1]],
  ["[\\d]+", "x\u0663\u06645y", ["\u0663\u06645", 1]],
  ["\\D+", "12ab\u0663", ["ab", 2]],
  ["[\\D]+", "12ab\u0663", ["ab", 2]],
  ["[^\\S\\n]+", "a \t\nb", [" \t", 1]],
  ["[a\\S]+", "  xa b", ["xa", 2]],
  ["\\bfoo\\b", "\u00e9foo foo", ["foo", 5]],
  ["\\bfoo", "\u00e9foo", null],
  ["\\Bfoo", "\u00e9foo", ["foo", 1]],
  ["[-\\d\\*/\\,]+", "a*/5,10-2 x", ["*/5,10-2", 1]],
  [".*{[\\da-f:.% ,]+}", "DNS::x {10.0.0.1, fe80::1%3}", ["DNS::x {10.0.0.1, fe80::1%3}", 0]],
  ["(?P<k>{.*})\\s", "a {x-y} b", ["{x-y} ", 2]],
  ["a{2}b{1,}c{,2}d{2,3}?", "aabbbccddd", ["aabbbccdd", 0]],
  ["x{}y", "x{}y", ["x{}y", 0]],
  ["x{a}", "x{a}", ["x{a}", 0]],
  ["x{1", "x{1", ["x{1", 0]],
  ["a*?b", "aaab", ["aaab", 0]],
  ["(?:ab)+?", "ababab", ["ab", 0]],
  ["(?!foo)\\w+", "foo bar", ["oo", 1]],
  ["(?<=\\$)\\d+", "cost $42", ["42", 6]],
  ["(?<!x)y", "xy zy", ["y", 4]],
  ["(?=a)?b", "b", ["b", 0]],
  ["\\Aabc", "abc", ["abc", 0]],
  ["abc\\Z", "abc\n", null],
  ["abc\\Z", "xabc", ["abc", 1]],
  ["\\x41\\u00e9\\101\\0", "A\u00e9A\u0000", ["A\u00e9A\u0000", 0]],
  ["[\\x41-\\x43]+", "zABCD", ["ABC", 1]],
  ["\\,\\#\\ \\:", ",# :", [",# :", 0]],
  ["[\\w+,-^]+", "ab,c^d", ["ab,c^d", 0]],
  ["[*-+ ]x", "+x", ["+x", 0]],
  ["[A-Za-z0-9 -_]+", "Task Name_1", ["Task Name_1", 0]],
  ["a\\-b", "a-b", ["a-b", 0]],
  ["[]a]+", "a]a", ["a]a", 0]],
  ["[^]a]+", "a]bc", ["bc", 2]],
  ["[a-]+", "a-a", ["a-a", 0]],
  ["[\\b]", "x\b", ["\b", 1]],
  ["ab(?#comment)c", "abc", ["abc", 0]],
  ["(?P<a>x)|(?P<b>y)", "y", ["y", 0]],
  ["\u00e4", "\u00c4", ["\u00c4", 0]],
  ["[^a-z]", "ABC1", ["1", 3]],
  ["\\S+", "ab\u001cc", ["ab", 0]],
  ["[\\S]+", "ab\u001cc", ["ab", 0]],
  ["\\U0001F600", "\ud83d\ude00", ["\ud83d\ude00", 0]],
  [".", "\ud83d\ude00", ["\ud83d\ude00", 0]],
  [".{2}$", "x\ud83d\ude00\n", ["x\ud83d\ude00", 0]],
  ["\\]\\}", "]}", ["]}", 0]],
  ["a]b}c", "a]b}c", ["a]b}c", 0]],
  ["\\B", "", null],
  ["\\B", "ab", ["", 1]],
];

describe('translated patterns match like Python (IGNORECASE)', () => {
  it.each(PYTHON_VECTORS)('%j on %j', (pattern, subject, expected) => {
    const m = compilePythonRegex(pattern, true).exec(subject);
    expect(m === null ? null : [m[0], m.index]).toEqual(expected);
  });
});

// Python keeps the groups of an optional part that matched the empty string (''), JavaScript's `?`
// would drop them (undefined); the multiline engine tells the two apart (SPEC §4.7).
// [pattern, subject, groups] from CPython 3.11 with IGNORECASE.
const PYTHON_GROUPS: [string, string, (string | null)[]][] = [
  ['(?P<c>x.*)?(?P<d>.*)?$', 'x\n', ['x', '']],
  ['(a*)?b', 'b', ['']],
  ['(a|)??b', 'ab', ['a']],
  ['(?:(a*)x?)?b', 'b', ['']],
  ['(a?){2}b', 'ab', ['']],
  ['(?P<port>(pts/\\d+)|(tty\\d+))?\\s', ' ', [null, null, null]],
];

describe('optional groups keep empty captures like Python', () => {
  it.each(PYTHON_GROUPS)('%j on %j', (pattern, subject, groups) => {
    const m = compilePythonRegex(pattern, true).exec(subject);
    expect(m?.slice(1).map((g) => g ?? null)).toEqual(groups);
  });
});

describe('compilePythonRegex', () => {
  it('is case-insensitive only when asked', () => {
    expect(compilePythonRegex('^Users::-$', false).test('users::-\n')).toBe(false);
    expect(compilePythonRegex('^Users::-$', false).test('Users::-\n')).toBe(true);
    expect(compilePythonRegex('^Users::-$', true).test('users::-\n')).toBe(true);
    expect(compilePythonRegex('a', true).flags).toBe('iu');
    expect(compilePythonRegex('a', false).flags).toBe('u');
  });

  it('exposes named groups under their Python names', () => {
    const m = compilePythonRegex('KPNIXVERSION: (?P<kp_nix_version>\\d+\\.\\d+\\.\\d+)', true).exec('KPNIXVERSION: 0.6.16\n');
    expect(m?.groups).toEqual({ kp_nix_version: '0.6.16' });
  });

  it('lets \\s+ consume the line end, as the old tool relied on', () => {
    const m = compilePythonRegex('RecordName:\\s+(?P<userName>.*)', true).exec('Users_LocalUsers::RecordName:\n');
    expect(m?.groups?.['userName']).toBe('');
  });
});

describe('syntaxCheckSource: the cheap stand-in used to check translated patterns', () => {
  const accepts = (source: string): boolean => {
    try {
      new RegExp(source, 'iu');
      return true;
    } catch {
      return false;
    }
  };
  // Sources JavaScript rejects because of where a property escape stands, and look-alikes that are text.
  const sources = [
    '[\\p{L}-z]',
    '[a-\\p{Nd}]',
    '[\\P{Nd}-\\p{N}]',
    '\\p{L}{2,1}',
    '(\\p{L}',
    '\\p{L})',
    '[\\p{L}\\p{N}_]+',
    '(?<=\\p{L})(?!\\p{N})\\P{Nd}*',
    '\\\\p{L}',
    '[\\\\p{L}-z]',
    '[\\\\\\p{L}-z]',
    '\\p{Lu}',
    '\\p{Bogus}',
    '\\p{L',
    '\\p',
    '\\',
  ];
  it.each(sources)('%s is accepted exactly when the stand-in is', (source) => {
    expect(accepts(syntaxCheckSource(source))).toBe(accepts(source));
  });

  it('leaves no Unicode property escape the translator emits', () => {
    const source = translatePythonRegex('[\\w\\d]\\W\\D\\b\\B\\s\\S');
    expect(syntaxCheckSource(source)).not.toMatch(/\\[pP]\{/);
  });

  it('keeps escaped backslashes and text that only looks like a property escape', () => {
    expect(syntaxCheckSource('\\\\p{L}[\\\\p{N}]')).toBe('\\\\p{L}[\\\\p{N}]');
  });

  it('still rejects what JavaScript rejects, quoting the real source', () => {
    // No Python pattern translates into invalid JavaScript, so the check is driven directly.
    expect(() => checkJavaScriptSyntax('[\\p{L}-z]', 'x')).toThrow(RegexTranslationError);
    expect(() => checkJavaScriptSyntax('[\\p{L}-z]', 'x')).toThrow(/JavaScript rejected the translated pattern .*\\p\{L\}-z/);
    expect(() => checkJavaScriptSyntax('[\\p{L}\\p{N}_]-z', 'x')).not.toThrow();
  });
});
