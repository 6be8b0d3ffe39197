// Python `re` (str patterns) → JavaScript RegExp source for the `u` flag (plus `i` for search
// regexes). The translation follows the parser of CPython's sre_parse closely so that every
// pattern Python accepts either gets an equivalent JavaScript pattern or a RegexTranslationError;
// nothing is silently given a different meaning (SPEC §4.4).
//
// Beyond syntax, JavaScript repeats differently in two cases, so those are rejected too: a repeated
// part that can match the empty string (JS drops an empty repetition, Python keeps one), and a
// named group that some repetition may skip (JS clears it per repetition, Python keeps the old
// value). An optional part (`?`) is written as an alternation, which keeps Python's behaviour.
// Lookbehind is accepted as JavaScript has it (Python only allows fixed width).

/** A Python construct that has no faithful JavaScript equivalent, or a pattern Python rejects. */
export class RegexTranslationError extends Error {
  /** 0-based position in the Python pattern, counted in code points (as Python reports it). */
  readonly offset: number;
  /** The offending piece of the pattern, as written. */
  readonly construct: string;

  constructor(message: string, offset: number, construct: string) {
    super(`${message} at position ${offset}`);
    this.name = 'RegexTranslationError';
    this.offset = offset;
    this.construct = construct;
  }
}

// Python's str.isspace() set, which is what `\s` means for str patterns (differs from JS `\s`:
// Python adds \x1c-\x1f and \x85, JS adds U+FEFF).
const SPACE_SET = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
// Python `\w` for str patterns: str.isalnum() or '_' — exactly the L* and N* categories plus '_'.
const WORD_SET = '\\p{L}\\p{N}_';
const WORD = `[${WORD_SET}]`;
const DIGIT = '\\p{Nd}';
const NOT_DIGIT = '\\P{Nd}';

const DIGITS = '0123456789';
const OCT_DIGITS = '01234567';
const HEX_DIGITS = '0123456789abcdefABCDEF';
const ASCII_LETTERS = /^[A-Za-z]$/;
const SIMPLE_ESCAPES: Record<string, number> = { a: 0x07, f: 0x0c, n: 0x0a, r: 0x0d, t: 0x09, v: 0x0b, '\\': 0x5c };
// Characters that must stay escaped (or be escaped) to be literal in a `u`-mode pattern.
const JS_SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);
const JS_CLASS_SYNTAX = new Set(['\\', ']', '[', '^', '-']);
// Identifier rule for group names: Python requires str.isidentifier(); JS requires an
// IdentifierName. The intersection below is what both accept.
const GROUP_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;
const MAX_OCTAL = 0o377;

type Category = 'd' | 'D' | 's' | 'S' | 'w' | 'W';

type ClassItem =
  | { kind: 'char'; cp: number }
  | { kind: 'range'; lo: number; hi: number }
  /** A set spliced into the class body as is. */
  | { kind: 'set'; body: string }
  /** The complement of a set: cannot be spliced into a `u`-mode class, handled by alternation. */
  | { kind: 'notSet'; body: string };

type LastKind = 'none' | 'atom' | 'assert' | 'anchor' | 'quantified';

interface Repeat {
  /** JavaScript text of the quantifier (without a lazy `?`). */
  src: string;
  min: number;
  max: number;
}

/**
 * What repetition needs to know about a piece of pattern: whether it can match the empty string,
 * the named groups in it, and those of them that every successful match of the piece sets.
 */
interface Shape {
  nullable: boolean;
  named: ReadonlySet<string>;
  definite: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();
const EMPTY_SEQUENCE: Shape = { nullable: true, named: NONE, definite: NONE };
const CHAR_SHAPE: Shape = { nullable: false, named: NONE, definite: NONE };
const ZERO_WIDTH_SHAPE: Shape = { nullable: true, named: NONE, definite: NONE };

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0) return b;
  if (b.size === 0) return a;
  return new Set([...a, ...b]);
}

