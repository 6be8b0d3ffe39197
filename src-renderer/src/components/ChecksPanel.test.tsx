// @vitest-environment happy-dom
// The Checks & marks tab against the fake bridge: the matrix shows each system's outcome, a cell
// opens its evidence and the mark editor, an override is sent with the mark and shown starred, a
// mark whose evidence changed or is gone says so, and a refused mark shows the core's message.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MarkView } from '../../../src-main/contract/ipc';
import type { FakeBridgeOptions } from '../testing/fake-bridge';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { ResultsScreen } from './ResultsScreen';

afterEach(cleanup);

async function checksTab(options: FakeBridgeOptions = {}) {
  const h = createHarness(options);
  const { actions } = h.store.getState();
  await actions.init();
  await actions.openFolder('/audits/acme-2026');
  await actions.startRun();
  h.bridge.emit({ type: 'done', summary: h.bridge.summary() });
  h.frames.flush();
  await settle();
  renderWithStore(<ResultsScreen />, h);
  await act(() => settle());
  fireEvent.click(screen.getByTestId('results-tab-checks'));
  await act(() => settle());
  return h;
}

const cellOf = (check: string, system: string) =>
  screen.getAllByTestId('check-cell').find((c) => c.getAttribute('data-check') === check && c.getAttribute('data-system') === system) as HTMLElement;

