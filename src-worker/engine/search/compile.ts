// Compiling a search set (per worker): regexes plus the literal prefilter that maps each line to the
// searches that could possibly react to it. All of it is built on first use: V8 is slow to build `iu`
// patterns with \p{…} classes, and a worker is often handed the files of only one OS family, so it pays only
// for the searches (and the prefilter) of the families it actually searches, and only for the regexes of
// searches that meet a candidate line.
import { searchFamilies } from '../filters';
import type { MergeField, OsFamily, SearchSpec } from '../types';
import { compileChecks, type CompiledCheck } from '../checks/evaluate';
import { LiteralMatcher } from './literal-matcher';
import { asciiVariant } from './ascii-variant';
import { requiredLiteralSets } from './required-literals';

/** At most this many extra requirements are checked per line: each costs a substring search. */
const MAX_GATES = 3;

/**
 * Any RegExp compile failure names the search. The main process validates the set when it loads it
 * (config/load.ts), so in a worker this is a bug path — but one that must still say which search it is,
 * now that it surfaces during a search rather than when the set is compiled.
 */
function compileRegex(spec: SearchSpec, source: string, flags: string, what: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (err) {
    const where = `${spec.source.file}:${spec.source.line}:${spec.source.column}`;
    throw new Error(`${where}: search '${spec.name}': invalid ${what}: ${(err as Error).message}`);
  }
}

interface Prefilter {
  /** Literals one of which a line must contain to matter to this search; null: every line matters. */
  prefilter: string[] | null;
  /**
   * Further requirements of the regex (each: one of these literals, case-folded), checked on candidate lines
   * before running it. A line failing one cannot match the regex (it may still close a multiline record).
   */
  gates: string[][];
}

const NO_PREFILTER: Prefilter = { prefilter: null, gates: [] };

/**
 * The literal prefilter and the gates of a search. A multiline search with rs_delimiter must also see the
 * delimiter lines, so the delimiter's literals join the prefilter (case-folded: a superset of the
 * case-sensitive delimiter matches, hence still safe) and all of the regex's requirements become gates.
 */
function prefilterFor(spec: SearchSpec): Prefilter {
  const sets = requiredLiteralSets(spec.jsRegex);
  const main = sets[0];
  if (main === undefined) return NO_PREFILTER;
  if (!spec.multiline || spec.jsRsDelimiter === null) return { prefilter: main, gates: sets.slice(1, 1 + MAX_GATES) };
  const rs = requiredLiteralSets(spec.jsRsDelimiter)[0];
  const gates = sets.slice(0, MAX_GATES);
  return rs === undefined ? { prefilter: null, gates } : { prefilter: [...new Set([...main, ...rs])], gates };
}

/** One search, its regexes and prefilter each built when first asked for. */
export class CompiledSearch {
  /** Single-line searches export fields only with only_matching (SPEC §4.5). */
  readonly extractFields: boolean;
  readonly fieldList: readonly string[];
  readonly mergeFields: readonly MergeField[];
  private regexCache: RegExp | undefined;
  private asciiRegexCache: RegExp | undefined;
  private rsDelimiterCache: RegExp | null | undefined;
  private prefilterCache: Prefilter | undefined;
  private checksCache: CompiledCheck[] | undefined;

  constructor(
    readonly spec: SearchSpec,
    /** Position in CompiledSearchSet.searches. */
    readonly position: number,
    private readonly usePrefilter: boolean,
  ) {
    this.extractFields = spec.onlyMatching && spec.fieldList.length > 0;
    this.fieldList = spec.fieldList;
    this.mergeFields = spec.mergeFields;
  }

  /** The search's checks (`expect`), compiled on first use. */
  get checks(): CompiledCheck[] {
    return (this.checksCache ??= compileChecks(this.spec));
  }

  get regex(): RegExp {
    return (this.regexCache ??= compileRegex(this.spec, this.spec.jsRegex, 'iu', 'regex'));
  }