function concat(a: Shape, b: Shape): Shape {
  return { nullable: a.nullable && b.nullable, named: union(a.named, b.named), definite: union(a.definite, b.definite) };
}

function alternate(a: Shape, b: Shape): Shape {
  return {
    nullable: a.nullable || b.nullable,
    named: union(a.named, b.named),
    definite: new Set([...a.definite].filter((n) => b.definite.has(n))),
  };
}

/** The alternatives of a group (or of the whole pattern) read so far. */
interface Frame {
  /** The finished alternatives, combined; null before the first `|`. */
  done: Shape | null;
  current: Shape;
  /** `current` before its last item, so a quantifier can re-evaluate that item. */
  beforeLast: Shape;
}

function newFrame(): Frame {
  return { done: null, current: EMPTY_SEQUENCE, beforeLast: EMPTY_SEQUENCE };
}

function frameShape(frame: Frame): Shape {
  return frame.done ? alternate(frame.done, frame.current) : frame.current;
}

interface OpenGroup {
  /** Offset of the `(` in the Python pattern. */
  offset: number;
  /** Index in `out` where the group's text starts. */
  outStart: number;
  /** 'lookaround' for (?= (?<=, 'negative' for (?! (?<!, else 'group'. */
  role: 'group' | 'lookaround' | 'negative';
  name: string | null;
  frame: Frame;
}

function hex(cp: number): string {
  return cp.toString(16);
}

function literalOutside(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (JS_SYNTAX.has(ch)) return `\\${ch}`;
  if (isInvisible(cp)) return `\\u{${hex(cp)}}`;
  return ch;
}

function literalInClass(cp: number): string {
  const ch = String.fromCodePoint(cp);
  if (JS_CLASS_SYNTAX.has(ch)) return `\\${ch}`;
  if (isInvisible(cp)) return `\\u{${hex(cp)}}`;
  return ch;
}

/** Control, line-separator and surrogate code points are written as escapes to keep the source readable and valid. */
function isInvisible(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0x2028 || cp === 0x2029 || (cp >= 0xd800 && cp <= 0xdfff);
}

function categoryOutside(c: Category): string {
  switch (c) {
    case 'd':
      return DIGIT;
    case 'D':
      return NOT_DIGIT;
    case 's':
      return `[${SPACE_SET}]`;
    case 'S':
      return `[^${SPACE_SET}]`;
    case 'w':
      return WORD;
    case 'W':
      return `[^${WORD_SET}]`;
  }
}

function categoryInClass(c: Category): ClassItem {
  switch (c) {
    case 'd':
      return { kind: 'set', body: DIGIT };
    case 'D':
      return { kind: 'set', body: NOT_DIGIT };
    case 's':
      return { kind: 'set', body: SPACE_SET };
    case 'S':
      return { kind: 'notSet', body: SPACE_SET };
    case 'w':
      return { kind: 'set', body: WORD_SET };
    case 'W':
      return { kind: 'notSet', body: WORD_SET };
  }
}

function emitClass(items: ClassItem[], negate: boolean): string {
  let body = '';
  const notSets: string[] = [];
  for (const item of items) {
    switch (item.kind) {
      case 'char':
        body += literalInClass(item.cp);
        break;
      case 'range':
        body += `${literalInClass(item.lo)}-${literalInClass(item.hi)}`;
        break;
      case 'set':
        body += item.body;
        break;
      case 'notSet':
        if (!notSets.includes(item.body)) notSets.push(item.body);
        break;
    }
  }
  if (notSets.length === 0) return `[${negate ? '^' : ''}${body}]`;
  if (!negate) {
    // [abc\S] = a, b, c or any non-space.
    const alternatives = body ? [`[${body}]`] : [];
    for (const s of notSets) alternatives.push(`[^${s}]`);
    return `(?:${alternatives.join('|')})`;
  }
  // [^abc\S] = not a, b or c, and inside every complemented set; consumes one code point.
  const lastSet = notSets[notSets.length - 1] as string;
  let src = body ? `(?![${body}])` : '';
  for (const s of notSets.slice(0, -1)) src += `(?=[${s}])`;
  return `(?:${src}[${lastSet}])`;
}