describe('ChecksPanel', () => {
  it('overrides a failed check with a note: the mark is sent, the cell shows the auditor’s outcome starred', async () => {
    const h = await checksTab();
    const cell = cellOf('No account without a password', 'rhel86-kp0.6.16-1');
    expect(cell.getAttribute('data-outcome')).toBe('fail');
    fireEvent.click(cell);
    const detail = screen.getByTestId('check-detail');
    expect(within(detail).getByTestId('check-evidence').textContent).toContain('Users_BlankPasswd::rhel86-kp0.6.16-1::backup::');
    fireEvent.click(within(detail).getByTestId('mark-status-ok'));
    fireEvent.change(within(detail).getByTestId('mark-override'), { target: { value: 'pass' } });
    fireEvent.change(within(detail).getByTestId('mark-note'), { target: { value: 'backup has a locked shadow entry' } });
    fireEvent.click(within(detail).getByTestId('mark-save'));
    await act(() => settle());
    expect(h.bridge.callsTo('putMark')).toEqual([
      ['run-1', { target: { kind: 'check', system: 'rhel86-kp0.6.16-1', search: '07_users_01_blank_passwd', check: 'No account without a password' }, status: 'ok', note: 'backup has a locked shadow entry', override: 'pass', line: null }],
    ]);
    const after = cellOf('No account without a password', 'rhel86-kp0.6.16-1');
    expect(after.getAttribute('data-outcome')).toBe('pass');
    expect(after.textContent).toContain('pass*');
    expect(screen.getByTestId('mark-meta').textContent).toContain('overrides fail with pass');
    expect(screen.getAllByTestId('mark-item')).toHaveLength(1);
  });

  it('a mark whose evidence changed or is gone is listed as such, not dropped', async () => {
    const base = { status: 'finding' as const, note: '', override: null, by: 'ann', at: '2026-12-01T09:00:00.000Z', evidence: ['x'], line: 3 };
    const marks: MarkView[] = [
      { ...base, key: 'k1', target: { kind: 'check', system: 'rhel86-kp0.6.16-1', search: '05_security_01_aide_config', check: 'File integrity monitoring configured' }, evidenceState: 'changed' },
      { ...base, key: 'k2', target: { kind: 'row', system: 'ubuntu-22.04-0.6.22', search: '07_users_01_blank_passwd', text: 'Users_BlankPasswd::old::' }, evidenceState: 'gone' },
    ];
    await checksTab({ marks });
    expect(screen.getAllByTestId('mark-item-state').map((e) => e.textContent)).toEqual(['evidence changed', 'evidence gone']);
  });

  it('marks a cell of Compare systems (one setting on one system): sent with its column, dotted in the grid, listed with its values', async () => {
    const h = await checksTab();
    fireEvent.click(screen.getByTestId('results-tab-searches'));
    await act(() => settle());
    fireEvent.click(screen.getAllByTestId('results-search-item').find((b) => b.getAttribute('data-search') === '01_system_01_bios') as HTMLElement);
    await act(() => settle());
    fireEvent.click(screen.getByTestId('view-mode-compare'));
    await act(() => settle());
    // One row per system; the search lists one vendor per system, so the grid is vendor → version.
    const first = screen.getAllByTestId('compare-cell').find((c) => c.textContent === '2.17.0') as HTMLElement;
    const system = first.closest('[data-system]')?.getAttribute('data-system') as string;
    const column = first.getAttribute('data-column') as string;
    expect(column).toBe('Dell Inc.');
    const gridCell = () => screen.getAllByTestId('compare-cell').find((c) => c.closest('[data-system]')?.getAttribute('data-system') === system && c.getAttribute('data-column') === column) as HTMLElement;
    fireEvent.click(within(gridCell()).getByTestId('compare-cell-mark'));
    const detail = screen.getByTestId('compare-cell-detail');
    expect(within(detail).getByTestId('compare-cell-values').textContent).toBe('2.17.0');
    fireEvent.click(within(detail).getByTestId('mark-status-follow-up'));
    fireEvent.change(within(detail).getByTestId('mark-note'), { target: { value: 'BIOS older than the fleet' } });
    expect(within(detail).queryByTestId('mark-override')).toBeNull();
    fireEvent.click(within(detail).getByTestId('mark-save'));
    await act(() => settle());
    expect(h.bridge.callsTo('putMark')).toEqual([
      ['run-1', { target: { kind: 'cell', system, search: '01_system_01_bios', column: 'Dell Inc.' }, status: 'follow-up', note: 'BIOS older than the fleet', override: null, line: null }],
    ]);
    expect(gridCell().getAttribute('data-mark')).toBe('follow-up');
    expect(within(screen.getByTestId('compare-cell-detail')).getByTestId('mark-meta').textContent).toContain('Evidence as marked');
    fireEvent.click(screen.getByTestId('compare-cell-close'));
    expect(screen.queryByTestId('compare-cell-detail')).toBeNull();
    fireEvent.click(screen.getByTestId('results-tab-checks'));
    await act(() => settle());
    const item = screen.getByTestId('mark-item');
    expect(item.getAttribute('data-kind')).toBe('cell');
    expect(within(item).getByTestId('mark-item-cell').textContent).toBe('Dell Inc. = 2.17.0');
    expect(item.textContent).toContain(`${system} · 01_system_01_bios (compare)`);
  });

  it('a refused mark shows the core’s message and keeps what was typed', async () => {
    const h = await checksTab();
    fireEvent.click(cellOf('No account without a password', 'ubuntu-22.04-0.6.22'));
    fireEvent.change(screen.getByTestId('mark-note'), { target: { value: 'keep me' } });
    h.bridge.failNext('putMark', 'The findings file /out/kpat-findings.json is not valid JSON; it is left as it is');
    fireEvent.click(screen.getByTestId('mark-save'));
    await act(() => settle());
    expect(screen.getByTestId('mark-error').textContent).toContain('is not valid JSON');
    expect((screen.getByTestId('mark-note') as HTMLTextAreaElement).value).toBe('keep me');
  });

  it('exports the report as HTML and offers to open it', async () => {
    const h = await checksTab();
    fireEvent.click(screen.getByTestId('export-report-html'));
    await act(() => settle());
    expect(h.bridge.callsTo('exportReport')).toEqual([['run-1', 'html']]);
    expect(screen.getByTestId('report-status').textContent).toContain('kpat_report-20261203-080000.html');
    fireEvent.click(screen.getByTestId('open-report'));
    await act(() => settle());
    expect(h.bridge.callsTo('openPath')).toEqual([['/audits/acme-2026/results/kpat_report-20261203-080000.html']]);
  });
});
