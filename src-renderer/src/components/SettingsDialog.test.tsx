// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { SettingsDialog } from './SettingsDialog';

afterEach(cleanup);

async function save() {
  await act(async () => {
    fireEvent.click(screen.getByTestId('settings-save'));
    await settle();
  });
}

async function open(options: Parameters<typeof createHarness>[0] = {}) {
  const h = createHarness({ maxWorkers: 4, ...options });
  await h.store.getState().actions.init();
  h.store.getState().actions.openSettings();
  renderWithStore(<SettingsDialog />, h);
  return h;
}

describe('SettingsDialog', () => {
  it('shows the current values and saves a valid change', async () => {
    const h = await open();
    const workers = screen.getByTestId('settings-worker-count') as HTMLInputElement;
    expect(workers.value).toBe('2');
    expect(document.activeElement).toBe(workers);
    fireEvent.change(workers, { target: { value: '3' } });
    fireEvent.click(screen.getByTestId('settings-write-json'));
    await save();
    expect(h.bridge.callsTo('saveSettings')).toEqual([[{ workerCount: 3, outputDir: null, perFileTimeoutSec: 120, openWorkbookWhenDone: false, writeJson: true }]]);
    expect(h.store.getState().settingsOpen).toBe(false);
  });

  it('fills the output folder from the folder picker, so that the host accepts it', async () => {
    const h = await open({ folderToChoose: '/data/reports' });
    await act(async () => {
      fireEvent.click(screen.getByTestId('settings-output-choose'));
      await settle();
    });
    expect((screen.getByTestId('settings-output-dir') as HTMLInputElement).value).toBe('/data/reports');
    await save();
    expect(h.bridge.callsTo('saveSettings')[0]?.[0]).toMatchObject({ outputDir: '/data/reports' });
  });

  it('refuses out-of-range input with messages next to the fields, and saves nothing', async () => {
    const h = await open();
    fireEvent.change(screen.getByTestId('settings-worker-count'), { target: { value: '5' } });
    fireEvent.change(screen.getByTestId('settings-output-dir'), { target: { value: 'relative/out' } });
    fireEvent.change(screen.getByTestId('settings-timeout'), { target: { value: '0' } });
    await save();
    expect(screen.getByTestId('set-workers-error').textContent).toBe('Enter a whole number from 1 to 4.');
    expect(screen.getByTestId('set-output-error').textContent).toMatch(/absolute folder path/);
    expect(screen.getByTestId('set-timeout-error')).toBeTruthy();
    expect(screen.getByTestId('settings-worker-count').getAttribute('aria-invalid')).toBe('true');
    expect(h.bridge.callsTo('saveSettings')).toEqual([]);
    expect(h.store.getState().settingsOpen).toBe(true);
    // Fixing a field clears its message.
    fireEvent.change(screen.getByTestId('settings-worker-count'), { target: { value: '4' } });
    expect(screen.queryByTestId('set-workers-error')).toBeNull();
  });

  it('shows the notice when the settings file was reset, and the host refusal', async () => {
    const h = await open({ notice: 'settings.json was not valid JSON; defaults are used.' });
    expect(screen.getByTestId('settings-notice').textContent).toMatch(/defaults are used/);
    h.bridge.failNext('saveSettings', 'disk full');
    await save();
    expect(screen.getByTestId('settings-save-error').textContent).toBe('Not saved: disk full');
    expect(h.store.getState().settingsOpen).toBe(true);
  });

  it('closes on Escape without saving', async () => {
    const h = await open();
    fireEvent.keyDown(screen.getByTestId('settings-dialog'), { key: 'Escape' });
    expect(h.store.getState().settingsOpen).toBe(false);
    expect(h.bridge.callsTo('saveSettings')).toEqual([]);
  });
});
