// The full YAML parser (the `yaml` package) behind yaml-tree.ts's data model: anchors, aliases,
// merge keys, tags, flow collections, folded and multi-line scalars, and syntax errors with their
// positions. Loaded only when a file is outside what yaml-fast.ts reads (~50 ms to load, and
// ~10× slower to parse).

import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { ConfigProblem } from '../types';
import { resolvePlainScalar, resolveTaggedScalar } from './pyyaml-scalars';
import { mappingEntries, MAX_YAML_NESTING, tooDeepMessage, type ParsedYaml, type Pos, type YEntry, type YNode } from './yaml-tree';

const CORE_TAGS: Record<string, 'str' | 'int' | 'float' | 'bool' | 'null'> = {
  'tag:yaml.org,2002:str': 'str',
  'tag:yaml.org,2002:int': 'int',
  'tag:yaml.org,2002:float': 'float',
  'tag:yaml.org,2002:bool': 'bool',
  'tag:yaml.org,2002:null': 'null',
};
const COLLECTION_TAGS = new Set(['tag:yaml.org,2002:map', 'tag:yaml.org,2002:seq']);

class TreeBuilder {
  readonly problems: ConfigProblem[] = [];
  readonly warnings: string[] = [];
  private readonly cache = new Map<YamlNode, YNode | null>();
  private readonly resolving = new Set<YamlNode>();
  /** Collections open around the node being built (aliases count where they are expanded). */
  private depth = 0;

  constructor(
    private readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  pos(node: YamlNode | null | undefined, fallback: Pos): Pos {
    const offset = node?.range?.[0];
    if (offset === undefined) return fallback;
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  problem(pos: Pos, message: string): void {
    this.problems.push({ file: this.file, line: pos.line, column: pos.column, search: null, message });
  }

  /** null = a problem was recorded (the caller drops the value). */
  build(node: YamlNode | null | undefined, fallback: Pos): YNode | null {
    if (node === null || node === undefined) return { kind: 'scalar', value: { type: 'null' }, pos: fallback };
    const cached = this.cache.get(node);
    if (cached !== undefined) return cached;
    const pos = this.pos(node, fallback);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) {
        this.problem(pos, `found undefined alias '${node.source}'`);
        return null;
      }
      if (this.resolving.has(target)) {
        this.problem(pos, `alias '${node.source}' refers to a node that contains it`);
        return null;
      }
      return this.build(target, pos);
    }
    this.resolving.add(node);
    let result: YNode | null;
    try {
      result = this.buildNode(node, pos);
    } finally {
      this.resolving.delete(node);
    }
    this.cache.set(node, result);
    return result;
  }

  private buildNode(node: YamlNode, pos: Pos): YNode | null {
    const tag = node.tag;
    if (isScalar(node)) {
      const text = String(node.value ?? '');
      if (tag) {
        const type = CORE_TAGS[tag];
        const value = type ? resolveTaggedScalar(text, type) : null;
        if (!value) {
          this.problem(pos, type ? `cannot read '${text}' as ${type} (tag ${tag})` : `could not determine a constructor for the tag '${tag}'`);
          return null;
        }
        return { kind: 'scalar', value, pos };
      }
      const plain = node.type === Scalar.PLAIN || node.type === undefined;
      return { kind: 'scalar', value: plain ? resolvePlainScalar(text) : { type: 'str', value: text }, pos };
    }
    if (tag && !COLLECTION_TAGS.has(tag)) {
      this.problem(pos, `could not determine a constructor for the tag '${tag}'`);
      return null;
    }
    if (!isSeq(node) && !isMap(node)) {
      this.problem(pos, 'unsupported YAML node');
      return null;
    }
    if (this.depth >= MAX_YAML_NESTING) {
      this.problem(pos, tooDeepMessage());
      return null;
    }
    this.depth++;
    try {
      return isMap(node) ? this.buildMap(node.items, pos) : this.buildSeq(node.items, pos);
    } finally {
      this.depth--;
    }
  }

