import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCells, checkEvidence, evidenceState, markKey, type Mark } from '../../../src-worker/engine/marks';
import type { CheckTable } from '../../../src-worker/engine/types';
import { FINDINGS_FILE, FindingsStore, readMarks } from './findings-store';

const root = mkdtempSync(join(tmpdir(), 'kpat-findings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const folder = (): string => {
  const dir = join(root, `out${++n}`);
  return dir;
};

const table = (outcome: 'pass' | 'fail', text: string): CheckTable => ({
  search: 'linux_ssh_effective_settings',
  index: 3,
  check: 'Root cannot log in over SSH',
  severity: 'high',
  requirement: 'PCI DSS v4.0 8.2.2',
  comment: null,
  results: [{ system: 'web1', outcome, reason: 'r', evidence: [{ line: 40, text, fields: null }], evidenceTotal: 1 }],
});

function checkMark(t: CheckTable, override: Mark['override'] = null): Mark {
  const target = { kind: 'check' as const, system: 'web1', search: t.search, check: t.check };
  const cell = t.results[0];
  if (!cell) throw new Error('no cell');
  return { key: markKey(target), target, status: 'finding', note: 'root login open', override, by: 'ann', at: '2026-12-03T09:00:00.000Z', evidence: checkEvidence(cell.outcome, cell.evidence), line: 40 };
}

describe('findings file', () => {
  it('keeps marks across a reopen (a new store reading the same folder), written atomically', async () => {
    const dir = folder();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    const first = new FindingsStore();
    const t = table('fail', 'permitrootlogin yes');
    const override = { outcome: 'pass' as const, automatic: 'fail' as const };
    await first.put(dir, checkMark(t, override));
    const rowTarget = { kind: 'row' as const, system: 'web1', search: 'linux_usr_sudoers', text: 'randy ALL=(ALL) NOPASSWD: ALL' };
    await first.put(dir, { ...checkMark(t), key: markKey(rowTarget), target: rowTarget, status: 'follow-up', evidence: [rowTarget.text] });
    const cellTarget = { kind: 'cell' as const, system: 'web1', search: 'linux_ssh', column: 'permitrootlogin' };
    await first.put(dir, { ...checkMark(t), key: markKey(cellTarget), target: cellTarget, status: 'finding', evidence: ['yes'] });
    // The same target again replaces, never duplicates.
    await first.put(dir, { ...checkMark(t, override), note: 'accepted: jump host only' });
    expect(readdirSync(dir)).toEqual([FINDINGS_FILE]);
    const reopened = await new FindingsStore().list(dir);
    expect(reopened).toHaveLength(3);
    expect(reopened.find((m) => m.target.kind === 'check')).toMatchObject({ note: 'accepted: jump host only', override, by: 'ann' });
    expect(reopened.find((m) => m.target.kind === 'cell')).toMatchObject({ target: cellTarget, key: '["cell","web1","linux_ssh","permitrootlogin"]', evidence: ['yes'] });
    await new FindingsStore().remove(dir, markKey(rowTarget));
    expect(await readMarks(dir)).toHaveLength(2);
  });

  it('flags a mark whose evidence changed or is gone, and keeps it', () => {
    const marked = checkMark(table('fail', 'permitrootlogin yes'));
    const same = { checks: checkCells([table('fail', 'permitrootlogin yes')]), rowExists: () => true, cellValues: () => null };
    expect(evidenceState(marked, same)).toBe('current');
    const fixed = { checks: checkCells([table('pass', 'permitrootlogin no')]), rowExists: () => true, cellValues: () => null };
    expect(evidenceState(marked, fixed)).toBe('changed');
    expect(evidenceState(marked, { checks: new Map(), rowExists: () => true, cellValues: () => null })).toBe('gone');
    const row: Mark = { ...marked, target: { kind: 'row', system: 'web1', search: 's', text: 'x' } };
    expect(evidenceState(row, { checks: new Map(), rowExists: (t) => t.text === 'x', cellValues: () => null })).toBe('current');
    expect(evidenceState(row, { checks: new Map(), rowExists: () => false, cellValues: () => null })).toBe('gone');
    // A compare cell: its values as marked, other values (a new run), or its system / search gone.
    const cell: Mark = { ...marked, target: { kind: 'cell', system: 'web1', search: 's', column: 'permitrootlogin' }, evidence: ['yes'] };
    const cellRun = (values: string[] | null) => ({ checks: new Map(), rowExists: () => false, cellValues: () => values });
    expect(evidenceState(cell, cellRun(['yes']))).toBe('current');
    expect(evidenceState(cell, cellRun(['no']))).toBe('changed');
    expect(evidenceState(cell, cellRun([]))).toBe('changed');
    expect(evidenceState(cell, cellRun(null))).toBe('gone');
  });

  it('reports an unreadable findings file with its name and never overwrites it', async () => {
    const dir = folder();
    const { mkdir } = await import('node:fs/promises');
    await mkdir(dir);
    writeFileSync(join(dir, FINDINGS_FILE), '{"version":1,"marks":[{"key":1}]');
    const store = new FindingsStore();
    await expect(store.list(dir)).rejects.toThrow(new RegExp(`${FINDINGS_FILE} is not valid JSON`));
    await expect(store.put(dir, checkMark(table('fail', 'x')))).rejects.toThrow(/left as it is/);
    writeFileSync(join(dir, FINDINGS_FILE), '{"version":1,"marks":[{"key":1}]}');
    await expect(store.list(dir)).rejects.toThrow(/not a findings file \(at marks\.0/);
    expect(readFileSync(join(dir, FINDINGS_FILE), 'utf8')).toBe('{"version":1,"marks":[{"key":1}]}');
  });
});