class Translator {
  private readonly chars: string[];
  private pos = 0;
  private readonly out: string[] = [];
  private readonly groups: OpenGroup[] = [];
  readonly names = new Set<string>();
  private last: { kind: LastKind; outStart: number; shape: Shape } = { kind: 'none', outStart: 0, shape: EMPTY_SEQUENCE };
  private readonly topFrame = newFrame();

  constructor(private readonly pattern: string) {
    this.chars = Array.from(pattern);
  }

  private fail(message: string, offset: number, end = offset + 1): never {
    throw new RegexTranslationError(message, offset, this.chars.slice(offset, Math.max(end, offset + 1)).join(''));
  }

  private peek(ahead = 0): string | undefined {
    return this.chars[this.pos + ahead];
  }

  private startsWith(s: string): boolean {
    const cps = Array.from(s);
    return cps.every((c, k) => this.chars[this.pos + k] === c);
  }

  private frame(): Frame {
    return this.groups[this.groups.length - 1]?.frame ?? this.topFrame;
  }

  /** Append one repeatable item; anchors and assertions match the empty string, atoms one character. */
  private emitItem(src: string, kind: LastKind, shape = kind === 'atom' ? CHAR_SHAPE : ZERO_WIDTH_SHAPE): void {
    this.last = { kind, outStart: this.out.length, shape };
    this.out.push(src);
    const frame = this.frame();
    frame.beforeLast = frame.current;
    frame.current = concat(frame.current, shape);
  }

  private startAlternative(): void {
    this.last = { kind: 'none', outStart: this.out.length, shape: EMPTY_SEQUENCE };
  }

  translate(): string {
    while (this.pos < this.chars.length) {
      const start = this.pos;
      const ch = this.chars[this.pos++] as string;
      switch (ch) {
        case '\\':
          this.escapeOutside(start);
          break;
        case '[':
          this.emitItem(this.characterClass(start), 'atom');
          break;
        case '(':
          this.openGroup(start);
          break;
        case ')':
          this.closeGroup(start);
          break;
        case '|': {
          this.out.push('|');
          const frame = this.frame();
          frame.done = frameShape(frame);
          frame.current = EMPTY_SEQUENCE;
          frame.beforeLast = EMPTY_SEQUENCE;
          this.startAlternative();
          break;
        }
        case '.':
          this.emitItem('[^\\n]', 'atom');
          break;
        case '^':
          this.emitItem('^', 'anchor');
          break;
        case '$':
          // Python's `$` also matches just before a final newline, and lines carry their '\n'.
          this.emitItem('(?=\\n?$)', 'anchor');
          break;
        case '*':
          this.quantifier(start, { src: '*', min: 0, max: Infinity });
          break;
        case '+':
          this.quantifier(start, { src: '+', min: 1, max: Infinity });
          break;
        case '?':
          this.quantifier(start, { src: '?', min: 0, max: 1 });
          break;
        case '{': {
          const counted = this.countedQuantifier();
          if (counted === null) this.emitItem('\\{', 'atom');
          else this.quantifier(start, counted);
          break;
        }
        default:
          this.emitItem(literalOutside(ch.codePointAt(0) as number), 'atom');
      }
    }
    const open = this.groups[this.groups.length - 1];
    if (open) this.fail('missing ), unterminated subpattern', open.offset);
    return this.out.join('');
  }