  /** Same matches as `regex` on lines made only of ASCII characters, far cheaper to compile (ascii-variant.ts). */
  get asciiRegex(): RegExp {
    if (this.asciiRegexCache === undefined) {
      const ascii = this.usePrefilter ? asciiVariant(this.spec.jsRegex) : null;
      this.asciiRegexCache = ascii === null || ascii === this.spec.jsRegex ? this.regex : compileRegex(this.spec, ascii, 'iu', 'regex');
    }
    return this.asciiRegexCache;
  }

  get rsDelimiter(): RegExp | null {
    if (this.rsDelimiterCache === undefined) {
      const source = this.spec.jsRsDelimiter;
      this.rsDelimiterCache = source === null ? null : compileRegex(this.spec, source, 'u', 'rs_delimiter');
    }
    return this.rsDelimiterCache;
  }

  private get literals(): Prefilter {
    return (this.prefilterCache ??= this.usePrefilter ? prefilterFor(this.spec) : NO_PREFILTER);
  }

  /** Literals one of which a line must contain to matter to this search; null: every line matters. */
  get prefilter(): string[] | null {
    return this.literals.prefilter;
  }

  /** See Prefilter.gates. */
  get gates(): string[][] {
    return this.literals.gates;
  }
}

/** The prefilter over the searches that can apply to systems of one OS family. */
export interface FamilyFilter {
  /** Reports positions of prefiltered searches for which a line is a candidate. */
  matcher: LiteralMatcher;
  /** Positions of searches without a prefilter (tested on every line). */
  unfiltered: number[];
}

/**
 * Only searches whose os_family filters let the family through can apply to its systems (the other
 * filters are checked per system by searchSystem), so the family's prefilter need not know the rest.
 */
function buildFamilyFilter(searches: readonly CompiledSearch[], family: OsFamily): FamilyFilter {
  const byLiteral = new Map<string, number[]>();
  const unfiltered: number[] = [];
  for (const c of searches) {
    if (!searchFamilies(c.spec).includes(family)) continue;
    const prefilter = c.prefilter;
    if (prefilter === null) {
      unfiltered.push(c.position);
      continue;
    }
    for (const lit of prefilter) {
      const list = byLiteral.get(lit);
      if (list) list.push(c.position);
      else byLiteral.set(lit, [c.position]);
    }
  }
  const literals = [...byLiteral.keys()];
  return { matcher: new LiteralMatcher(literals, literals.map((l) => byLiteral.get(l) as number[])), unfiltered };
}

export class CompiledSearchSet {
  /** SearchSpec.index → position. */
  readonly positionOf = new Map<number, number>();
  private readonly families = new Map<OsFamily, FamilyFilter>();

  constructor(readonly searches: readonly CompiledSearch[]) {
    for (const c of searches) {
      if (this.positionOf.has(c.spec.index)) throw new Error(`duplicate search index ${c.spec.index} ('${c.spec.name}')`);
      this.positionOf.set(c.spec.index, c.position);
    }
  }

  /** The prefilter for systems of `family`, built on first use. */
  filterFor(family: OsFamily): FamilyFilter {
    let filter = this.families.get(family);
    if (filter === undefined) {
      filter = buildFamilyFilter(this.searches, family);
      this.families.set(family, filter);
    }
    return filter;
  }
}

export interface CompileOptions {
  /**
   * false: every search sees every line and always runs its full regex — the plain engine the literal
   * prefilter and the ASCII twins must agree with (tests and the bench compare the two).
   */
  prefilter?: boolean;
}

/** Cheap: the regexes and prefilters are built when a search first needs them (see CompiledSearch). */
export function compileSearchSet(searches: readonly SearchSpec[], opts: CompileOptions = {}): CompiledSearchSet {
  const usePrefilter = opts.prefilter ?? true;
  return new CompiledSearchSet(searches.map((spec, position) => new CompiledSearch(spec, position, usePrefilter)));
}
