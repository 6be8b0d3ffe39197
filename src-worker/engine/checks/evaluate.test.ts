import { describe, expect, it } from 'vitest';
import { compileSearchSet } from '../search/compile';
import { searchSystem } from '../search/search-system';
import { linesOf, makeSpec, makeSystem } from '../testing/spec';
import type { CheckCondition, CheckSpec, ResultRow } from '../types';
import { MAX_EVIDENCE_ROWS } from '../types';
import { compileChecks, evaluateCheck } from './evaluate';

function check(condition: CheckCondition, partial: Partial<CheckSpec> = {}): CheckSpec {
  return {
    title: 't',
    source: { file: 'x.yaml', line: 1, column: 1 },
    condition,
    field: null,
    key: null,
    passIf: 'all',
    noRows: 'review',
    severity: 'medium',
    requirement: null,
    comment: null,
    ...partial,
  };
}

function run(spec: CheckSpec, rows: ResultRow[]) {
  const [compiled] = compileChecks(makeSpec({ jsRegex: 'x', index: 7, checks: [spec] }));
  if (!compiled) throw new Error('no check');
  return evaluateCheck(compiled, rows);
}

const kv = (setting: string, value: string, line = 1): ResultRow => ({ line, text: `${setting} ${value}`, fields: { setting, value } });
const text = (t: string, line = 1): ResultRow => ({ line, text: t, fields: null });

describe('check evaluation, per expectation kind', () => {
  it('in / not_in: case-insensitive, white space ignored', () => {
    const inSet = check({ kind: 'in', values: ['sha512', ' YESCRYPT '] }, { field: 'value' });
    expect(run(inSet, [kv('ENCRYPT_METHOD', 'SHA512 ')]).outcome).toBe('pass');
    expect(run(inSet, [kv('ENCRYPT_METHOD', 'yescrypt')]).outcome).toBe('pass');
    const md5 = run(inSet, [kv('ENCRYPT_METHOD', 'MD5', 4)]);
    expect(md5).toMatchObject({ search: 7, check: 't', outcome: 'fail', evidenceTotal: 1 });
    expect(md5.evidence[0]?.line).toBe(4);
    expect(md5.reason).toContain('MD5');
    const notIn = check({ kind: 'not_in', values: ['yes', 'without-password'] }, { field: 'value' });
    expect(run(notIn, [kv('permitrootlogin', 'no')]).outcome).toBe('pass');
    expect(run(notIn, [kv('permitrootlogin', 'YES')]).outcome).toBe('fail');
  });

  it('matches / not_matches: the row text when no field is named', () => {
    const m = check({ kind: 'matches', pattern: 'enabled', jsPattern: 'enabled' });
    expect(run(m, [text('Firewall ENABLED')]).outcome).toBe('pass');
    expect(run(m, [text('Firewall disabled')]).outcome).toBe('fail');
    const anchored = check({ kind: 'matches', pattern: '^on$', jsPattern: '^on$' });
    expect(run(anchored, [text('  on  ')]).outcome).toBe('pass');
    expect(run(anchored, [text('off')]).outcome).toBe('fail');
    const nm = check({ kind: 'not_matches', pattern: 'nullok', jsPattern: 'nullok' });
    expect(run(nm, [text('auth sufficient pam_unix.so')]).outcome).toBe('pass');
    expect(run(nm, [text('auth sufficient pam_unix.so nullok')]).outcome).toBe('fail');
  });

  it('range: inclusive bounds, open ends, and a value that is not a number is for review', () => {
    const max90 = check({ kind: 'range', min: null, max: 90 }, { field: 'value' });
    expect(run(max90, [kv('PASS_MAX_DAYS', '90')]).outcome).toBe('pass');
    expect(run(max90, [kv('PASS_MAX_DAYS', '99999')]).outcome).toBe('fail');
    expect(run(max90, [kv('PASS_MAX_DAYS', '-1')]).outcome).toBe('pass');
    const between = check({ kind: 'range', min: 1, max: 4 }, { field: 'value' });
    expect(run(between, [kv('MaxAuthTries', '0')]).outcome).toBe('fail');
    expect(run(between, [kv('MaxAuthTries', '4.0')]).outcome).toBe('pass');
    const odd = run(between, [kv('MaxAuthTries', 'six')]);
    expect(odd.outcome).toBe('review');
    expect(odd.reason).toContain('cannot tell from six');
    expect(run(between, [kv('MaxAuthTries', '')]).outcome).toBe('review');
  });

  it('rows present / absent', () => {
    const present = check({ kind: 'rows', present: true }, { noRows: 'fail' });
    expect(run(present, [text('clamd running')]).outcome).toBe('pass');
    expect(run(present, [])).toMatchObject({ outcome: 'fail', evidence: [], evidenceTotal: 0 });
    const absent = check({ kind: 'rows', present: false }, { noRows: 'pass' });
    expect(run(absent, [])).toMatchObject({ outcome: 'pass' });
    const found = run(absent, [text('/tmp/x rw', 3), text('/tmp/y rw', 9)]);
    expect(found).toMatchObject({ outcome: 'fail', evidenceTotal: 2 });
    expect(found.evidence.map((r) => r.line)).toEqual([3, 9]);
  });

  it('key: only rows whose key field equals the key count (case-insensitive)', () => {
    const c = check({ kind: 'range', min: null, max: 90 }, { key: { field: 'setting', equals: 'pass_max_days' }, field: 'value' });
    const rows = [kv('PASS_MIN_DAYS', '1000', 1), kv('PASS_MAX_DAYS', '60', 2)];
    expect(run(c, rows)).toMatchObject({ outcome: 'pass', evidenceTotal: 1 });
    expect(run(c, rows).evidence[0]?.line).toBe(2);
    const present = check({ kind: 'rows', present: true }, { key: { field: 'setting', equals: 'PASS_MIN_DAYS' }, noRows: 'fail' });
    expect(run(present, rows).outcome).toBe('pass');
    expect(run(present, [kv('PASS_MAX_DAYS', '1')]).outcome).toBe('fail');
  });

  it('pass_if: all needs every row, any needs one; a definite fail beats an unclear row', () => {
    const all = check({ kind: 'in', values: ['on'] }, { field: 'value' });
    const mixed = [kv('Domain', 'on', 1), kv('Public', 'off', 2), kv('Private', '', 3)];
    expect(run(all, mixed)).toMatchObject({ outcome: 'fail', evidenceTotal: 1 });
    expect(run(all, [kv('Domain', 'on'), kv('Private', '')]).outcome).toBe('review');
    const any = { ...all, passIf: 'any' as const };
    expect(run(any, mixed)).toMatchObject({ outcome: 'pass', evidenceTotal: 1 });
    expect(run(any, [kv('a', 'off'), kv('b', '')]).outcome).toBe('review');
    expect(run(any, [kv('a', 'off')]).outcome).toBe('fail');
  });

  it('evidence keeps the first rows and counts them all', () => {
    const absent = check({ kind: 'rows', present: false }, { noRows: 'pass' });
    const rows = Array.from({ length: MAX_EVIDENCE_ROWS + 5 }, (_, i) => text(`f${i}`, i + 1));
    const r = run(absent, rows);
    expect(r.evidence).toHaveLength(MAX_EVIDENCE_ROWS);
    expect(r.evidenceTotal).toBe(MAX_EVIDENCE_ROWS + 5);
  });
});