  /** After `{`: a Python counted repeat `{m}`, `{m,}`, `{,n}`, `{m,n}` as JS text, or null when `{` is a literal. */
  private countedQuantifier(): Repeat | null {
    const save = this.pos;
    if (this.peek() === '}') return null;
    let lo = '';
    let hi = '';
    while (DIGITS.includes(this.peek() ?? 'x')) lo += this.chars[this.pos++];
    let comma = false;
    if (this.peek() === ',') {
      comma = true;
      this.pos++;
      while (DIGITS.includes(this.peek() ?? 'x')) hi += this.chars[this.pos++];
    } else {
      hi = lo;
    }
    if (this.peek() !== '}') {
      this.pos = save;
      return null;
    }
    this.pos++;
    const min = lo ? Number.parseInt(lo, 10) : 0;
    if (hi && Number.parseInt(hi, 10) < min) this.fail('min repeat greater than max repeat', save);
    if (!comma) return { src: `{${min}}`, min, max: min };
    if (!hi) return { src: `{${min},}`, min, max: Infinity };
    const max = Number.parseInt(hi, 10);
    return { src: `{${min},${max}}`, min, max };
  }

  private quantifier(start: number, q: Repeat): void {
    const last = this.last;
    if (last.kind === 'none' || last.kind === 'anchor') this.fail('nothing to repeat', start);
    if (last.kind === 'quantified') this.fail('multiple repeat', start);
    let lazy = false;
    if (this.peek() === '?') {
      this.pos++;
      lazy = true;
    } else if (this.peek() === '+') {
      this.fail('possessive quantifier is not supported', this.pos);
    }
    const shape = last.shape;
    if (q.max > 1) {
      // JavaScript clears the groups inside a repeated part at each repetition; Python keeps the
      // value a group got in an earlier repetition when a later one does not set it.
      const skippable = [...shape.named].filter((name) => !shape.definite.has(name));
      if (skippable.length > 0) {
        this.fail(
          `named group '${skippable[0]}' inside a repeated part may be skipped by a repetition (Python keeps its earlier value, JavaScript forgets it); not supported`,
          start,
        );
      }
    }
    const inner = this.out.splice(last.outStart).join('');
    if (shape.nullable && q.max > q.min) {
      // Beyond the required count, JavaScript discards an iteration that matched the empty string
      // (its groups become undefined); Python keeps one. For `?` an alternation behaves like Python.
      if (q.min !== 0 || q.max !== 1) {
        this.fail('repeating something that can match the empty string is not supported (Python and JavaScript repeat it differently)', start);
      }
      this.out.push(lazy ? `(?:|${inner})` : `(?:${inner}|)`);
    } else {
      // Python lets a lookaround be repeated; `u`-mode JS only accepts it inside a group.
      const body = last.kind === 'assert' ? `(?:${inner})` : inner;
      this.out.push(`${body}${q.src}${lazy ? '?' : ''}`);
    }
    const repeated: Shape = { nullable: q.min === 0 || shape.nullable, named: shape.named, definite: q.min === 0 ? NONE : shape.definite };
    this.last = { kind: 'quantified', outStart: last.outStart, shape: repeated };
    const frame = this.frame();
    frame.current = concat(frame.beforeLast, repeated);
  }

