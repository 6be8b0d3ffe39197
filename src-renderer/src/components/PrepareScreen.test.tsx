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
