// "Which text must a line contain for this regex to match?" — the ripgrep idea. Reads a JavaScript
// `u`-mode RegExp source and returns a set of ASCII literals (case-folded) such that every match contains
// at least one of them, or null when no such set can be proven. Only ever under-approximates what is
// required, so using the result as a prefilter never loses a match.

/** Literal alternatives (folded to lower case); one of them occurs in every match. */
export type Requirement = string[] | null;

/** Requirements that must all hold (each a set of alternatives). Empty: nothing known. */
type Conjunction = string[][];

const NONE: Conjunction = [];

/** Most selective first: the longest shortest alternative, then the fewest alternatives. */
function selectivity(alts: readonly string[]): number {
  return Math.min(...alts.map((a) => a.length)) * 1000 - alts.length;
}

function best(conj: Conjunction): string[] | null {
  return conj.length === 0 ? null : conj.reduce((b, cur) => (selectivity(cur) > selectivity(b) ? cur : b));
}

const BRACED_HEX = /\{([0-9a-fA-F]+)\}/y;
const COUNTED = /\{(\d+)(,(\d*))?\}/y;

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  /** Matches a sticky pattern at the current position, without copying the rest of the source. */
  sticky(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    return re.exec(this.src);
  }

  peek(): string | undefined {
    return this.src[this.pos];
  }

  /** alternation := sequence ('|' sequence)* */
  alternation(): Conjunction {
    const branches: Conjunction[] = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0] as Conjunction;
    // Several branches: only "one of each branch's best literals" is certain.
    const picks = branches.map(best);
    if (picks.some((p) => p === null)) return NONE;
    return [[...new Set(picks.flatMap((p) => p as string[]))]];
  }

  sequence(): Conjunction {
    const candidates: string[][] = [];
    let run = '';
    const endRun = (): void => {
      if (run !== '') candidates.push([run]);
      run = '';
    };
    for (;;) {
      const c = this.peek();
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.atom();
      const q = this.quantifier();
      if (atom.kind === 'char') {
        if (q.min === 0) endRun();
        else if (q.repeats) {
          run += atom.text;
          endRun();
          run = atom.text;
        } else run += atom.text;
      } else {
        endRun();
        if (atom.kind === 'group' && q.min > 0) candidates.push(...atom.req);
      }
    }
    endRun();
    return candidates;
  }

  atom(): { kind: 'char'; text: string } | { kind: 'group'; req: Conjunction } | { kind: 'other' } {
    const c = this.src[this.pos++] as string;
    if (c === '\\') return this.escape();
    if (c === '[') {
      this.skipClass();
      return { kind: 'other' };
    }
    if (c === '(') return this.group();
    if (c === '.' || c === '^' || c === '$') return { kind: 'other' };
    return literal(c);
  }

  escape(): { kind: 'char'; text: string } | { kind: 'other' } {
    const c = this.src[this.pos++];
    if (c === undefined) return { kind: 'other' };
    const simple: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f', v: '\v' };
    if (simple[c] !== undefined) return literal(simple[c]);
    if (c === 'x') {
      const hex = this.src.slice(this.pos, this.pos + 2);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        this.pos += 2;
        return literal(String.fromCharCode(parseInt(hex, 16)));
      }
      return { kind: 'other' };
    }
    if (c === 'u') {
      const braced = this.sticky(BRACED_HEX);
      if (braced) {
        this.pos += braced[0].length;
        return literal(String.fromCodePoint(parseInt(braced[1] as string, 16)));
      }
      const hex = this.src.slice(this.pos, this.pos + 4);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.pos += 4;
        return literal(String.fromCharCode(parseInt(hex, 16)));
      }
      return { kind: 'other' };
    }
    if (c === 'p' || c === 'P') {
      if (this.peek() === '{') this.pos = this.src.indexOf('}', this.pos) + 1 || this.src.length;
      return { kind: 'other' };
    }
    if (c === 'k') {
      if (this.peek() === '<') this.pos = this.src.indexOf('>', this.pos) + 1 || this.src.length;
      return { kind: 'other' };
    }
    if (c === 'c') {
      this.pos++;
      return { kind: 'other' };
    }
    if (/[0-9A-Za-z]/.test(c)) {
      while (/[0-9]/.test(this.peek() ?? '')) this.pos++; // back-references, \0
      return { kind: 'other' };
    }
    return literal(c); // escaped punctuation
  }

  skipClass(): void {
    while (this.pos < this.src.length) {
      const c = this.src[this.pos++];
      if (c === '\\') this.pos++;
      else if (c === ']') return;
    }
  }

  group(): { kind: 'group'; req: Conjunction } | { kind: 'other' } {
    let lookaround = false;
    let understood = true;
    if (this.peek() === '?') {
      const head = this.src.slice(this.pos, this.pos + 3);
      if (head.startsWith('?:')) this.pos += 2;
      else if (head.startsWith('?=') || head.startsWith('?!')) {
        this.pos += 2;
        lookaround = true;
      } else if (head === '?<=' || head === '?<!') {
        this.pos += 3;
        lookaround = true;
      } else if (head.startsWith('?<')) this.pos = this.src.indexOf('>', this.pos) + 1 || this.src.length;
      else {
        // Modifiers or anything unknown: parse through it but claim nothing.
        understood = false;
        this.pos++;
      }
    }
    const req = this.alternation();
    if (this.peek() === ')') this.pos++;
    if (lookaround) return { kind: 'other' };
    return { kind: 'group', req: understood ? req : NONE };
  }

  /** Consumes a quantifier if present. `repeats`: more than one copy may follow. */
  quantifier(): { min: number; repeats: boolean } {
    const c = this.peek();
    let result = { min: 1, repeats: false };
    if (c === '*') result = { min: 0, repeats: true };
    else if (c === '+') result = { min: 1, repeats: true };
    else if (c === '?') result = { min: 0, repeats: false };
    else if (c === '{') {
      const m = this.sticky(COUNTED);
      if (!m) return result;
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.pos += m[0].length - 1;
      result = { min, repeats: max > 1 };
    } else return result;
    this.pos++;
    if (this.peek() === '?') this.pos++; // lazy
    return result;
  }
}

/**
 * Folds a literal char for case-insensitive (`iu`) comparison; null when it is not plain ASCII (the prefilter
 * then ends the literal run there, which is always safe).
 */
function literal(ch: string): { kind: 'char'; text: string } | { kind: 'other' } {
  const code = ch.charCodeAt(0);
  if (ch.length !== 1 || code >= 0x80) return { kind: 'other' };
  return { kind: 'char', text: code >= 0x41 && code <= 0x5a ? String.fromCharCode(code | 0x20) : ch };
}

/**
 * What every match of the `u`-mode pattern `source` contains: a list of requirements that all hold, each a
 * set of ASCII lower-case literals of which at least one occurs. Most selective first; [] when nothing is
 * known.
 */
export function requiredLiteralSets(source: string): string[][] {
  const parser = new Parser(source);
  const conj = parser.alternation();
  // A stray ')' means we misread the pattern: claim nothing rather than risk a wrong prefilter.
  if (parser.pos < source.length) return [];
  const useful = conj.filter((alts) => alts.length > 0 && alts.every((a) => a !== ''));
  return [...useful].sort((a, b) => selectivity(b) - selectivity(a));
}

/** The single most selective requirement (see requiredLiteralSets), or null. */
export function requiredLiterals(source: string): Requirement {
  return requiredLiteralSets(source)[0] ?? null;
}