  private openGroup(start: number): void {
    const outStart = this.out.length;
    if (this.peek() !== '?') {
      this.groups.push({ offset: start, outStart, role: 'group', name: null, frame: newFrame() });
      this.out.push('(');
      this.startAlternative();
      return;
    }
    this.pos++;
    const c = this.peek();
    if (c === undefined) this.fail('unexpected end of pattern', this.pos);
    this.pos++;
    let open: string;
    let role: OpenGroup['role'] = 'group';
    let groupName: string | null = null;
    if (c === ':') {
      open = '(?:';
    } else if (c === '=' || c === '!') {
      open = `(?${c}`;
      role = c === '=' ? 'lookaround' : 'negative';
    } else if (c === '<') {
      const d = this.peek();
      if (d === '=' || d === '!') {
        this.pos++;
        open = `(?<${d}`;
        role = d === '=' ? 'lookaround' : 'negative';
      } else {
        this.fail(`unknown extension ?<${d ?? ''}`, start + 1, start + 4);
      }
    } else if (c === 'P') {
      const d = this.peek();
      if (d === '<') {
        this.pos++;
        groupName = this.groupName(start);
        open = `(?<${groupName}>`;
      } else if (d === '=') {
        this.fail('named back-reference (?P=name) is not supported', start, start + 4);
      } else {
        this.fail(`unknown extension ?P${d ?? ''}`, start + 1, start + 4);
      }
    } else if (c === '#') {
      while (this.peek() !== ')') {
        if (this.peek() === undefined) this.fail('missing ), unterminated comment', start);
        this.pos++;
      }
      this.pos++;
      return;
    } else if (c === '(') {
      this.fail('conditional group (?(...)...) is not supported', start, start + 3);
    } else if (c === '>') {
      this.fail('atomic group (?>...) is not supported', start, start + 3);
    } else if ('aiLmsux-'.includes(c)) {
      let end = this.pos;
      while (end < this.chars.length && 'aiLmsux-'.includes(this.chars[end] as string)) end++;
      this.fail('inline flags (?' + this.chars.slice(this.pos - 1, end).join('') + ') are not supported', start, end + 1);
    } else {
      this.fail(`unknown extension ?${c}`, start + 1, start + 3);
    }
    this.groups.push({ offset: start, outStart, role, name: groupName, frame: newFrame() });
    this.out.push(open);
    this.startAlternative();
  }

