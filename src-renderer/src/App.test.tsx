// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { shortcutFor } from './hooks/shortcuts';
import { createHarness, renderWithStore, settle } from './testing/harness';

afterEach(cleanup);

async function app(options: Parameters<typeof createHarness>[0] = {}) {
  const h = createHarness(options);
  renderWithStore(<App />, h);
  await act(() => settle());
  return h;
}

const key = (init: KeyboardEventInit) => act(() => void fireEvent.keyDown(window, init));

describe('App', () => {
  it('maps the keys of the native menu', () => {
    expect(shortcutFor({ key: 'o', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false })).toBe('open-folder');
    expect(shortcutFor({ key: 'O', ctrlKey: false, metaKey: true, altKey: false, shiftKey: false })).toBe('open-folder');
    expect(shortcutFor({ key: 'Enter', ctrlKey: true, metaKey: false, altKey: false, shiftKey: false })).toBe('run');
    expect(shortcutFor({ key: 'Escape', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false })).toBe('cancel');
    expect(shortcutFor({ key: 'o', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false })).toBeNull();
  });

  it('Ctrl+O opens a folder, Ctrl+Enter runs, Esc cancels', async () => {
    const h = await app();
    expect(screen.getByTestId('view-start')).toBeTruthy();
    expect(screen.getAllByTestId('recent-folder')).toHaveLength(2);
    await key({ key: 'o', ctrlKey: true });
    await act(() => settle());
    expect(screen.getByTestId('view-prepare')).toBeTruthy();
    expect(screen.getAllByTestId('system-row')).toHaveLength(6);
    await key({ key: 'Enter', ctrlKey: true });
    await act(() => settle());
    expect(screen.getByTestId('view-run')).toBeTruthy();
    await key({ key: 'Escape' });
    await act(() => settle());
    expect(h.bridge.callsTo('cancelRun')).toEqual([['run-1', 'keep']]);
    // A second Escape does not force: that stays a deliberate click.
    await key({ key: 'Escape' });
    expect(h.bridge.callsTo('cancelRun')).toHaveLength(1);
    act(() => {
      h.bridge.emit({ type: 'done', summary: h.bridge.summary({ outcome: 'cancelled', families: [] }) });
      h.frames.flush();
    });
    await act(() => settle());
    expect(screen.getByTestId('view-prepare')).toBeTruthy();
    expect(screen.getByTestId('banner').textContent).toMatch(/cancelled/i);
    expect((screen.getByTestId('run-button') as HTMLButtonElement).disabled).toBe(false);
  });

  it('Escape closes the settings dialog before it would cancel anything', async () => {
    const h = await app();
    fireEvent.click(screen.getByTestId('settings-button'));
    expect(screen.getByTestId('settings-dialog')).toBeTruthy();
    fireEvent.keyDown(screen.getByTestId('settings-worker-count'), { key: 'Escape' });
    expect(screen.queryByTestId('settings-dialog')).toBeNull();
    expect(h.bridge.callsTo('cancelRun')).toEqual([]);
  });

  it('Keyboard shortcuts: Ctrl+/, the header button and the Help menu command open the sheet; Escape closes it', async () => {
    const h = await app();
    await key({ key: '/', ctrlKey: true });
    const dialog = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const rows = within(dialog).getAllByTestId('shortcut-row').map((r) => r.textContent);
    expect(rows).toContain('Ctrl+OOpen a folder of audit results');
    expect(rows).toContain('EnterOpen the search and go to its rows');
    // While it is open, the window-wide keys wait (Ctrl+O would open a picker behind it).
    await key({ key: 'o', ctrlKey: true });
    expect(h.bridge.callsTo('chooseFolder')).toEqual([]);
    fireEvent.keyDown(within(dialog).getByTestId('shortcuts-dialog-close'), { key: 'Escape' });
    expect(screen.queryByTestId('shortcuts-dialog')).toBeNull();
    fireEvent.click(screen.getByTestId('shortcuts-button'));
    expect(screen.getByTestId('shortcuts-dialog')).toBeTruthy();
    fireEvent.click(screen.getByTestId('shortcuts-dialog-close'));
    expect(screen.queryByTestId('shortcuts-dialog')).toBeNull();
    await act(() => h.store.getState().actions.command('shortcuts'));
    expect(screen.getByTestId('shortcuts-dialog')).toBeTruthy();
  });

  it('a finished run shows the summary, the searches and the workbook buttons', async () => {
    const h = await app();
    fireEvent.click(screen.getByTestId('open-folder-button'));
    await act(() => settle());
    fireEvent.click(screen.getByTestId('run-button'));
    await act(() => settle());
    act(() => {
      h.bridge.emit({ type: 'done', summary: h.bridge.summary() });
      h.frames.flush();
    });
    await act(() => settle());
    expect(screen.getByTestId('results-view')).toBeTruthy();
    expect(screen.getByTestId('systems-per-family-Windows').textContent).toContain('3');
    const bars = within(screen.getByTestId('hits-chart')).getAllByTestId('hits-bar');
    expect(bars[0]!.dataset.search).toBe('05_security_01_aide_config');
    expect(screen.getByTestId('empty-searches').textContent).toContain('06_logging_03_auditd_setuid');

    fireEvent.click(screen.getByTestId('open-workbook-Linux'));
    fireEvent.click(screen.getByTestId('show-in-folder-Windows'));
    await act(() => settle());
    expect(h.bridge.callsTo('openPath')).toEqual([['/audits/acme-2026/results/Linux.xlsx']]);
    expect(h.bridge.callsTo('showInFolder')).toEqual([['/audits/acme-2026/results/Windows.xlsx']]);

    // A bar opens its search's table.
    fireEvent.click(bars[1]!);
    await act(() => settle());
    expect(screen.getByTestId('search-table').dataset.search).toBe(bars[1]!.dataset.search);
    const items = screen.getAllByTestId('results-search-item');
    expect(items.find((i) => i.getAttribute('aria-current') === 'true')?.dataset.search).toBe(bars[1]!.dataset.search);

    fireEvent.click(screen.getByTestId('results-tab-systems'));
    expect(screen.getAllByTestId('results-system-row').length).toBeGreaterThan(0);
  });
});
