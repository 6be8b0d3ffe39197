// The positioned tree a YAML file parses into, with PyYAML's data model: plain scalars resolved
// by YAML 1.1 rules, duplicate keys resolved as a Python dict would (last value wins, first
// position kept), aliases and `<<` merge keys expanded. Every node keeps its line/column.
// Two parsers build it: yaml-fast.ts for the plain block style search files are written in, and
// yaml-full.ts (the `yaml` package) for everything else; they agree wherever the fast one answers.

import type { ConfigProblem } from '../types';
import { pythonStr } from './pyyaml-scalars';
import type { PyScalar } from './pyyaml-scalars';

export interface Pos {
  line: number;
  column: number;
}

export type YNode =
  | { kind: 'scalar'; value: PyScalar; pos: Pos }
  | { kind: 'seq'; items: YNode[]; pos: Pos }
  | { kind: 'map'; entries: YEntry[]; pos: Pos };

export interface YEntry {
  key: PyScalar;
  /** Where the winning (last) occurrence of the key is. */
  keyPos: Pos;
  value: YNode;
}

export interface ParsedYaml {
  /** null when the file holds no document or an empty one (PyYAML returns None). */
  root: YNode | null;
  problems: ConfigProblem[];
  warnings: string[];
}

/**
 * How deep mappings and lists may sit inside each other. A search file needs four or five levels;
 * a file nested thousands deep is a mistake or an attack, and each level costs stack in both
 * parsers. Beyond this the file is refused with the line where the limit is crossed.
 */
export const MAX_YAML_NESTING = 100;

export function tooDeepMessage(): string {
  return `mappings and lists are nested more than ${MAX_YAML_NESTING} levels deep here; a search file needs only a few`;
}

/** Python dict identity of a key: 1, 1.0 and True are the same key. */
function keyIdentity(key: PyScalar): string {
  switch (key.type) {
    case 'str':
      return `s:${key.value}`;
    case 'int':
      return `n:${key.value.toString()}`;
    case 'float':
      return Number.isInteger(key.value) ? `n:${BigInt(key.value).toString()}` : `f:${key.value}`;
    case 'bool':
      return `n:${key.value ? 1 : 0}`;
    case 'null':
      return 'null';
    case 'timestamp':
      return `t:${key.text}`;
  }
}


/**
 * A mapping's entries as PyYAML's dict holds them: merged entries first, explicit keys after them
 * (and winning); a repeated explicit key replaces the earlier one, with a warning.
 */
export function mappingEntries(file: string, merged: YEntry[], explicit: YEntry[], warnings: string[]): YEntry[] {
  const byKey = new Map<string, YEntry>();
  for (const entry of merged) byKey.set(keyIdentity(entry.key), entry);
  for (const entry of explicit) {
    const id = keyIdentity(entry.key);
    const earlier = byKey.get(id);
    if (earlier && !merged.includes(earlier)) {
      warnings.push(`${file}:${entry.keyPos.line}:${entry.keyPos.column}: duplicate key '${pythonStr(entry.key)}' replaces the one at line ${earlier.keyPos.line}`);
    }
    byKey.set(id, entry);
  }
  return [...byKey.values()];
}
