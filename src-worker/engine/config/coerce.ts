// pydantic v2 "lax mode" coercions of PyYAML values (SPEC §3.4): what the old tool accepted for
// each option type. Each function answers with the value or the pydantic-style reason.

import { excerpt } from './excerpt';
import { pythonStr, pythonTypeName } from './pyyaml-scalars';
import type { YNode } from './yaml-tree';

export type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };

const TRUE_STRINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

/** How a value reads in a message: a scalar as Python would print it (a short excerpt of a long one), a collection by kind. */
export function describe(node: YNode): string {
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'map') return 'a mapping';
  const s = node.value;
  if (s.type === 'str') return `'${excerpt(s.value)}'`;
  return `${excerpt(pythonStr(s))} (${pythonTypeName(s)})`;
}

function fail<T>(message: string, node: YNode): Coerced<T> {
  return { ok: false, message: `${message}, got ${describe(node)}` };
}

/** str: only YAML strings; no number/bool → str coercion. */
export function toStr(node: YNode): Coerced<string> {
  if (node.kind === 'scalar' && node.value.type === 'str') return { ok: true, value: node.value.value };
  return fail('Input should be a valid string', node);
}

export function toOptionalStr(node: YNode): Coerced<string | null> {
  if (node.kind === 'scalar' && node.value.type === 'null') return { ok: true, value: null };
  return toStr(node);
}

/** int: ints, bools, integral floats and integer strings. */
export function toInt(node: YNode): Coerced<number> {
  if (node.kind !== 'scalar') return fail('Input should be a valid integer', node);
  const s = node.value;
  switch (s.type) {
    case 'int':
      return { ok: true, value: Number(s.value) };
    case 'bool':
      return { ok: true, value: s.value ? 1 : 0 };
    case 'float':
      if (Number.isInteger(s.value)) return { ok: true, value: s.value };
      return fail('Input should be a valid integer (it has a fractional part)', node);
    case 'str': {
      const text = s.value.trim();
      if (/^[-+]?\d+(?:\.0*)?$/.test(text)) return { ok: true, value: Number.parseInt(text, 10) };
      return fail('Input should be a valid integer, unable to parse string as an integer', node);
    }
    default:
      return fail('Input should be a valid integer', node);
  }
}

export function toOptionalInt(node: YNode): Coerced<number | null> {
  if (node.kind === 'scalar' && node.value.type === 'null') return { ok: true, value: null };
  return toInt(node);
}

/** bool: bools, 0/1, and the strings pydantic recognises (case-insensitive). */
export function toBool(node: YNode): Coerced<boolean> {
  if (node.kind !== 'scalar') return fail('Input should be a valid boolean', node);
  const s = node.value;
  switch (s.type) {
    case 'bool':
      return { ok: true, value: s.value };
    case 'int':
      if (s.value === 0n || s.value === 1n) return { ok: true, value: s.value === 1n };
      break;
    case 'float':
      if (s.value === 0 || s.value === 1) return { ok: true, value: s.value === 1 };
      break;
    case 'str': {
      const text = s.value.trim().toLowerCase();
      if (TRUE_STRINGS.has(text)) return { ok: true, value: true };
      if (FALSE_STRINGS.has(text)) return { ok: true, value: false };
      return fail('Input should be a valid boolean, unable to interpret input', node);
    }
    default:
      break;
  }
  return fail('Input should be a valid boolean', node);
}

export function toOptionalBool(node: YNode): Coerced<boolean | null> {
  if (node.kind === 'scalar' && node.value.type === 'null') return { ok: true, value: null };
  return toBool(node);
}

/** list: a YAML sequence only. */
export function toList(node: YNode): Coerced<YNode[]> {
  if (node.kind === 'seq') return { ok: true, value: node.items };
  return fail('Input should be a valid list', node);
}

export function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.value.type === 'null';
}