describe('the no-rows rule', () => {
  it('a value check on a system without (selected) rows counts as its no_rows', () => {
    for (const noRows of ['fail', 'pass', 'review'] as const) {
      const c = check({ kind: 'range', min: null, max: 90 }, { field: 'value', noRows });
      expect(run(c, []).outcome).toBe(noRows);
      const keyed = { ...c, key: { field: 'setting', equals: 'PASS_MAX_DAYS' } };
      const r = run(keyed, [kv('PASS_MIN_DAYS', '1')]);
      expect(r.outcome).toBe(noRows);
      expect(r.reason).toContain('no PASS_MAX_DAYS row');
    }
  });
});

describe('checks run with the search', () => {
  const spec = makeSpec({
    index: 3,
    name: 'defs',
    jsRegex: '^defs::(?<setting>\\w+)\\s+(?<value>\\S+)',
    onlyMatching: true,
    fieldList: ['setting', 'value'],
    sysFilter: [{ attr: 'os_family', comp: 'eq', value: 'Linux' }],
    checks: [
      check({ kind: 'range', min: null, max: 90 }, { title: 'max age', key: { field: 'setting', equals: 'PASS_MAX_DAYS' }, field: 'value', noRows: 'fail' }),
      check({ kind: 'rows', present: true }, { title: 'min age set', key: { field: 'setting', equals: 'PASS_MIN_DAYS' }, noRows: 'fail' }),
    ],
  });
  const set = compileSearchSet([spec]);

  it('evaluates on the rows the search found', () => {
    const r = searchSystem(linesOf('defs::PASS_MAX_DAYS 99999', 'other', 'defs::PASS_MIN_DAYS 1'), makeSystem(), set);
    expect(r.checks.map((c) => [c.search, c.check, c.outcome])).toEqual([
      [3, 'max age', 'fail'],
      [3, 'min age set', 'pass'],
    ]);
    expect(r.checks[0]?.evidence).toEqual([{ line: 1, text: 'defs::PASS_MAX_DAYS 99999', fields: { setting: 'PASS_MAX_DAYS', value: '99999' } }]);
  });

  it('is n/a where the search does not apply, and no_rows where it found nothing', () => {
    const win = searchSystem(linesOf('defs::PASS_MAX_DAYS 1'), makeSystem({ osFamily: 'Windows' }), set);
    expect(win.checks.map((c) => c.outcome)).toEqual(['n/a', 'n/a']);
    const empty = searchSystem(linesOf('nothing'), makeSystem(), set);
    expect(empty.checks.map((c) => c.outcome)).toEqual(['fail', 'fail']);
  });
});