  private buildSeq(nodes: unknown[], pos: Pos): YNode | null {
    const items: YNode[] = [];
    for (const item of nodes) {
      const built = this.build(item as YamlNode | null, pos);
      if (built) items.push(built);
    }
    return { kind: 'seq', items, pos };
  }

  private buildMap(pairs: unknown[], pos: Pos): YNode | null {
    // PyYAML flatten_mapping: merged entries go first, explicit keys after them (and win).
    const merged: YEntry[] = [];
    const explicit: YEntry[] = [];
    for (const pair of pairs) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keyPos = this.pos(keyNode, pos);
      if (keyNode && isScalar(keyNode) && keyNode.type === Scalar.PLAIN && !keyNode.tag && keyNode.value === '<<') {
        const mergedEntries = this.mergeSource(pair.value as YamlNode | null, keyPos);
        if (mergedEntries) merged.push(...mergedEntries);
        continue;
      }
      const key = this.build(keyNode, keyPos);
      if (!key) continue;
      if (key.kind !== 'scalar') {
        this.problem(keyPos, 'found unhashable key (a sequence or mapping cannot be a key)');
        continue;
      }
      const value = this.build(pair.value as YamlNode | null, keyPos);
      if (!value) continue;
      explicit.push({ key: key.value, keyPos, value });
    }
    return { kind: 'map', entries: mappingEntries(this.file, merged, explicit, this.warnings), pos };
  }

  private mergeSource(node: YamlNode | null, keyPos: Pos): YEntry[] | null {
    const value = this.build(node, keyPos);
    if (!value) return null;
    if (value.kind === 'map') return value.entries;
    if (value.kind === 'seq' && value.items.every((item) => item.kind === 'map')) {
      // Earlier mappings take precedence: PyYAML adds them last.
      return value.items
        .slice()
        .reverse()
        .flatMap((item) => (item.kind === 'map' ? item.entries : []));
    }
    this.problem(value.pos, 'expected a mapping or list of mappings for merging');
    return null;
  }
}

function isStackOverflow(err: unknown): boolean {
  return err instanceof Error && /Maximum call stack size exceeded/.test(err.message);
}

/** Where a file too deep for the parser is deepest: the line of its most indented or most bracketed point. */
function deepestLine(text: string): number {
  let best = 1;
  let bestDepth = -1;
  text.split('\n').forEach((line, i) => {
    const depth = line.length - line.trimStart().length + (line.match(/[[{]/g)?.length ?? 0);
    if (depth > bestDepth) [best, bestDepth] = [i + 1, depth];
  });
  return best;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
}

/** Parse YAML text; syntax errors and unsupported constructs come back as problems with positions. */
export function parseYamlFull(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, lineCounter: lines, prettyErrors: true });
  } catch (err) {
    if (!isStackOverflow(err)) throw err;
    return { root: null, problems: [{ file, line: deepestLine(text), column: 1, search: null, message: tooDeepMessage() }], warnings: [] };
  }
  const problems: ConfigProblem[] = [];
  for (const error of doc.errors) {
    const at = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
    // The yaml package reports its own stack overflow (from nesting thousands deep) as a syntax error.
    const what = isStackOverflow(error) ? tooDeepMessage() : `Invalid YAML syntax in ${file}: ${firstLine(error.message)}`;
    problems.push({ file, line: at.line, column: at.col, search: null, message: what });
  }
  if (problems.length > 0) return { root: null, problems, warnings: [] };
  const builder = new TreeBuilder(file, doc, lines);
  const contents = doc.contents as YamlNode | null;
  const root = contents === null ? null : builder.build(contents, { line: 1, column: 1 });
  const isEmpty = root === null || (root.kind === 'scalar' && root.value.type === 'null');
  return { root: isEmpty ? null : root, problems: builder.problems, warnings: builder.warnings };
}
