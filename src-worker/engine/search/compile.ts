// Compiling a search set once (per worker): regexes plus the literal prefilter that maps each line to the
// searches that could possibly react to it.
import type { MergeField, SearchSpec } from '../types';
import { LiteralMatcher } from './literal-matcher';
import { asciiVariant } from './ascii-variant';
import { requiredLiteralSets } from './required-literals';

export interface CompiledSearch {
  spec: SearchSpec;
  /** Position in CompiledSearchSet.searches. */
  position: number;
  regex: RegExp;
  /** Same matches as `regex` on lines made only of ASCII characters, far cheaper to compile (ascii-variant.ts). */
  asciiRegex: RegExp;
  rsDelimiter: RegExp | null;
  /** Single-line searches export fields only with only_matching (SPEC §4.5). */
  extractFields: boolean;
  fieldList: readonly string[];
  mergeFields: readonly MergeField[];
  /** Literals one of which a line must contain to matter to this search; null: every line matters. */
  prefilter: string[] | null;
  /**
   * Further requirements of the regex (each: one of these literals, case-folded), checked on candidate lines
   * before running it. A line failing one cannot match the regex (it may still close a multiline record).
   */
  gates: string[][];
}

/** At most this many extra requirements are checked per line: each costs a substring search. */
const MAX_GATES = 3;

export interface CompiledSearchSet {
  searches: CompiledSearch[];
  /** SearchSpec.index → position. */
  positionOf: Map<number, number>;
  /** Reports positions of prefiltered searches for which a line is a candidate. */
  matcher: LiteralMatcher;
  /** Positions of searches without a prefilter (tested on every line). */
  unfiltered: number[];
}

function compileRegex(spec: SearchSpec, source: string, flags: string, what: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    const where = `${spec.source.file}:${spec.source.line}:${spec.source.column}`;
    throw new Error(`${where}: search '${spec.name}': invalid ${what}: ${(err as Error).message}`);
  }
}

/**
 * The literal prefilter and the gates of a search. A multiline search with rs_delimiter must also see the
 * delimiter lines, so the delimiter's literals join the prefilter (case-folded: a superset of the
 * case-sensitive delimiter matches, hence still safe) and all of the regex's requirements become gates.
 */
function prefilterFor(spec: SearchSpec): { prefilter: string[] | null; gates: string[][] } {
  const sets = requiredLiteralSets(spec.jsRegex);
  const main = sets[0];
  if (main === undefined) return { prefilter: null, gates: [] };
  if (!spec.multiline || spec.jsRsDelimiter === null) return { prefilter: main, gates: sets.slice(1, 1 + MAX_GATES) };
  const rs = requiredLiteralSets(spec.jsRsDelimiter)[0];
  const gates = sets.slice(0, MAX_GATES);
  return rs === undefined ? { prefilter: null, gates } : { prefilter: [...new Set([...main, ...rs])], gates };
}

export interface CompileOptions {
  /**
   * false: every search sees every line and always runs its full regex — the plain engine the literal
   * prefilter and the ASCII twins must agree with (tests and the bench compare the two).
   */
  prefilter?: boolean;
}

export function compileSearchSet(searches: readonly SearchSpec[], opts: CompileOptions = {}): CompiledSearchSet {
  const usePrefilter = opts.prefilter ?? true;
  const compiled: CompiledSearch[] = searches.map((spec, position) => {
    const regex = compileRegex(spec, spec.jsRegex, 'iu', 'regex');
    const ascii = usePrefilter ? asciiVariant(spec.jsRegex) : null;
    return {
      spec,
      position,
      regex,
      asciiRegex: ascii === null || ascii === spec.jsRegex ? regex : compileRegex(spec, ascii, 'iu', 'regex'),
      rsDelimiter: spec.jsRsDelimiter === null ? null : compileRegex(spec, spec.jsRsDelimiter, 'u', 'rs_delimiter'),
      extractFields: spec.onlyMatching && spec.fieldList.length > 0,
      fieldList: spec.fieldList,
      mergeFields: spec.mergeFields,
      ...(usePrefilter ? prefilterFor(spec) : { prefilter: null, gates: [] }),
    };
  });
  const positionOf = new Map<number, number>();
  for (const c of compiled) {
    if (positionOf.has(c.spec.index)) throw new Error(`duplicate search index ${c.spec.index} ('${c.spec.name}')`);
    positionOf.set(c.spec.index, c.position);
  }
  const byLiteral = new Map<string, number[]>();
  const unfiltered: number[] = [];
  for (const c of compiled) {
    if (c.prefilter === null) {
      unfiltered.push(c.position);
      continue;
    }
    for (const lit of c.prefilter) {
      const list = byLiteral.get(lit);
      if (list) list.push(c.position);
      else byLiteral.set(lit, [c.position]);
    }
  }
  const literals = [...byLiteral.keys()];
  const matcher = new LiteralMatcher(literals, literals.map((l) => byLiteral.get(l) as number[]));
  return { searches: compiled, positionOf, matcher, unfiltered };
}
