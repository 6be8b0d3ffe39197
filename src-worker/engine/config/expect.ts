// The `expect` option of a search (our extension of the search file format, issue 15): one check,
// or a list of checks, stating what the search's rows must show on each system. A search without
// it loads exactly as before. Unlike the old tool's options, an unknown key inside a check is an
// error, not a warning: a misspelt condition would otherwise silently change what passes.
//
//   expect:
//     - check: PASS_MAX_DAYS at most 90      # title, unique within the search
//       key: PASS_MAX_DAYS                   # key/value searches: rows whose key field is this
//       max: 90                              # condition: in | not_in | matches | not_matches | min/max | rows
//       no_rows: fail                        # a system without such rows: fail | pass | review (default review)
//       severity: high                       # high | medium | low | info (default medium)
//       requirement: PCI DSS v4.0 8.3.9
//       comment: New accounts keep their password for longer than 90 days.

import { NO_ROWS_OUTCOMES, SEVERITIES } from '../types';
import type { CheckCondition, CheckSpec, NoRowsOutcome, Severity } from '../types';
import { describe, isNull, toOptionalStr, toStr } from './coerce';
import { pythonFloatStr, pythonStr } from './pyyaml-scalars';
import type { SectionContext } from './sections';
import { translate } from './sections';
import type { Pos, YNode } from './yaml-tree';

const CHECK_KEYS = [
  'check',
  'field',
  'key',
  'key_field',
  'in',
  'not_in',
  'matches',
  'not_matches',
  'min',
  'max',
  'rows',
  'pass_if',
  'no_rows',
  'severity',
  'requirement',
  'comment',
] as const;
type CheckKey = (typeof CHECK_KEYS)[number];

const CONDITION_KEYS = ['in', 'not_in', 'matches', 'not_matches', 'min', 'max', 'rows'] as const;

/** A check as written, before the search's file is known (positions are relative to it). */
export type LocalCheck = Omit<CheckSpec, 'source'> & { pos: Pos };

/** The columns a search's rows have: its field_list plus merge_fields destinations. */
export interface RowColumns {
  fields: readonly string[];
}

function oneOf<T extends string>(ctx: SectionContext, where: string, node: YNode, allowed: readonly T[]): T | undefined {
  const text = node.kind === 'scalar' && node.value.type === 'str' ? node.value.value.toLowerCase() : null;
  const match = allowed.find((a) => a === text);
  if (match) return match;
  ctx.problem(node.pos, `${where}: should be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(node)}`);
  return undefined;
}

/** A value to compare with: strings as written, numbers as Python prints them; YAML booleans are refused. */
function valueText(ctx: SectionContext, where: string, node: YNode): string | undefined {
  if (node.kind === 'scalar') {
    const s = node.value;
    if (s.type === 'str') return s.value;
    if (s.type === 'int') return s.value.toString();
    if (s.type === 'float') return pythonFloatStr(s.value);
    if (s.type === 'bool') {
      ctx.problem(node.pos, `${where}: ${pythonStr(s)} is read by YAML as a boolean (yes/no/on/off/true/false); quote it, e.g. '${s.value ? 'yes' : 'no'}'`);
      return undefined;
    }
  }
  ctx.problem(node.pos, `${where}: should be a string or a number, got ${describe(node)}`);
  return undefined;
}

function valueList(ctx: SectionContext, where: string, node: YNode): string[] | undefined {
  const items = node.kind === 'seq' ? node.items : [node];
  const out: string[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const v = valueText(ctx, node.kind === 'seq' ? `${where}[${i}]` : where, item);
    if (v === undefined) ok = false;
    else out.push(v);
  });
  if (ok && out.length === 0) {
    ctx.problem(node.pos, `${where}: the list is empty`);
    return undefined;
  }
  return ok ? out : undefined;
}

function bound(ctx: SectionContext, where: string, node: YNode): number | undefined {
  if (node.kind === 'scalar' && (node.value.type === 'int' || node.value.type === 'float')) {
    const n = Number(node.value.value);
    if (Number.isFinite(n)) return n;
  }
  ctx.problem(node.pos, `${where}: should be a number, got ${describe(node)}`);
  return undefined;
}

