// A fast reader for the YAML search files are written in: block mappings and sequences (compact
// `- key: value` items included), one-line plain and quoted scalars, one-line flow sequences of
// scalars, literal block scalars (`|`, `|-`, `|+`), comments, one optional `---`. Anything else
// (flow mappings, nested flow collections, anchors, aliases, tags, merge keys, folded or
// multi-line scalars, tabs, unusual indentation, and every construct the YAML spec makes an
// error) returns null, and the caller uses the full parser (yaml-full.ts), which also reports the
// errors with their positions.
//
// Why: the `yaml` package takes ~200 ms of wall time and ~350 ms of CPU to parse the 144 KB
// reference set in a fresh process, plus ~50 ms to load, all before any worker can start
// searching. This reads the same files in a few milliseconds. Where it answers, its tree,
// positions and warnings are exactly the full parser's (yaml-fast.test.ts compares them on every
// reference and built-in file and on thousands of mutated copies).

import { resolvePlainScalar, type PyScalar } from './pyyaml-scalars';
import { mappingEntries, MAX_YAML_NESTING, type ParsedYaml, type Pos, type YEntry, type YNode } from './yaml-tree';

/** Thrown when the text is outside the subset; caught in parseYamlFast, never escapes. */
class OutsideSubset extends Error {}

function outside(): never {
  throw new OutsideSubset();
}

