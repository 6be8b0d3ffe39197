// Aho–Corasick over ASCII, case-insensitive the way `iu` regexes are: one pass over a line reports every
// required literal (see required-literals.ts) it contains, so each search only runs on its candidate lines.

const ALPHABET = 128;
const LATIN_SMALL_LONG_S = 0x017f; // ſ folds to 's' under Unicode simple case folding
const KELVIN_SIGN = 0x212a; // K folds to 'k'

export class LiteralMatcher {
  /** Full transition table: state * 128 + folded char → next state. */
  private readonly delta: Int32Array;
  /** For each state, the range in `outputs` of payload ids reported when the state is reached. */
  private readonly outStart: Int32Array;
  private readonly outEnd: Int32Array;
  private readonly outputs: Int32Array;

  /** `literals[i]` (ASCII, lower case) reports every id in `payloads[i]`. */
  constructor(literals: readonly string[], payloads: readonly (readonly number[])[]) {
    const gotoRows: number[][] = [new Array<number>(ALPHABET).fill(-1)];
    const own: number[][] = [[]];
    literals.forEach((lit, i) => {
      let s = 0;
      for (let k = 0; k < lit.length; k++) {
        const c = lit.charCodeAt(k);
        if (c >= ALPHABET) throw new Error(`literal prefilter accepts ASCII only: ${JSON.stringify(lit)}`);
        const row = gotoRows[s] as number[];
        if (row[c] === -1) {
          row[c] = gotoRows.length;
          gotoRows.push(new Array<number>(ALPHABET).fill(-1));
          own.push([]);
        }
        s = row[c] as number;
      }
      (own[s] as number[]).push(...(payloads[i] ?? []));
    });
    const n = gotoRows.length;
    const delta = new Int32Array(n * ALPHABET);
    const fail = new Int32Array(n);
    const out: number[][] = own.map((o) => [...o]);
    const queue: number[] = [];
    const root = gotoRows[0] as number[];
    for (let c = 0; c < ALPHABET; c++) {
      const t = root[c] as number;
      if (t === -1) delta[c] = 0;
      else {
        delta[c] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const row = gotoRows[s] as number[];
      (out[s] as number[]).push(...(out[fail[s] as number] as number[]));
      for (let c = 0; c < ALPHABET; c++) {
        const t = row[c] as number;
        if (t === -1) delta[s * ALPHABET + c] = delta[(fail[s] as number) * ALPHABET + c] as number;
        else {
          delta[s * ALPHABET + c] = t;
          fail[t] = delta[(fail[s] as number) * ALPHABET + c] as number;
          queue.push(t);
        }
      }
    }
    this.delta = delta;
    this.outStart = new Int32Array(n);
    this.outEnd = new Int32Array(n);
    const flat: number[] = [];
    for (let s = 0; s < n; s++) {
      const ids = [...new Set(out[s] as number[])];
      this.outStart[s] = flat.length;
      flat.push(...ids);
      this.outEnd[s] = flat.length;
    }
    this.outputs = Int32Array.from(flat);
  }

  /** Calls `report(id)` for the payload ids of every literal occurring in `line` (an id may repeat). */
  scan(line: string, report: (id: number) => void): void {
    const { delta, outStart, outEnd, outputs } = this;
    let s = 0;
    for (let i = 0; i < line.length; i++) {
      let c = line.charCodeAt(i);
      if (c >= ALPHABET) {
        if (c === LATIN_SMALL_LONG_S) c = 0x73;
        else if (c === KELVIN_SIGN) c = 0x6b;
        else {
          s = 0; // no literal contains a non-ASCII char
          continue;
        }
      } else if (c >= 0x41 && c <= 0x5a) c |= 0x20;
      s = delta[s * ALPHABET + c] as number;
      const end = outEnd[s] as number;
      for (let k = outStart[s] as number; k < end; k++) report(outputs[k] as number);
    }
  }
}
