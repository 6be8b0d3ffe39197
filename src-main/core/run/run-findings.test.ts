// A run's marks as the UI sees them: a mark's evidence is taken from the run (never from the
// page), an override keeps the automatic outcome it replaced with who and when, and a mark whose
// evidence changed in a later run (or is gone) is flagged, never dropped.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkRequest } from '../../contract/ipc';
import { loadSearchSet } from '../../../src-worker/engine/config/load';
import type { CheckResult, SearchSpec, SystemInfo } from '../../../src-worker/engine/types';
import { familyChecks, findingsView, markFromRequest, type ReportSource } from './run-findings';

const dir = mkdtempSync(join(tmpdir(), 'kpat-run-findings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let searches: SearchSpec[];
beforeAll(async () => {
  const file = join(dir, 'set.yaml');
  writeFileSync(
    file,
    "ssh:\n  regex: '^sshd::(?P<setting>permitrootlogin)\\s+(?P<value>\\S+)'\n  field_list: [setting, value]\n  os_family: Linux\n  expect:\n    check: Root cannot log in over SSH\n    key: permitrootlogin\n    in: ['no', prohibit-password]\n",
  );
  searches = (await loadSearchSet(file)).searches;
});

const system = (name: string): SystemInfo =>
  ({ systemName: name, filePath: `/in/${name}.txt`, relPath: `${name}.txt`, osFamily: 'Linux', sizeBytes: 1, sha384: 'a'.repeat(96) }) as SystemInfo;

function source(outcome: CheckResult['outcome'], text: string, rows: string[], rootLogin: string[] = ['yes']): ReportSource {
  const check: CheckResult = { search: 0, check: 'Root cannot log in over SSH', outcome, reason: 'r', evidence: [{ line: 7, text, fields: null }], evidenceTotal: 1 };
  return {
    appVersion: '0.1.0',
    setTitle: 'set.yaml',
    setHash: { label: 'Search set SHA-256', value: 'b'.repeat(64) },
    inputFolder: '/in',
    outputDir: dir,
    startedAt: '2026-12-03T08:00:00.000Z',
    elapsedMs: 1,
    outcome: 'complete',
    families: familyChecks(searches, [{ system: system('web1'), checks: [check] }]),
    rowExists: async (t) => t.system === 'web1' && t.search === 'ssh' && rows.includes(t.text),
    cellValues: async (t) => (t.system === 'web1' && t.search === 'ssh' ? (t.column === 'permitrootlogin' ? rootLogin : []) : null),
  };
}

const checkReq: MarkRequest = { target: { kind: 'check', system: 'web1', search: 'ssh', check: 'Root cannot log in over SSH' }, status: 'ok', note: 'jump host only', override: 'pass', line: null };
const cellReq: MarkRequest = { target: { kind: 'cell', system: 'web1', search: 'ssh', column: 'permitrootlogin' }, status: 'finding', note: 'differs from the fleet', override: null, line: null };
const rowReq: MarkRequest = { target: { kind: 'row', system: 'web1', search: 'ssh', text: 'sshd::permitrootlogin yes' }, status: 'finding', note: 'open', override: null, line: 7 };

describe('markFromRequest', () => {
  it('takes the evidence from the run and keeps the automatic outcome an override replaced, with who and when', async () => {
    const src = source('fail', 'sshd::permitrootlogin yes', ['sshd::permitrootlogin yes']);
    const at = new Date('2026-12-03T09:00:00.000Z');
    expect(await markFromRequest(src, checkReq, 'ann', at)).toMatchObject({
      override: { outcome: 'pass', automatic: 'fail' },
      evidence: ['fail', 'sshd::permitrootlogin yes'],
      line: 7,
      by: 'ann',
      at: '2026-12-03T09:00:00.000Z',
    });
    expect(await markFromRequest(src, rowReq, 'ann', at)).toMatchObject({ evidence: ['sshd::permitrootlogin yes'], line: 7, override: null });
    // A compare cell: its values in the run are the evidence.
    expect(await markFromRequest(src, cellReq, 'ann', at)).toMatchObject({ key: '["cell","web1","ssh","permitrootlogin"]', evidence: ['yes'], line: null, override: null, by: 'ann' });
  });

  it('refuses a target that is not in the run and an override on a row', async () => {
    const src = source('fail', 'x', []);
    await expect(markFromRequest(src, rowReq, 'ann', new Date())).rejects.toThrow(/not among the results of ssh on web1/);
    await expect(markFromRequest(src, { ...checkReq, target: { ...checkReq.target, system: 'db9' } } as MarkRequest, 'ann', new Date())).rejects.toThrow(/has no result on db9/);
    await expect(markFromRequest(source('fail', 'x', ['sshd::permitrootlogin yes']), { ...rowReq, override: 'pass' }, 'ann', new Date())).rejects.toThrow(/Only a check result can be overridden/);
    await expect(markFromRequest(src, { ...cellReq, target: { ...cellReq.target, system: 'db9' } } as MarkRequest, 'ann', new Date())).rejects.toThrow(/The cell to mark \(permitrootlogin on db9\) is not among the results of ssh/);
    await expect(markFromRequest(src, { ...cellReq, override: 'pass' }, 'ann', new Date())).rejects.toThrow(/not a compare cell/);
  });
});

describe('findingsView', () => {
  it('flags a mark whose evidence changed in a later run, and one whose row is gone; none is dropped', async () => {
    const first = source('fail', 'sshd::permitrootlogin yes', ['sshd::permitrootlogin yes']);
    const marks = [await markFromRequest(first, checkReq, 'ann', new Date()), await markFromRequest(first, rowReq, 'ann', new Date()), await markFromRequest(first, cellReq, 'ann', new Date())];
    expect((await findingsView('r1', join(dir, 'kpat-findings.json'), first, marks, null)).marks.map((m) => m.evidenceState)).toEqual(['current', 'current', 'current']);
    // The next collection: the setting was changed to "no", so the check passes on other evidence.
    const later = source('pass', 'sshd::permitrootlogin no', ['sshd::permitrootlogin no'], ['no']);
    const view = await findingsView('r2', join(dir, 'kpat-findings.json'), later, marks, null);
    expect(view.marks.map((m) => [m.target.kind, m.evidenceState])).toEqual([
      ['check', 'changed'],
      ['row', 'gone'],
      ['cell', 'changed'],
    ]);
    // The system is no longer in the run: the cell mark's evidence is gone, the mark kept.
    const without: ReportSource = { ...later, cellValues: async () => null };
    expect((await findingsView('r3', join(dir, 'kpat-findings.json'), without, marks, null)).marks.map((m) => m.evidenceState)).toEqual(['changed', 'gone', 'gone']);
    expect(view.families).toEqual([{ family: 'Linux', checks: [expect.objectContaining({ check: 'Root cannot log in over SSH', results: [expect.objectContaining({ system: 'web1', outcome: 'pass' })] })] }]);
  });
});