  private groupName(start: number): string {
    let name = '';
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('missing >, unterminated name', start + 4);
      this.pos++;
      if (c === '>') break;
      name += c;
    }
    if (!name) this.fail('missing group name', start + 4);
    if (!GROUP_NAME.test(name)) this.fail(`bad character in group name '${name}'`, start + 4, start + 4 + name.length);
    if (this.names.has(name)) this.fail(`redefinition of group name '${name}'`, start + 4, start + 4 + name.length);
    this.names.add(name);
    return name;
  }

  private closeGroup(start: number): void {
    const group = this.groups.pop();
    if (!group) this.fail('unbalanced parenthesis', start);
    this.out.push(')');
    const body = frameShape(group.frame);
    let shape: Shape;
    if (group.role === 'negative') {
      // Groups inside a negative lookaround are never set after it succeeds, in either language.
      shape = ZERO_WIDTH_SHAPE;
    } else if (group.role === 'lookaround') {
      shape = { nullable: true, named: body.named, definite: body.definite };
    } else if (group.name !== null) {
      const own = new Set([group.name]);
      shape = { nullable: body.nullable, named: union(body.named, own), definite: union(body.definite, own) };
    } else {
      shape = body;
    }
    const frame = this.frame();
    frame.beforeLast = frame.current;
    frame.current = concat(frame.current, shape);
    this.last = { kind: group.role === 'group' ? 'atom' : 'assert', outStart: group.outStart, shape };
  }

  private escapeOutside(start: number): void {
    const c = this.chars[this.pos++];
    if (c === undefined) this.fail('bad escape (end of pattern)', start);
    switch (c) {
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
        this.emitItem(categoryOutside(c), 'atom');
        return;
      case 'b':
        // Python's word boundary uses the Unicode \w set; JS \b is ASCII-only.
        this.emitItem(`(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`, 'anchor');
        return;
      case 'B':
        // Python's \B never matches in an empty string.
        this.emitItem(`(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD})(?!^$))`, 'anchor');
        return;
      case 'A':
        this.emitItem('^', 'anchor');
        return;
      case 'Z':
        this.emitItem('$', 'anchor');
        return;
    }
    if (DIGITS.includes(c) && c !== '0') {
      // Python: three octal digits make an octal escape, anything else is a group reference.
      const d1 = this.peek();
      const d2 = this.peek(1);
      if (OCT_DIGITS.includes(c) && d1 !== undefined && OCT_DIGITS.includes(d1) && d2 !== undefined && OCT_DIGITS.includes(d2)) {
        this.pos += 2;
        const value = Number.parseInt(c + d1 + d2, 8);
        if (value > MAX_OCTAL) this.fail(`octal escape value \\${c}${d1}${d2} outside of range 0-0o377`, start, this.pos);
        this.emitItem(literalOutside(value), 'atom');
        return;
      }
      let end = this.pos;
      if (d1 !== undefined && DIGITS.includes(d1)) end++;
      // JS matches a back-reference to a group that did not participate as empty; Python fails the match.
      this.fail(`back-reference \\${this.chars.slice(start + 1, end).join('')} is not supported`, start, end);
    }
    this.emitItem(literalOutside(this.escapedCodePoint(start, c, false)), 'atom');
  }

  /** The code point of a literal escape (`\n`, `\x41`, `\u00e9`, `\0`, `\,` …) after `\` + c. */
  private escapedCodePoint(start: number, c: string, inClass: boolean): number {
    const simple = SIMPLE_ESCAPES[c];
    if (simple !== undefined) return simple;
    if (inClass && c === 'b') return 0x08;
    if (c === 'x') return this.hexDigits(start, 2);
    if (c === 'u') return this.hexDigits(start, 4);
    if (c === 'U') {
      const cp = this.hexDigits(start, 8);
      if (cp > 0x10ffff) this.fail(`bad escape \\U${this.chars.slice(start + 2, this.pos).join('')}`, start, this.pos);
      return cp;
    }
    if (c === 'N') this.fail('named Unicode escape \\N{...} is not supported', start, start + 2);
    if (OCT_DIGITS.includes(c) && (c === '0' || inClass)) {
      let digits = c;
      while (digits.length < 3 && OCT_DIGITS.includes(this.peek() ?? 'x')) digits += this.chars[this.pos++];
      const value = Number.parseInt(digits, 8);
      if (value > MAX_OCTAL) this.fail(`octal escape value \\${digits} outside of range 0-0o377`, start, this.pos);
      return value;
    }
    if (DIGITS.includes(c) || ASCII_LETTERS.test(c)) this.fail(`bad escape \\${c}`, start, start + 2);
    return c.codePointAt(0) as number;
  }

  private hexDigits(start: number, count: number): number {
    let digits = '';
    while (digits.length < count && HEX_DIGITS.includes(this.peek() ?? 'x')) digits += this.chars[this.pos++];
    if (digits.length !== count) {
      this.fail(`incomplete escape ${this.chars.slice(start, this.pos).join('')}`, start, this.pos);
    }
    return Number.parseInt(digits, 16);
  }

  /** A character class starting at `[` (already consumed); returns JS text for one atom. */
  private characterClass(start: number): string {
    const items: ClassItem[] = [];
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.pos++;
    }
    for (;;) {
      const itemStart = this.pos;
      const ch = this.chars[this.pos++];
      if (ch === undefined) this.fail('unterminated character set', start);
      // A `]` right after `[` or `[^` is a literal, as in Python.
      if (ch === ']' && items.length > 0) break;
      const first = this.classAtom(itemStart, ch);
      if (this.peek() === '-') {
        this.pos++;
        const thatStart = this.pos;
        const that = this.chars[this.pos++];
        if (that === undefined) this.fail('unterminated character set', start);
        if (that === ']') {
          items.push(first, { kind: 'char', cp: 0x2d });
          break;
        }
        const second = this.classAtom(thatStart, that);
        if (first.kind !== 'char' || second.kind !== 'char') {
          this.fail(`bad character range ${this.chars.slice(itemStart, this.pos).join('')}`, itemStart, this.pos);
        }
        if (second.cp < first.cp) {
          this.fail(`bad character range ${this.chars.slice(itemStart, this.pos).join('')}`, itemStart, this.pos);
        }
        items.push({ kind: 'range', lo: first.cp, hi: second.cp });
      } else {
        items.push(first);
      }
    }
    return emitClass(items, negate);
  }

  private classAtom(start: number, ch: string): ClassItem {
    if (ch !== '\\') return { kind: 'char', cp: ch.codePointAt(0) as number };
    const c = this.chars[this.pos++];
    if (c === undefined) this.fail('bad escape (end of pattern)', start);
    if (c === 'd' || c === 'D' || c === 's' || c === 'S' || c === 'w' || c === 'W') return categoryInClass(c);
    return { kind: 'char', cp: this.escapedCodePoint(start, c, true) };
  }
}

