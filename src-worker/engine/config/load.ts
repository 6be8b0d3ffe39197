// Load a search configuration (SPEC §3): the root YAML file plus its `include_*` files, each
// file's `global` applied to its own searches, every search validated and its regexes translated.
// All problems of the whole file set are collected and thrown together as one ConfigLoadError.

import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ConfigProblem, SearchSet, SearchSpec } from '../types';
import { describe } from './coerce';
import { boundedMessage } from './excerpt';
import { pythonStr } from './pyyaml-scalars';
import { applyGlobal, parseGlobal, parseInclude, parseSearch, SectionContext } from './sections';
import type { GlobalSection, IncludeEntry, LocalSearch } from './sections';
import { parseYamlFast } from './yaml-fast';
import type { ParsedYaml, Pos } from './yaml-tree';

export function formatProblem(p: ConfigProblem): string {
  const where = p.line === null ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
  return `${where}: ${p.search === null ? '' : `[${p.search}] `}${p.message}`;
}

/** The configuration cannot be used; `problems` lists everything found, in file order. */
export class ConfigLoadError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    // Every message bounded and printable, whatever the file held (see excerpt.ts).
    const bounded = problems.map((p) => ({ ...p, message: boundedMessage(p.message) }));
    super(bounded.map(formatProblem).join('\n'));
    this.name = 'ConfigLoadError';
    this.problems = bounded;
  }
}

export interface LoadOptions {
  /** The built-in search library: where include entries are looked up when not found beside the including file. */
  libraryDir?: string;
}

interface FileResult {
  searches: LocalSearch[];
  file: string;
}

interface Includer {
  /** Real path of the including file, for cycle detection. */
  realPath: string;
  file: string;
}

/** YAML text as PyYAML reads a file: UTF-8, or UTF-16 with a BOM; undecodable bytes are an error, not U+FFFD. */
function decodeYamlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  // TextDecoder drops a UTF-8 BOM by itself.
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

// Parsed files of earlier loads in this process, by path. A reload (the app running a search set
// again) re-reads every file but re-parses only the changed ones. The sections only read the tree,
// and the text comparison makes a hit exactly as if parsed again. Bounded so a long session
// cannot grow it.
const PARSE_CACHE_LIMIT = 256;
const parseCache = new Map<string, { text: string; parsed: ParsedYaml }>();

type FullParser = typeof import('./yaml-full');
/** The full parser, once a file has needed it (it costs ~50 ms to load; most sets never need it). */
let fullParser: FullParser | null = null;

/** Parsed file, or null when it needs the full parser and that is not loaded yet. */
function parseYamlCached(text: string, file: string): ParsedYaml | null {
  const hit = parseCache.get(file);
  if (hit?.text === text) return hit.parsed;
  const parsed = parseYamlFast(text, file) ?? fullParser?.parseYamlFull(text, file) ?? null;
  if (!parsed) return null;
  parseCache.delete(file);
  if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear();
  parseCache.set(file, { text, parsed });
  return parsed;
}

