// Compiling a search set once (per worker): regexes plus the literal prefilter that maps each line to the
// searches that could possibly react to it.
import type { MergeField, SearchSpec } from '../types';
import { LiteralMatcher } from './literal-matcher';
import { requiredLiterals } from './required-literals';

export interface CompiledSearch {
  spec: SearchSpec;
  /** Position in CompiledSearchSet.searches. */
  position: number;
  regex: RegExp;
  rsDelimiter: RegExp | null;
  /** Single-line searches export fields only with only_matching (SPEC §4.5). */
  extractFields: boolean;
  fieldList: readonly string[];
  mergeFields: readonly MergeField[];
  /** Literals one of which a line must contain to matter to this search; null: every line matters. */
  prefilter: string[] | null;
}

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
 * Literals that every line this search must see contains. A multiline search with rs_delimiter must also
 * see the delimiter lines, so their literals join the set (case-folded: a superset of the case-sensitive
 * delimiter matches, hence still safe).
 */
function prefilterFor(spec: SearchSpec): string[] | null {
  const main = requiredLiterals(spec.jsRegex);
  if (main === null) return null;
  if (!spec.multiline || spec.jsRsDelimiter === null) return main;
  const rs = requiredLiterals(spec.jsRsDelimiter);
  return rs === null ? null : [...new Set([...main, ...rs])];
}

export function compileSearchSet(searches: readonly SearchSpec[]): CompiledSearchSet {
  const compiled: CompiledSearch[] = searches.map((spec, position) => ({
    spec,
    position,
    regex: compileRegex(spec, spec.jsRegex, 'iu', 'regex'),
    rsDelimiter: spec.jsRsDelimiter === null ? null : compileRegex(spec, spec.jsRsDelimiter, 'u', 'rs_delimiter'),
    extractFields: spec.onlyMatching && spec.fieldList.length > 0,
    fieldList: spec.fieldList,
    mergeFields: spec.mergeFields,
    prefilter: prefilterFor(spec),
  }));
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