function parseCheck(ctx: SectionContext, where: string, node: YNode, columns: RowColumns): LocalCheck | null {
  const before = ctx.problems.length;
  if (node.kind !== 'map') {
    ctx.problem(node.pos, `${where}: a check should be a mapping (check, a condition, …), got ${describe(node)}`);
    return null;
  }
  const o = new Map<CheckKey, YNode>();
  for (const entry of node.entries) {
    const key = entry.key.type === 'str' ? entry.key.value : null;
    if (key !== null && (CHECK_KEYS as readonly string[]).includes(key)) o.set(key as CheckKey, entry.value);
    else ctx.problem(entry.keyPos, `${where}: unknown key '${pythonStr(entry.key)}' (a check takes ${CHECK_KEYS.join(', ')})`);
  }
  const str = (k: CheckKey): string | null | undefined => {
    const n = o.get(k);
    if (!n) return null;
    const r = toOptionalStr(n);
    if (r.ok) return r.value;
    ctx.problem(n.pos, `${where}.${k}: ${r.message}`);
    return undefined;
  };

  const titleNode = o.get('check');
  let title = '';
  if (!titleNode) ctx.problem(node.pos, `${where}.check: Field required (a short title of the check)`);
  else {
    const r = toStr(titleNode);
    if (!r.ok) ctx.problem(titleNode.pos, `${where}.check: ${r.message}`);
    else if (r.value.trim() === '') ctx.problem(titleNode.pos, `${where}.check: the title is empty`);
    else title = r.value.trim();
  }

  // In the order written, so that the message points at the second one.
  const present = node.entries.flatMap((e) => (e.key.type === 'str' && (CONDITION_KEYS as readonly string[]).includes(e.key.value) ? [e.key.value as CheckKey] : []));
  const kinds = new Set(present.map((k) => (k === 'min' || k === 'max' ? 'range' : k)));
  let condition: CheckCondition | undefined;
  if (kinds.size === 0) ctx.problem(node.pos, `${where}: a check needs one condition: ${CONDITION_KEYS.join(', ')}`);
  else if (kinds.size > 1) {
    const second = o.get(present[1] as CheckKey) as YNode;
    ctx.problem(second.pos, `${where}: one condition per check, got ${present.join(' and ')}; write two checks`);
  } else {
    const kind = [...kinds][0];
    if (kind === 'in' || kind === 'not_in') {
      const values = valueList(ctx, `${where}.${kind}`, o.get(kind) as YNode);
      if (values) condition = { kind, values };
    } else if (kind === 'matches' || kind === 'not_matches') {
      const n = o.get(kind) as YNode;
      const r = toStr(n);
      if (!r.ok) ctx.problem(n.pos, `${where}.${kind}: ${r.message}`);
      else {
        const translated = translate(ctx, `${where}.${kind}`, r.value, n);
        if (translated) condition = { kind, pattern: r.value, jsPattern: translated.source };
      }
    } else if (kind === 'range') {
      const minNode = o.get('min');
      const maxNode = o.get('max');
      const min = minNode ? bound(ctx, `${where}.min`, minNode) : null;
      const max = maxNode ? bound(ctx, `${where}.max`, maxNode) : null;
      if (min !== undefined && max !== undefined) {
        if (min !== null && max !== null && min > max) ctx.problem((maxNode as YNode).pos, `${where}.max: ${max} is below min ${min}`);
        else condition = { kind: 'range', min, max };
      }
    } else {
      const n = o.get('rows') as YNode;
      const v = oneOf(ctx, `${where}.rows`, n, ['present', 'absent'] as const);
      if (v) condition = { kind: 'rows', present: v === 'present' };
    }
  }

  const fieldCols = columns.fields;
  const column = (k: 'field' | 'key_field', value: string | null | undefined): string | null | undefined => {
    if (value === null || value === undefined) return value;
    if (!fieldCols.includes(value)) {
      const known = fieldCols.length ? `the search's fields are ${fieldCols.join(', ')}` : 'the search has no field_list';
      ctx.problem((o.get(k) as YNode).pos, `${where}.${k}: '${value}' is not a field of the search (${known})`);
      return undefined;
    }
    return value;
  };

  const keyNode = o.get('key');
  const keyValue = keyNode ? valueText(ctx, `${where}.key`, keyNode) : null;
  let key: CheckSpec['key'] = null;
  let field = column('field', str('field'));
  const keyField = column('key_field', str('key_field'));
  if (o.has('key_field') && !keyNode) ctx.problem((o.get('key_field') as YNode).pos, `${where}.key_field: only used with key`);
  if (keyNode && keyValue !== undefined && keyValue !== null && keyField !== undefined) {
    // Key/value searches list the key first and the value second in field_list.
    const kf = keyField ?? fieldCols[0];
    if (kf === undefined || (field === null && fieldCols.length < 2 && condition?.kind !== 'rows')) {
      ctx.problem(keyNode.pos, `${where}.key: a key/value search needs field_list with the key field first and the value field second (or key_field and field)`);
    } else {
      key = { field: kf, equals: keyValue };
      if (field === null && condition?.kind !== 'rows') field = fieldCols.find((f) => f !== kf) ?? null;
    }
  }
  if (condition?.kind === 'rows' && o.has('field')) ctx.problem((o.get('field') as YNode).pos, `${where}.field: a rows condition counts rows; it reads no field`);

  const passIfNode = o.get('pass_if');
  const passIf = passIfNode ? oneOf(ctx, `${where}.pass_if`, passIfNode, ['all', 'any'] as const) : 'all';
  if (passIfNode && condition?.kind === 'rows') ctx.problem(passIfNode.pos, `${where}.pass_if: a rows condition decides on the rows themselves`);
  const noRowsNode = o.get('no_rows');
  let noRows: NoRowsOutcome | undefined = 'review';
  if (noRowsNode) {
    if (condition?.kind === 'rows') ctx.problem(noRowsNode.pos, `${where}.no_rows: a rows condition decides what no rows means (rows: present fails, rows: absent passes)`);
    else noRows = oneOf(ctx, `${where}.no_rows`, noRowsNode, NO_ROWS_OUTCOMES);
  }
  const severityNode = o.get('severity');
  const severity: Severity | undefined = severityNode ? oneOf(ctx, `${where}.severity`, severityNode, SEVERITIES) : 'medium';
  const requirement = str('requirement');
  const comment = str('comment');

  if (ctx.problems.length > before || !condition || field === undefined || passIf === undefined || noRows === undefined || severity === undefined) return null;
  if (requirement === undefined || comment === undefined) return null;
  return {
    title,
    pos: titleNode?.pos ?? node.pos,
    condition,
    field: condition.kind === 'rows' ? null : field,
    key,
    passIf,
    noRows: condition.kind === 'rows' ? (condition.present ? 'fail' : 'pass') : noRows,
    severity,
    requirement: requirement?.trim() || null,
    comment: comment?.trim() || null,
  };
}

/** The checks of a search's `expect` option (one mapping or a list); undefined when it has problems. */
export function parseExpect(ctx: SectionContext, node: YNode, columns: RowColumns): LocalCheck[] | undefined {
  if (isNull(node)) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const checks: LocalCheck[] = [];
  let ok = true;
  items.forEach((item, i) => {
    const where = node.kind === 'seq' ? `expect[${i}]` : 'expect';
    const check = parseCheck(ctx, where, item, columns);
    if (!check) {
      ok = false;
      return;
    }
    const twin = checks.find((c) => c.title.toLowerCase() === check.title.toLowerCase());
    if (twin) {
      ctx.problem(check.pos, `${where}.check: the title '${check.title}' is already used by the check at line ${twin.pos.line}; titles identify checks`);
      ok = false;
      return;
    }
    checks.push(check);
  });
  return ok ? checks : undefined;
}
