import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigProblem, SearchSpec } from '../types';
import { ConfigLoadError, formatProblem, loadSearchSet } from './load';

const tmpRoot = mkdtempSync(path.join(tmpdir(), 'kpat-expect-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
let n = 0;

function write(yaml: string): string {
  const file = path.join(tmpRoot, `case${++n}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

async function search(yaml: string): Promise<SearchSpec> {
  const set = await loadSearchSet(write(yaml));
  return set.searches[0] as SearchSpec;
}

async function problems(yaml: string): Promise<ConfigProblem[]> {
  try {
    await loadSearchSet(write(yaml));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigLoadError);
    return (err as ConfigLoadError).problems;
  }
  throw new Error('expected a ConfigLoadError');
}

const KV = `defs:
  regex: '^Users::(?P<setting>PASS_MAX_DAYS|PASS_MIN_DAYS)\\s+(?P<value>\\S+)'
  field_list: [setting, value]
`;

describe('expect (checks on a search)', () => {
  it('leaves a search without expect as before: no checks', async () => {
    const s = await search("s1:\n  regex: 'a'\n");
    expect(s.checks).toEqual([]);
  });

  it('reads a key/value check with its defaults and location', async () => {
    const s = await search(`${KV}  expect:\n    - check: Max age 90\n      key: PASS_MAX_DAYS\n      max: 90\n      requirement: PCI DSS v4.0 8.3.9\n`);
    expect(s.checks).toHaveLength(1);
    expect(s.checks[0]).toMatchObject({
      title: 'Max age 90',
      condition: { kind: 'range', min: null, max: 90 },
      key: { field: 'setting', equals: 'PASS_MAX_DAYS' },
      field: 'value',
      passIf: 'all',
      noRows: 'review',
      severity: 'medium',
      requirement: 'PCI DSS v4.0 8.3.9',
      comment: null,
      source: { line: 5, column: 14 },
    });
  });

  it('takes one mapping as a single check, and every condition kind', async () => {
    const one = await search(`${KV}  expect:\n    check: t\n    field: value\n    in: [SHA512, 'yescrypt', 5]\n    no_rows: fail\n    severity: high\n`);
    expect(one.checks[0]).toMatchObject({ condition: { kind: 'in', values: ['SHA512', 'yescrypt', '5'] }, field: 'value', key: null, noRows: 'fail', severity: 'high' });
    const kinds = await search(
      `${KV}  expect:\n` +
        `    - {check: a, not_in: [x]}\n`.replace('{check: a, not_in: [x]}', 'check: a\n      not_in: [x]') +
        `    - check: b\n      matches: '^\\d+$'\n      field: value\n` +
        `    - check: c\n      not_matches: 'x'\n      pass_if: any\n` +
        `    - check: d\n      min: 1\n      max: 2.5\n      field: value\n` +
        `    - check: e\n      rows: absent\n` +
        `    - check: f\n      rows: present\n      key: PASS_MIN_DAYS\n`,
    );
    expect(kinds.checks.map((c) => c.condition.kind)).toEqual(['not_in', 'matches', 'not_matches', 'range', 'rows', 'rows']);
    expect(kinds.checks[1]?.condition).toMatchObject({ pattern: '^\\d+$' });
    expect(kinds.checks[2]?.passIf).toBe('any');
    expect(kinds.checks[3]?.condition).toEqual({ kind: 'range', min: 1, max: 2.5 });
    // Presence checks decide no rows themselves.
    expect(kinds.checks[4]).toMatchObject({ noRows: 'pass', field: null });
    expect(kinds.checks[5]).toMatchObject({ noRows: 'fail', key: { field: 'setting', equals: 'PASS_MIN_DAYS' }, field: null });
  });

  it('reports every problem with file:line:column and the search', async () => {
    const list = await problems(
      `${KV}  expect:\n` +
        `    - check: a\n      maxx: 3\n` + // line 5-6: unknown key, no condition
        `    - check: b\n      min: 1\n      in: [x]\n` + // 7-9: two conditions
        `    - check: c\n      max: ten\n` + // 10-11
        `    - check: d\n      in: [no]\n` + // 12-13: YAML boolean
        `    - check: e\n      field: nope\n      in: [x]\n` + // 14-16
        `    - check: f\n      matches: '(?P<a>x)(?P=a)'\n` + // 17-18: untranslatable
        `    - check: g\n      rows: absent\n      no_rows: fail\n` + // 19-21
        `    - check: h\n      in: [x]\n      severity: critical\n` + // 22-24
        `    - in: [x]\n` + // 25: no title
        `    - check: i\n      in: [x]\n` + // 26-27
        `    - check: I\n      in: [x]\n`, // 28-29: title used by check i
    );
    const shown = list.map((p) => `${p.line}:${p.column} ${p.search} ${p.message}`);
    expect(shown).toEqual([
      expect.stringMatching(/^5:7 defs expect\[0\]: a check needs one condition/),
      expect.stringMatching(/^6:7 defs expect\[0\]: unknown key 'maxx'/),
      expect.stringMatching(/^9:11 defs expect\[1\]: one condition per check, got min and in/),
      expect.stringMatching(/^11:12 defs expect\[2\]\.max: should be a number, got 'ten'/),
      expect.stringMatching(/^13:12 defs expect\[3\]\.in\[0\]: False is read by YAML as a boolean .*quote it, e.g. 'no'/),
      expect.stringMatching(/^15:14 defs expect\[4\]\.field: 'nope' is not a field of the search \(the search's fields are setting, value\)/),
      expect.stringMatching(/^18:16 defs Invalid expect\[5\]\.matches pattern/),
      expect.stringMatching(/^21:16 defs expect\[6\]\.no_rows: a rows condition decides/),
      expect.stringMatching(/^24:17 defs expect\[7\]\.severity: should be one of 'high', 'medium', 'low', 'info', got 'critical'/),
      expect.stringMatching(/^25:7 defs expect\[8\]\.check: Field required/),
      expect.stringMatching(/^28:14 defs expect\[10\]\.check: the title 'I' is already used by the check at line 26/),
    ]);
    expect(formatProblem(list[0] as ConfigProblem)).toMatch(/case\d+\.yaml:5:7: \[defs\] expect\[0\]/);
  });

  it('needs a field_list for key checks', async () => {
    const list = await problems("s:\n  regex: 'a'\n  expect:\n    check: t\n    key: x\n    in: [y]\n");
    expect(list.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([expect.stringMatching(/^5:10 expect\.key: a key\/value search needs field_list/)]);
  });

  it('knows the columns merge_fields leaves', async () => {
    const s = await search(
      "s:\n  regex: '(?P<a>x)|(?P<b>y)'\n  field_list: [a, b]\n  merge_fields:\n    - source_columns: [a, b]\n      dest_column: ab\n  expect:\n    check: t\n    field: ab\n    in: [x]\n",
    );
    expect(s.checks[0]?.field).toBe('ab');
    const list = await problems(
      "s:\n  regex: '(?P<a>x)|(?P<b>y)'\n  field_list: [a, b]\n  merge_fields:\n    - source_columns: [a, b]\n      dest_column: ab\n  expect:\n    check: t\n    field: a\n    in: [x]\n",
    );
    expect(list[0]?.message).toMatch(/'a' is not a field of the search \(the search's fields are ab\)/);
  });
});