function realOrAsIs(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    return path.resolve(p);
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

class Loader {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: string[] = [];
  readonly files: string[] = [];
  readonly results: FileResult[] = [];
  /** A file could not be read without the full parser, which was not loaded: load it and start again. */
  needsFullParser = false;

  /** Real paths of the folders includes may come from: the set's own folder tree and the built-in library. */
  private readonly includeRoots: string[];

  constructor(
    private readonly libraryDir: string | null,
    private readonly setDir: string,
  ) {
    this.includeRoots = [setDir, ...(libraryDir ? [libraryDir] : [])].map(realOrAsIs);
  }

  /**
   * Includes come only from the set's own folder tree and the built-in library, compared after
   * resolving links, so that a search file (which may come from anywhere) cannot make the app
   * read and quote other files of the machine: /etc/passwd, /proc/self/environ, ../../secret.
   */
  private confined(candidate: string): boolean {
    const real = realOrAsIs(candidate);
    return this.includeRoots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
  }

  /** Candidate paths for an include entry: beside the including file, then in the library. */
  private includeCandidates(entry: string, includingFile: string): string[] {
    if (path.isAbsolute(entry)) return [entry];
    const candidates = [path.resolve(path.dirname(includingFile), entry)];
    if (this.libraryDir) candidates.push(path.resolve(this.libraryDir, entry));
    return candidates;
  }

  loadFile(file: string, stack: Includer[], includedAt: { file: string; pos: Pos; section: string } | null): void {
    const problemAt = (message: string): void => {
      this.problems.push(
        includedAt
          ? { file: includedAt.file, line: includedAt.pos.line, column: includedAt.pos.column, search: includedAt.section, message }
          : { file, line: null, column: null, search: null, message },
      );
    };
    let real: string;
    let bytes: Uint8Array;
    // Synchronous on purpose: a few small files, read one after another, and each awaited fs call
    // is a thread-pool round trip (22 files: 10–25 ms of waiting in a fresh process, ~2 ms
    // synchronously). The native realpath is what fs/promises uses: same paths, same messages.
    try {
      real = realpathSync.native(file);
      bytes = readFileSync(real);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problemAt(`Cannot read configuration file ${file}: ${reason}`);
      return;
    }
    let text: string;
    try {
      text = decodeYamlBytes(bytes);
    } catch {
      this.problems.push({ file, line: null, column: null, search: null, message: `${file} is not valid UTF-8 (or UTF-16 with a byte order mark)` });
      return;
    }
    const cycleStart = stack.findIndex((s) => s.realPath === real);
    if (cycleStart >= 0) {
      const chain = [...stack.slice(cycleStart).map((s) => s.file), file].join(' → ');
      problemAt(`Include cycle: ${chain}`);
      return;
    }
    if (!this.files.includes(file)) this.files.push(file);
    const parsed = parseYamlCached(text, file);
    if (!parsed) {
      this.needsFullParser = true;
      return;
    }
    // Copies: the parsed result is cached, the problems go to the caller.
    this.problems.push(...parsed.problems.map((p) => ({ ...p })));
    this.warnings.push(...parsed.warnings);
    if (parsed.problems.length > 0) return;
    const root = parsed.root;
    if (root === null) {
      this.problems.push({ file, line: null, column: null, search: null, message: `Empty YAML file: ${file}` });
      return;
    }
    if (root.kind !== 'map') {
      this.problems.push({
        file,
        line: root.pos.line,
        column: root.pos.column,
        search: null,
        message: `the top level of a search file must be a mapping of search names to options, got ${describe(root)}`,
      });
      return;
    }

    let global: GlobalSection | null = null;
    const includes: { entries: IncludeEntry[]; section: string }[] = [];
    const searches: LocalSearch[] = [];
    for (const entry of root.entries) {
      const section = pythonStr(entry.key);
      const ctx = new SectionContext(file, section, this.problems, this.warnings);
      const firstProblem = this.problems.length;
      if (entry.key.type !== 'str') {
        ctx.problem(entry.keyPos, `a search name must be a string, got ${pythonStr(entry.key)}; quote it`);
        continue;
      }
      if (section === 'global') {
        global = parseGlobal(ctx, entry.value);
      } else if (section.startsWith('include_')) {
        const entries = parseInclude(ctx, entry.value);
        if (entries) includes.push({ entries, section });
      } else {
        const search = parseSearch(ctx, entry.keyPos, entry.value);
        if (search) searches.push(search);
      }
      // Within a section, report in reading order rather than in validation order.
      const sectionProblems = this.problems.splice(firstProblem).sort(byPosition);
      this.problems.push(...sectionProblems);
    }
    this.results.push({ file, searches: searches.map((s) => applyGlobal(s, global)) });

    const nextStack = [...stack, { realPath: real, file }];
    for (const { entries, section } of includes) {
      for (const entry of entries) {
        const candidates = this.includeCandidates(entry.path, file);
        const found = candidates.find(isFile);
        if (!found) {
          this.problems.push({
            file,
            line: entry.pos.line,
            column: entry.pos.column,
            search: section,
            message: `Include file not found: ${entry.path} (looked for ${candidates.join(', ')})`,
          });
          continue;
        }
        if (!this.confined(found)) {
          this.problems.push({
            file,
            line: entry.pos.line,
            column: entry.pos.column,
            search: section,
            message: `Include ${entry.path} is outside the search set's folder ${this.setDir} and the built-in library; only files there may be included`,
          });
          continue;
        }
        this.loadFile(found, nextStack, { file, pos: entry.pos, section });
      }
    }
  }
}

function duplicateNameWarnings(searches: SearchSpec[]): string[] {
  const byName = new Map<string, SearchSpec[]>();
  for (const s of searches) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const warnings: string[] = [];
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    const places = list.map((s) => `${s.source.file}:${s.source.line}`).join(', ');
    warnings.push(`search name '${name}' is used ${list.length} times (${places}); their results are kept apart`);
  }
  return warnings;
}