// Tabs, control characters, a BOM, NEL and the Unicode line separators, a CR not followed by LF:
// legal in places, but each changes how YAML reads a line.
const UNSUPPORTED_CHARS = /[\t\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFEFF\u2028\u2029]|\r(?!\n)/;
const DOC_START = /^---(?: +(?:#.*)?)?$/;
const DOC_MARKER = /^(?:---|\.\.\.)(?: |$)/;
const BLOCK_HEADER = /^([-+]?)(?: +#.*| *)$/;
const AFTER_QUOTED = /^(?: +(?:#.*)?)?$/;
// First characters a plain scalar cannot start with here: flow and node indicators, quotes (handled
// apart), and `?`/`:` (YAML 1.2 allows some of those; the subset does not need them).
const NOT_PLAIN_FIRST = new Set(['[', ']', '{', '}', ',', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '?', ':']);
const MAX_IMPLICIT_KEY = 1000;
/** Characters that end a plain scalar inside a flow sequence (or make it something else). */
const FLOW_PLAIN_END = new Set([',', '[', ']', '{', '}']);

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

interface Parsed {
  node: YNode;
  /** Index of the first line after the node's own lines (a content line, or the end). */
  next: number;
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i++;
  return i;
}

function isBlank(line: string): boolean {
  return indentOf(line) === line.length;
}

function isSeqItem(line: string, col: number): boolean {
  return line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ');
}

/** Could a plain scalar start at `p`? (`-` can, unless it is a sequence indicator.) */
function plainCanStart(line: string, p: number): boolean {
  const ch = line[p];
  if (ch === undefined || NOT_PLAIN_FIRST.has(ch)) return false;
  return !(ch === '-' && (p + 1 === line.length || line[p + 1] === ' '));
}

/** Index of the `:` that ends an implicit key starting at `from`: the first one followed by a space or the line end. */
function keyColon(line: string, from: number): number {
  let idx = line.indexOf(':', from);
  while (idx >= 0 && idx + 1 < line.length && line[idx + 1] !== ' ') idx = line.indexOf(':', idx + 1);
  return idx;
}

class FastParser {
  readonly warnings: string[] = [];
  private readonly lines: string[];
  private readonly n: number;
  /** false when the last line has no line break after it. */
  private readonly endsWithBreak: boolean;
  /** Collections open around the one being read; past the limit the full parser reports it (with its position). */
  private depth = 0;

  constructor(
    text: string,
    private readonly file: string,
  ) {
    const lines = text.split('\n');
    this.endsWithBreak = lines[lines.length - 1] === '';
    if (this.endsWithBreak) lines.pop();
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
    }
    this.lines = lines;
    this.n = lines.length;
  }

  private line(i: number): string {
    return this.lines[i] as string;
  }

  /** The first line at or after `i` that is neither blank nor only a comment. */
  private nextContent(i: number): number {
    while (i < this.n) {
      const line = this.line(i);
      const ind = indentOf(line);
      if (ind < line.length && line[ind] !== '#') return i;
      i++;
    }
    return i;
  }

  document(): YNode | null {
    let i = this.nextContent(0);
    let marker = -1;
    if (i < this.n && DOC_START.test(this.line(i))) {
      marker = i;
      i = this.nextContent(i + 1);
    }
    for (let k = 0; k < this.n; k++) if (k !== marker && DOC_MARKER.test(this.line(k))) outside();
    if (i >= this.n) return null;
    const first = this.line(i);
    if (first[0] === '%') outside();
    const { node, next } = this.blockNode(indentOf(first), i);
    if (next < this.n) outside();
    return node;
  }

  private blockNode(col: number, i: number): Parsed {
    return isSeqItem(this.line(i), col) ? this.sequence(col, i) : this.mapping(col, i);
  }

  private mapping(col: number, i: number): Parsed {
    if (++this.depth > MAX_YAML_NESTING) outside();
    const pos: Pos = { line: i + 1, column: col + 1 };
    const explicit: YEntry[] = [];
    for (;;) {
      const line = this.line(i);
      const { key, keyPos, after } = this.key(line, i, col);
      const { node, next } = this.value(i, after, col, true);
      explicit.push({ key, keyPos, value: node });
      i = next;
      if (i >= this.n) break;
      const ind = indentOf(this.line(i));
      if (ind < col) break;
      if (ind > col || isSeqItem(this.line(i), col)) outside();
    }
    this.depth--;
    return { node: { kind: 'map', entries: mappingEntries(this.file, [], explicit, this.warnings), pos }, next: i };
  }

  private sequence(col: number, i: number): Parsed {
    if (++this.depth > MAX_YAML_NESTING) outside();
    const pos: Pos = { line: i + 1, column: col + 1 };
    const items: YNode[] = [];
    for (;;) {
      const line = this.line(i);
      let p = col + 1;
      while (line[p] === ' ') p++;
      let parsed: Parsed;
      if (p < line.length && line[p] !== '#' && this.startsKey(line, p)) parsed = this.mapping(p, i);
      else parsed = this.value(i, col + 1, col, false);
      items.push(parsed.node);
      i = parsed.next;
      if (i >= this.n) break;
      const next = this.line(i);
      const ind = indentOf(next);
      if (ind < col) break;
      if (ind > col) outside();
      if (!isSeqItem(next, col)) break;
    }
    this.depth--;
    return { node: { kind: 'seq', items, pos }, next: i };
  }

  /** Does a compact mapping (`- key: value`) start at `p`? */
  private startsKey(line: string, p: number): boolean {
    const ch = line[p];
    if (ch === "'" || ch === '"') {
      const end = this.quoted(line, p).end;
      return line[end] === ':' && (end + 1 === line.length || line[end + 1] === ' ');
    }
    if (!plainCanStart(line, p)) return false;
    const colon = keyColon(line, p);
    if (colon < 0) return false;
    const hash = line.indexOf(' #', p);
    return hash < 0 || colon < hash;
  }

  private key(line: string, i: number, c: number): { key: PyScalar; keyPos: Pos; after: number } {
    const keyPos: Pos = { line: i + 1, column: c + 1 };
    const ch = line[c];
    if (ch === "'" || ch === '"') {
      const { value, end } = this.quoted(line, c);
      if (line[end] !== ':' || (end + 1 < line.length && line[end + 1] !== ' ')) outside();
      return { key: { type: 'str', value }, keyPos, after: end + 1 };
    }
    if (!plainCanStart(line, c)) outside();
    const colon = keyColon(line, c);
    if (colon < 0 || colon - c > MAX_IMPLICIT_KEY) outside();
    const text = line.slice(c, colon);
    if (text.endsWith(' ') || text.includes(' #') || text === '<<') outside();
    return { key: resolvePlainScalar(text), keyPos, after: colon + 1 };
  }

  /**
   * The value that starts after an indicator (`key:` or `-`) at `from` on line `i`; `parent` is the
   * indentation of the mapping or sequence it belongs to. A mapping's value may be a sequence at the
   * mapping's own indentation (`sameIndentSeq`).
   */
  private value(i: number, from: number, parent: number, sameIndentSeq: boolean): Parsed {
    const line = this.line(i);
    let p = from;
    while (line[p] === ' ') p++;
    const pos: Pos = { line: i + 1, column: p + 1 };
    if (p >= line.length || line[p] === '#') {
      const j = this.nextContent(i + 1);
      if (j < this.n) {
        const next = this.line(j);
        const ind = indentOf(next);
        if (ind > parent) return this.blockNode(ind, j);
        if (sameIndentSeq && ind === parent && isSeqItem(next, ind)) return this.sequence(ind, j);
      }
      return { node: { kind: 'scalar', value: resolvePlainScalar(''), pos }, next: j };
    }
    const ch = line[p];
    if (ch === '|') return this.literal(i, p, parent);
    let node: YNode;
    if (ch === '[') node = this.flowSequence(line, i, p);
    else if (ch === "'" || ch === '"') {
      const { value: text, end } = this.quoted(line, p);
      if (!AFTER_QUOTED.test(line.slice(end))) outside();
      node = { kind: 'scalar', value: { type: 'str', value: text }, pos };
    } else {
      if (!plainCanStart(line, p)) outside();
      const hash = line.indexOf(' #', p);
      const text = (hash < 0 ? line.slice(p) : line.slice(p, hash)).trimEnd();
      // `a: b: c` is an error; a trailing `:` would make it a key.
      if (text.includes(': ') || text.endsWith(':')) outside();
      node = { kind: 'scalar', value: resolvePlainScalar(text), pos };
    }
    // A deeper line after a one-line value would continue it (a multi-line scalar) or be an error.
    const next = this.nextContent(i + 1);
    if (next < this.n && indentOf(this.line(next)) > parent) outside();
    return { node, next };
  }

  /** A one-line flow sequence of scalars, `[a, 'b', "c"]`, whose `[` is at `p`. */
  private flowSequence(line: string, i: number, p: number): YNode {
    const items: YNode[] = [];
    let k = p + 1;
    for (;;) {
      while (line[k] === ' ') k++;
      if (line[k] === ']' && items.length === 0) break;
      const pos: Pos = { line: i + 1, column: k + 1 };
      const ch = line[k];
      if (ch === "'" || ch === '"') {
        const { value, end } = this.quoted(line, k);
        items.push({ kind: 'scalar', value: { type: 'str', value }, pos });
        k = end;
      } else {
        if (!plainCanStart(line, k)) outside();
        let end = k;
        while (end < line.length && !FLOW_PLAIN_END.has(line[end] as string)) end++;
        const text = line.slice(k, end).trimEnd();
        if (text.includes(': ') || text.endsWith(':') || text.includes(' #')) outside();
        items.push({ kind: 'scalar', value: resolvePlainScalar(text), pos });
        k = end;
      }
      while (line[k] === ' ') k++;
      if (line[k] === ']') break;
      if (line[k] !== ',') outside();
      k++;
    }
    if (!AFTER_QUOTED.test(line.slice(k + 1))) outside();
    return { kind: 'seq', items, pos: { line: i + 1, column: p + 1 } };
  }

  /** A literal block scalar whose `|` header is at `p` on line `i`; `parent` as in value(). */
  private literal(i: number, p: number, parent: number): Parsed {
    const pos: Pos = { line: i + 1, column: p + 1 };
    const header = BLOCK_HEADER.exec(this.line(i).slice(p + 1));
    if (!header) outside();
    const chomp = header[1];
    let k = i + 1;
    let leadingSpaces = 0;
    while (k < this.n && isBlank(this.line(k))) {
      leadingSpaces = Math.max(leadingSpaces, this.line(k).length);
      k++;
    }
    if (k >= this.n || indentOf(this.line(k)) <= parent) {
      // No content: the empty string (keeping its line breaks, `|+`, is left to the full parser).
      if (chomp === '+' || leadingSpaces > parent || (k >= this.n && !this.endsWithBreak)) outside();
      return { node: { kind: 'scalar', value: { type: 'str', value: '' }, pos }, next: this.nextContent(k) };
    }
    const indent = indentOf(this.line(k));
    if (leadingSpaces > indent) outside();
    const parts: string[] = [];
    for (let j = i + 1; j < k; j++) parts.push('');
    for (; k < this.n; k++) {
      const line = this.line(k);
      if (isBlank(line)) {
        // Spaces beyond the indentation are content, even on an otherwise blank line.
        parts.push(line.slice(indent));
        continue;
      }
      const ind = indentOf(line);
      if (ind < indent) {
        if (ind > parent) outside();
        break;
      }
      parts.push(line.slice(indent));
    }
    // An unterminated last line counts as content but not as a kept line break.
    if (chomp === '+' && k >= this.n && !this.endsWithBreak) outside();
    let body = parts.length;
    while (body > 0 && parts[body - 1] === '') body--;
    const content = parts.slice(0, body).join('\n');
    let value: string;
    if (chomp === '-') value = content;
    else if (chomp === '+') value = `${content}\n${'\n'.repeat(parts.length - body)}`;
    else value = `${content}\n`;
    return { node: { kind: 'scalar', value: { type: 'str', value }, pos }, next: this.nextContent(k) };
  }

  /** A quoted scalar starting at `p` (on one line), and the index just after its closing quote. */
  private quoted(line: string, p: number): { value: string; end: number } {
    if (line[p] === "'") {
      let out = '';
      let k = p + 1;
      for (;;) {
        const q = line.indexOf("'", k);
        if (q < 0) outside();
        out += line.slice(k, q);
        if (line[q + 1] !== "'") return { value: out, end: q + 1 };
        out += "'";
        k = q + 2;
      }
    }
    let out = '';
    let k = p + 1;
    for (;;) {
      let q = k;
      while (q < line.length && line[q] !== '"' && line[q] !== '\\') q++;
      if (q >= line.length) outside();
      out += line.slice(k, q);
      if (line[q] === '"') return { value: out, end: q + 1 };
      const e = line[q + 1] ?? '';
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        out += simple;
        k = q + 2;
        continue;
      }
      const len = HEX_LENGTH[e];
      if (len === undefined) outside();
      const hex = line.slice(q + 2, q + 2 + len);
      if (hex.length !== len || !/^[0-9A-Fa-f]+$/.test(hex)) outside();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) outside();
      out += String.fromCodePoint(code);
      k = q + 2 + len;
    }
  }
}

/** The file's tree, or null when the text is outside the subset this reader handles. */
export function parseYamlFast(text: string, file: string): ParsedYaml | null {
  if (UNSUPPORTED_CHARS.test(text)) return null;
  const parser = new FastParser(text, file);
  try {
    const root = parser.document();
    const isEmpty = root === null || (root.kind === 'scalar' && root.value.type === 'null');
    return { root: isEmpty ? null : root, problems: [], warnings: parser.warnings };
  } catch (err) {
    if (err instanceof OutsideSubset) return null;
    throw err;
  }
}