export interface TranslatedRegex {
  /** JavaScript pattern source. */
  source: string;
  /** Named groups in pattern order. */
  groupNames: string[];
}

// The Unicode property escapes the translator emits, each mapped to an ASCII class escape of the
// same syntactic kind (a set, not a character: invalid in a range, valid in a class or on its own).
// V8 builds the full Unicode set (with case folding under `i`) while parsing `\p{L}`, which made
// the syntax check cost ~0.3 ms per search regex; with these stand-ins it costs a few µs.
const CHEAP_CLASS_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\\p{L}', '\\d'],
  ['\\p{N}', '\\d'],
  ['\\p{Nd}', '\\d'],
  ['\\P{Nd}', '\\D'],
]);
// Escapes are read pairwise from the left, so `\\p{L}` (an escaped backslash, then text) is left alone.
const ESCAPE = /\\[pP]\{[A-Za-z_=]+\}|\\./gsu;

/** `source` with the translator's property escapes swapped for cheap ones; accepted by RegExp exactly when `source` is. Exported for tests. */
export function syntaxCheckSource(source: string): string {
  return source.includes('\\') ? source.replace(ESCAPE, (escape) => CHEAP_CLASS_ESCAPES.get(escape) ?? escape) : source;
}

/** Throws RegexTranslationError when JavaScript does not accept the translated `source` (a translator bug). Exported for tests. */
export function checkJavaScriptSyntax(source: string, pattern: string): void {
  try {
    new RegExp(syntaxCheckSource(source), 'iu');
    return;
  } catch {
    // Fall through: the message must quote the real source, and the real source is the judge.
  }
  try {
    new RegExp(source, 'iu');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new RegexTranslationError(`JavaScript rejected the translated pattern (${reason})`, 0, pattern);
  }
}

// Translations of earlier calls: a search set repeats patterns, and reloading it repeats all of
// them. Only successes are kept (a failure is translated again to throw). Bounded by clearing.
const TRANSLATION_CACHE_LIMIT = 4096;
const translations = new Map<string, { source: string; groupNames: readonly string[] }>();

/** translatePythonRegex, plus the named groups of the pattern. */
export function translatePythonRegexWithGroups(pattern: string): TranslatedRegex {
  let done = translations.get(pattern);
  if (!done) {
    const translator = new Translator(pattern);
    const source = translator.translate();
    checkJavaScriptSyntax(source, pattern);
    done = { source, groupNames: [...translator.names] };
    if (translations.size >= TRANSLATION_CACHE_LIMIT) translations.clear();
    translations.set(pattern, done);
  }
  // A fresh array: callers own what they get.
  return { source: done.source, groupNames: [...done.groupNames] };
}

/**
 * Translate a Python `re` pattern (str, Unicode semantics, no MULTILINE/DOTALL) into JavaScript
 * RegExp source for `new RegExp(src, 'iu')` (or `'u'` when case-sensitive).
 * Throws RegexTranslationError for anything without a faithful JavaScript equivalent.
 */
export function translatePythonRegex(pattern: string): string {
  return translatePythonRegexWithGroups(pattern).source;
}

/** Translate and compile: flags 'iu' for search regexes, 'u' for case-sensitive ones (rs_delimiter). */
export function compilePythonRegex(pattern: string, caseInsensitive: boolean): RegExp {
  return new RegExp(translatePythonRegex(pattern), caseInsensitive ? 'iu' : 'u');
}
