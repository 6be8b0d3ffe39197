// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SearchSetRef } from '../../../src-main/contract/ipc';
import { defaultReport, FAKE_AD_SYSTEM, FAKE_SEARCHES, FAKE_SYSTEMS } from '../testing/fake-bridge';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { PrepareScreen } from './PrepareScreen';

afterEach(cleanup);

const BROKEN = '/home/me/broken.yaml';

function report(ref: SearchSetRef) {
  const clean = defaultReport(ref, FAKE_SEARCHES, FAKE_SYSTEMS);
  if (ref.kind !== 'file') return clean;
  return {
    ...clean,
    warnings: ['Two searches are named "bios"; both run.'],
    problems: [
      { file: BROKEN, line: 12, column: 9, search: 'sshd_config', message: 'regex: unterminated group' },
      { file: '/home/me/inc/users.yaml', line: 3, column: null, search: null, message: 'include_ file not found' },
    ],
  };
}

async function prepared() {
  const h = createHarness({ report, searchFileToChoose: BROKEN });
  await h.store.getState().actions.init();
  await h.store.getState().actions.openFolder('/audits/acme-2026');
  renderWithStore(<PrepareScreen />, h);
  await act(() => settle());
  return h;
}

describe('PrepareScreen', () => {
  it('lists the systems found and the skipped files with why', async () => {
    await prepared();
    const rows = screen.getAllByTestId('system-row');
    expect(rows.map((r) => r.dataset.systemName)).toEqual(FAKE_SYSTEMS.map((s) => s.systemName));
    expect(rows[0]!.textContent).toContain('rhel86-web01');
    expect(rows[0]!.textContent).toContain('kpnixaudit 0.6.16');
    expect(screen.getByTestId('skipped-row').textContent).toContain('No audit script header');
  });

  it('lists an Active Directory collection with its domain, levels, collector host type and time', async () => {
    const h = createHarness({ systems: [...FAKE_SYSTEMS, FAKE_AD_SYSTEM] });
    await h.store.getState().actions.init();
    await h.store.getState().actions.openFolder('/audits/acme-2026');
    renderWithStore(<PrepareScreen />, h);
    await act(() => settle());
    const row = screen.getAllByTestId('system-row').find((r) => r.dataset.osFamily === 'ActiveDirectory');
    expect(row?.textContent).toContain('Active Directory shire.example.com (SHIRE), Windows2016Domain');
    expect(row?.textContent).toContain('kpadaudit');
    expect(row?.textContent).not.toContain('kpadaudit ');
    expect(within(row!).getByTestId('system-ad-details').textContent).toBe('forest level not collected · collected 7/28/2025 5:24 PM · on Server2022');
  });

  it('names a Windows 11 build Windows 11 (its registry says Windows 10) and counts families and producer versions', async () => {
    await prepared();
    const win11 = screen.getAllByTestId('system-row').find((r) => r.dataset.systemName === 'windows11-0.4.8');
    expect(win11?.textContent).toContain('Windows 11 Pro (Build 22631.5335)');
    expect(win11?.textContent).not.toContain('Windows 10');
    expect(screen.getByTestId('systems-tally').textContent).toContain('Windows 3');
    expect(screen.getByTestId('systems-tally').textContent).toContain('kpwinaudit 0.4.7 2');
    expect(screen.queryByTestId('review-flags')).toBeNull();
  });

  it('flags files with identical content and leaves an unchecked system out of the run', async () => {
    const copy = { ...FAKE_SYSTEMS[0]!, filePath: '/audits/acme-2026/copy/rhel86-kp0.6.16-1.txt', relPath: 'copy/rhel86-kp0.6.16-1.txt' };
    const h = createHarness({ systems: [...FAKE_SYSTEMS, copy] });
    await h.store.getState().actions.init();
    await h.store.getState().actions.openFolder('/audits/acme-2026');
    renderWithStore(<PrepareScreen />, h);
    await act(() => settle());
    expect(screen.getByTestId('flag-same-content').textContent).toContain('2 files with identical content');
    expect(screen.getAllByTestId('system-flag').map((f) => f.textContent)).toEqual([expect.stringContaining('Same content as copy/rhel86-kp0.6.16-1.txt'), expect.stringContaining('Same content as linux/rhel86-kp0.6.16-1.txt')]);
    const row = screen.getAllByTestId('system-row').find((r) => r.dataset.systemName === 'ubuntu-22.04-0.6.22')!;
    fireEvent.click(within(row).getByTestId('system-include'));
    await act(() => settle());
    expect(h.store.getState().excluded).toEqual(['linux/ubuntu-22.04-0.6.22.txt']);
    expect(screen.getByTestId('systems-excluded-count').textContent).toContain('1 excluded');
    expect(screen.getByTestId('run-status').textContent).toContain('6 systems');
    await act(() => h.store.getState().actions.startRun());
    const started = h.bridge.calls.find((c) => c.method === 'startRun');
    expect(started?.args[0]).toMatchObject({ exclude: ['linux/ubuntu-22.04-0.6.22.txt'] });
  });

  it('shows searches per family and enables Run for a clean set', async () => {
    await prepared();
    expect(screen.getByTestId('search-count').textContent).toContain(String(FAKE_SEARCHES.length));
    expect(screen.getByTestId('search-count-Linux').textContent).toContain('4');
    expect(screen.getByTestId('search-count-Windows').textContent).toContain('3');
    expect((screen.getByTestId('run-button') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByRole('button', { name: 'Run' })).toBe(screen.getByTestId('run-button'));
    expect(screen.queryByTestId('config-problems')).toBeNull();
  });

  it('a broken YAML file: problems listed with file:line, Run disabled', async () => {
    const h = await prepared();
    await act(async () => {
      fireEvent.click(screen.getByTestId('choose-search-file'));
      await settle();
    });
    const problems = screen.getByTestId('config-problems');
    expect(problems.getAttribute('role')).toBe('alert');
    const locations = within(problems).getAllByTestId('config-problem-location').map((e) => e.textContent);
    expect(locations).toEqual([`${BROKEN}:12:9`, '/home/me/inc/users.yaml:3']);
    expect(problems.textContent).toContain('regex: unterminated group');
    expect(problems.textContent).toContain('sshd_config');
    expect(screen.getByTestId('config-warnings').textContent).toContain('Two searches are named');
    const run = screen.getByTestId('run-button') as HTMLButtonElement;
    expect(run.disabled).toBe(true);
    expect(screen.getByTestId('run-status').textContent).toBe('Fix the problems in the search set first.');
    fireEvent.click(run);
    await act(() => settle());
    expect(h.bridge.callsTo('startRun')).toEqual([]);
  });

  it('the configuration report lists every search with its filters and systems', async () => {
    await prepared();
    fireEvent.click(screen.getByTestId('config-report-toggle'));
    const rows = screen.getAllByTestId('config-report-row');
    expect(rows).toHaveLength(FAKE_SEARCHES.length);
    expect(rows[0]!.textContent).toContain('os_family = Linux');
    expect(rows[0]!.textContent).toContain('rhel86-kp0.6.16-1, ubuntu-22.04-0.6.22');
    expect(rows[1]!.textContent).toContain('fields: vendorName, version');
  });
});
