// Aho–Corasick over ASCII, case-insensitive the way `iu` regexes are: one pass over a line reports every
// required literal (see required-literals.ts) it contains, so each search only runs on its candidate lines.
// The alphabet is compressed to the characters that occur in some literal (everything else is one class),
// which keeps the transition table small enough to stay in cache.

const ASCII = 128;
const LATIN_SMALL_LONG_S = 0x017f; // ſ folds to 's' under Unicode simple case folding
const KELVIN_SIGN = 0x212a; // K folds to 'k'

export class LiteralMatcher {
  /** Folded ASCII char → class (0 = a char no literal contains). */
  private readonly classOf: Uint8Array;
  private readonly classes: number;
  /**
   * Transitions, indexed by (state * classes + class). Entries hold the next state premultiplied by
   * `classes`, and negated minus one when that state reports literals — the hot loop then needs no
   * multiplication and no output lookup for the usual state without output.
   */
  private readonly delta: Int32Array;
  /** For each state, the range in `outputs` of payload ids reported when the state is reached. */
  private readonly outStart: Int32Array;
  private readonly outEnd: Int32Array;
  private readonly outputs: Int32Array;
  /** Scratch buffer for `scan` results. */
  private found: Int32Array;

  /** `literals[i]` (ASCII, lower case) reports every id in `payloads[i]`. */
  constructor(literals: readonly string[], payloads: readonly (readonly number[])[]) {
    this.classOf = new Uint8Array(ASCII);
    let classes = 1;
    for (const lit of literals) {
      for (let k = 0; k < lit.length; k++) {
        const c = lit.charCodeAt(k);
        if (c >= ASCII || (c >= 0x41 && c <= 0x5a)) throw new Error(`literal prefilter takes lower-case ASCII only: ${JSON.stringify(lit)}`);
        if (this.classOf[c] === 0) this.classOf[c] = classes++;
      }
    }
    for (let c = 0x41; c <= 0x5a; c++) this.classOf[c] = this.classOf[c | 0x20] as number;
    this.classes = classes;

    const gotoRows: Int32Array[] = [new Int32Array(classes).fill(-1)];
    const own: number[][] = [[]];
    literals.forEach((lit, i) => {
      let s = 0;
      for (let k = 0; k < lit.length; k++) {
        const cls = this.classOf[lit.charCodeAt(k)] as number;
        const row = gotoRows[s] as Int32Array;
        if (row[cls] === -1) {
          row[cls] = gotoRows.length;
          gotoRows.push(new Int32Array(classes).fill(-1));
          own.push([]);
        }
        s = row[cls] as number;
      }
      (own[s] as number[]).push(...(payloads[i] ?? []));
    });
    const n = gotoRows.length;
    const delta = new Int32Array(n * classes);
    const fail = new Int32Array(n);
    const out: number[][] = own.map((o) => [...o]);
    const queue: number[] = [];
    const root = gotoRows[0] as Int32Array;
    for (let c = 0; c < classes; c++) {
      const t = root[c] as number;
      if (c === 0 || t === -1) delta[c] = 0;
      else {
        delta[c] = t;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi] as number;
      const row = gotoRows[s] as Int32Array;
      (out[s] as number[]).push(...(out[fail[s] as number] as number[]));
      for (let c = 0; c < classes; c++) {
        const t = row[c] as number;
        if (c === 0) delta[s * classes] = 0;
        else if (t === -1) delta[s * classes + c] = delta[(fail[s] as number) * classes + c] as number;
        else {
          delta[s * classes + c] = t;
          fail[t] = delta[(fail[s] as number) * classes + c] as number;
          queue.push(t);
        }
      }
    }
    for (let i = 0; i < delta.length; i++) {
      const t = delta[i] as number;
      delta[i] = (out[t] as number[]).length > 0 ? -(t * classes) - 1 : t * classes;
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
    this.found = new Int32Array(64);
  }

  /**
   * The payload ids of every literal occurring in `line` (an id may repeat): valid in the returned buffer
   * up to the returned count, until the next call. `ascii`: the line has only ASCII characters.
   */
  scan(line: string): { ids: Int32Array; count: number; ascii: boolean } {
    const { delta, outStart, outEnd, outputs, classOf, classes } = this;
    const longS = classOf[0x73] as number;
    const kelvin = classOf[0x6b] as number;
    let found = this.found;
    let count = 0;
    let s = 0;
    let ascii = true;
    for (let i = 0; i < line.length; i++) {
      const c = line.charCodeAt(i);
      let cls: number;
      if (c < ASCII) cls = classOf[c] as number;
      else {
        ascii = false;
        cls = c === LATIN_SMALL_LONG_S ? longS : c === KELVIN_SIGN ? kelvin : 0;
      }
      s = delta[s + cls] as number;
      if (s >= 0) continue;
      s = -s - 1;
      const state = s / classes;
      const end = outEnd[state] as number;
      for (let k = outStart[state] as number; k < end; k++) {
        if (count === found.length) {
          const bigger = new Int32Array(found.length * 2);
          bigger.set(found);
          found = this.found = bigger;
        }
        found[count++] = outputs[k] as number;
      }
    }
    return { ids: found, count, ascii };
  }
}
