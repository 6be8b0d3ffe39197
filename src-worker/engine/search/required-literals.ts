// "Which text must a line contain for this regex to match?" — the ripgrep idea. Reads a JavaScript
// `u`-mode RegExp source and returns a set of ASCII literals (case-folded) such that every match contains
// at least one of them, or null when no such set can be proven. Only ever under-approximates what is
// required, so using the result as a prefilter never loses a match.

/** Literal alternatives (folded to lower case); one of them occurs in every match. */
export type Requirement = string[] | null;

const NO_REQUIREMENT: Requirement = null;

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  peek(): string | undefined {
    return this.src[this.pos];
  }

  /** alternation := sequence ('|' sequence)* */
  alternation(): Requirement {
    const branches: Requirement[] = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.some((b) => b === null)) return NO_REQUIREMENT;
    return [...new Set(branches.flatMap((b) => b as string[]))];
  }

  sequence(): Requirement {
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
        if (atom.kind === 'group' && q.min > 0 && atom.req) candidates.push(atom.req);
      }
    }
    endRun();
    if (candidates.length === 0) return NO_REQUIREMENT;
    // Most selective: the longest shortest alternative, then the fewest alternatives.
    const score = (alts: string[]): number => Math.min(...alts.map((a) => a.length)) * 1000 - alts.length;
    return candidates.reduce((best, cur) => (score(cur) > score(best) ? cur : best));
  }

  atom(): { kind: 'char'; text: string } | { kind: 'group'; req: Requirement } | { kind: 'other' } {
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
      const braced = /^\{([0-9a-fA-F]+)\}/.exec(this.src.slice(this.pos));
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

  group(): { kind: 'group'; req: Requirement } | { kind: 'other' } {
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
    return { kind: 'group', req: understood ? req : NO_REQUIREMENT };
  }

  /** Consumes a quantifier if present. `repeats`: more than one copy may follow. */
  quantifier(): { min: number; repeats: boolean } {
    const c = this.peek();
    let result = { min: 1, repeats: false };
    if (c === '*') result = { min: 0, repeats: true };
    else if (c === '+') result = { min: 1, repeats: true };
    else if (c === '?') result = { min: 0, repeats: false };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
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

/** Literal alternatives one of which every match of the `u`-mode pattern `source` must contain (ASCII, lower case). */
export function requiredLiterals(source: string): Requirement {
  const parser = new Parser(source);
  const req = parser.alternation();
  // A stray ')' means we misread the pattern: claim nothing rather than risk a wrong prefilter.
  if (parser.pos < source.length) return NO_REQUIREMENT;
  if (req === null || req.some((alt) => alt === '')) return NO_REQUIREMENT;
  return req;
}