/**
 * Load the search configuration rooted at `rootFile`. Throws ConfigLoadError listing every
 * problem of the file set; non-fatal findings are returned in `warnings`.
 */
export async function loadSearchSet(rootFile: string, opts: LoadOptions = {}): Promise<SearchSet> {
  const root = path.resolve(rootFile);
  const libraryDir = opts.libraryDir ? path.resolve(opts.libraryDir) : null;
  // The loading itself is synchronous (see loadFile); files parsed before a second pass come from the cache.
  let loader = new Loader(libraryDir, path.dirname(root));
  loader.loadFile(root, [], null);
  if (loader.needsFullParser) {
    fullParser ??= await import('./yaml-full');
    loader = new Loader(libraryDir, path.dirname(root));
    loader.loadFile(root, [], null);
  }
  if (loader.problems.length > 0) throw new ConfigLoadError(loader.problems);

  // Depth-first include order is the order files finished their own searches in.
  const searches: SearchSpec[] = [];
  for (const { file, searches: local } of loader.results) {
    for (const s of local) {
      searches.push({
        index: searches.length,
        name: s.name,
        source: { file, line: s.pos.line, column: s.pos.column },
        regex: s.regex,
        jsRegex: s.jsRegex,
        comment: s.comment,
        sheetName: s.sheetName,
        maxResults: s.maxResults,
        onlyMatching: s.onlyMatching,
        unique: s.unique,
        fieldList: s.fieldList,
        fullScan: s.fullScan,
        multiline: s.multiline,
        rsDelimiter: s.rsDelimiter,
        jsRsDelimiter: s.jsRsDelimiter,
        mergeFields: s.mergeFields,
        showMissing: s.showMissing,
        sysFilter: s.sysFilter,
        format: s.format,
        checks: s.checks.map(({ pos, ...check }) => ({ ...check, source: { file, line: pos.line, column: pos.column } })),
      });
    }
  }
  const warnings = [...loader.warnings, ...duplicateNameWarnings(searches)].map(boundedMessage);
  return { rootFile: root, files: loader.files, searches, warnings };
}

/**
 * Resolve a `--conf` value: an existing file (absolute or relative to `cwd`) wins; otherwise a
 * name in the built-in library, with or without `.yaml`. null when nothing exists.
 */
export function resolveConfigPath(value: string, opts: { cwd: string; libraryDir: string | null }): string | null {
  const direct = path.resolve(opts.cwd, value);
  if (isFile(direct)) return direct;
  if (opts.libraryDir && !path.isAbsolute(value)) {
    for (const candidate of [path.resolve(opts.libraryDir, value), path.resolve(opts.libraryDir, `${value}.yaml`)]) {
      if (isFile(candidate)) return candidate;
    }
  }
  return null;
}
