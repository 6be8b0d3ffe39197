// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { RunScreen } from './RunScreen';

afterEach(cleanup);

async function running() {
  const h = createHarness();
  await h.store.getState().actions.init();
  await h.store.getState().actions.openFolder('/audits/acme-2026');
  await h.store.getState().actions.startRun();
  await settle();
  return h;
}

describe('RunScreen', () => {
  it('renders a burst of progress events once per frame, showing the latest', async () => {
    const h = await running();
    let commits = 0;
    renderWithStore(
      <Profiler id="run" onRender={() => (commits += 1)}>
        <RunScreen />
      </Profiler>,
      h,
    );
    const before = commits;
    const bytesTotal = h.bridge.progress().bytesTotal;
    act(() => {
      for (let i = 1; i <= 1000; i += 1) {
        h.bridge.emit({ type: 'progress', progress: h.bridge.progress({ filesDone: Math.floor(i / 200), systemsSearched: Math.floor(i / 200), bytesDone: Math.ceil((bytesTotal * i) / 2000), rowsFound: i * 3 }) });
      }
    });
    expect(commits).toBe(before);
    act(() => void h.frames.flush());
    expect(commits).toBe(before + 1);
    const bar = screen.getByTestId('progress-bar');
    // Half the bytes searched: the search phase spans 12..90 % of the whole run.
    expect(bar.getAttribute('aria-valuenow')).toBe('51');
    expect(screen.getByTestId('progress-files').textContent).toBe('5 / 6');
    expect(screen.getByTestId('rows-found').textContent).toBe('3,000');
  });

  it('lists one row per worker with its task, and warnings as they come', async () => {
    const h = await running();
    renderWithStore(<RunScreen />, h);
    act(() => {
      h.bridge.emit({
        type: 'progress',
        progress: h.bridge.progress({
          workers: [
            { id: 1, state: 'busy', task: 'linux/rhel86-kp0.6.16-1.txt', pid: 11, detail: '156 searches in one pass, line 8,192 of 20,000', taskMs: 1_500 },
            { id: 2, state: 'idle', task: null, pid: 12, detail: null, taskMs: null },
          ],
          etaSeconds: 65,
        }),
      });
      h.bridge.emit({ type: 'warning', runId: 'run-1', message: 'decoded as cp1252', file: 'windows/w11.txt' });
      h.frames.flush();
    });
    const rows = screen.getAllByTestId('worker-row');
    expect(rows.map((r) => r.dataset.state)).toEqual(['busy', 'idle']);
    expect(rows[0]!.textContent).toContain('linux/rhel86-kp0.6.16-1.txt');
    // What it is on within the file, and for how long.
    expect(rows[0]!.querySelector('[data-testid="worker-detail"]')?.textContent).toBe('156 searches in one pass, line 8,192 of 20,000');
    expect(rows[0]!.querySelector('[data-testid="worker-time"]')?.textContent).toBe('0:02');
    expect(rows[1]!.querySelector('[data-testid="worker-time"]')?.textContent).toBe('—');
    expect(screen.getByTestId('progress-eta').textContent).toBe('1:05');
    expect(screen.getByTestId('run-log-entry').textContent).toContain('decoded as cp1252');
  });

  it('counts searched systems, with skipped and failed files apart (not in the systems count)', async () => {
    const h = await running();
    renderWithStore(<RunScreen />, h);
    act(() => {
      h.bridge.emit({ type: 'progress', progress: h.bridge.progress({ filesDone: 11, filesTotal: 13, systemsSearched: 8, filesSkipped: 2, filesFailed: 1 }) });
      h.frames.flush();
    });
    // 13 files, 2 of them not audit results: 11 systems to search, 8 searched.
    expect(screen.getByTestId('progress-files').textContent).toBe('8 / 11');
    expect(screen.getByTestId('progress-files-apart').textContent).toBe('2 skipped · 1 failed');
  });

  it('says where the run is stalled instead of a countdown', async () => {
    const h = await running();
    renderWithStore(<RunScreen />, h);
    act(() => {
      const stalled = { task: 'linux/big.txt', detail: 'search “Runaway”', forMs: 42_000, worker: 1 };
      h.bridge.emit({ type: 'progress', progress: h.bridge.progress({ etaSeconds: null, stalled }) });
      h.frames.flush();
    });
    const eta = screen.getByTestId('progress-eta');
    expect(eta.textContent).toBe('Stalled');
    expect(eta.dataset.stalled).toBe('true');
    expect(screen.getByTestId('stall-notice').textContent).toBe(
      'Stalled on linux/big.txt / search “Runaway” for 0:42: no file has finished for longer than files usually take.',
    );
  });

  it('shows each workbook being written: rows written of rows to write, the sheet and the worker', async () => {
    const h = await running();
    renderWithStore(<RunScreen />, h);
    act(() => {
      const exports = [
        { family: 'Linux' as const, step: 'sheets' as const, rowsWritten: 5_000, rowsTotal: 12_000, sheet: 'Installed packages', worker: 2 },
        { family: 'Windows' as const, step: 'done' as const, rowsWritten: 3_100, rowsTotal: 3_100, sheet: null, worker: null },
        { family: 'Darwin' as const, step: 'waiting' as const, rowsWritten: 0, rowsTotal: 900, sheet: null, worker: null },
      ];
      h.bridge.emit({ type: 'progress', progress: h.bridge.progress({ phase: 'exporting', filesDone: 6, filesTotal: 6, exports, etaSeconds: 9 }) });
      h.frames.flush();
    });
    const rows = screen.getAllByTestId('export-row');
    expect(rows.map((r) => r.dataset.family)).toEqual(['Linux', 'Windows', 'Darwin']);
    expect(rows[0]!.textContent).toContain('5,000 / 12,000');
    expect(rows[0]!.textContent).toContain('Installed packages');
    expect(rows[0]!.textContent).toContain('#2');
    expect(rows[1]!.dataset.step).toBe('done');
    expect(screen.getByTestId('progress-files').textContent).toBe('1 / 3');
    expect(screen.getByTestId('progress-eta').textContent).toBe('0:09');
  });

  it('Cancel turns into Force stop while cancelling', async () => {
    const h = await running();
    renderWithStore(<RunScreen />, h);
    const button = screen.getByTestId('cancel-button');
    // The key hint is not part of the accessible name.
    expect(screen.getByRole('button', { name: 'Cancel' })).toBe(button);
    expect(button.dataset.action).toBe('cancel');
    await act(async () => {
      fireEvent.click(button);
      await settle();
    });
    expect(screen.getByRole('button', { name: 'Force stop' })).toBe(screen.getByTestId('cancel-button'));
    expect(screen.getByTestId('progress-phase').dataset.phase).toBe('cancelling');
    await act(async () => {
      fireEvent.click(screen.getByTestId('cancel-button'));
      await settle();
    });
    expect(h.bridge.callsTo('cancelRun')).toEqual([
      ['run-1', 'keep'],
      ['run-1', 'force'],
    ]);
    expect((screen.getByTestId('cancel-button') as HTMLButtonElement).disabled).toBe(true);
  });

  it('the phase pill tells the outcome: a green Done only for a complete run, a warning for a partial or cancelled one, an error for a failed one', async () => {
    const cases = [
      ['complete', 'done', 'Done', 'progress'],
      ['partial', 'partial', 'Partial results', 'progress is-warn'],
      ['cancelled', 'cancelled', 'Cancelled', 'progress is-warn'],
      ['failed', 'failed', 'Failed', 'progress is-failed'],
    ] as const;
    for (const [outcome, phase, label, bar] of cases) {
      const h = await running();
      renderWithStore(<RunScreen />, h);
      await act(async () => {
        h.bridge.emit({ type: 'done', summary: h.bridge.summary({ runId: 'run-1', outcome, ...(outcome === 'failed' ? { error: 'boom' } : {}) }) });
        h.frames.flush();
        await settle();
      });
      const pill = screen.getByTestId('progress-phase');
      expect([outcome, pill.dataset.phase, pill.textContent, pill.className]).toEqual([outcome, phase, label, `phase-pill phase-${phase}`]);
      // The bar in the same tone: warning for partial and cancelled, error for failed.
      expect(screen.getByTestId('progress-bar').className).toBe(bar);
      cleanup();
    }
  });

  it('names a file once in the log: a message that names it shows it in place, not beside it again', async () => {
    const h = await running();
    renderWithStore(<RunScreen />, h);
    act(() => {
      h.bridge.emit({ type: 'warning', runId: 'run-1', message: 'Retrying linux.txt: no result after 1 s', file: 'linux.txt', kind: 'retry' });
      h.bridge.emit({ type: 'error', runId: 'run-1', message: 'linux.txt is partial: search "runaway" left out: it ran past the 1 s watchdog', file: 'linux.txt', search: 'runaway', kind: 'file-failed' });
      h.bridge.emit({ type: 'warning', runId: 'run-1', message: 'decoded as cp1252', file: 'windows/w11.txt' });
      h.frames.flush();
    });
    const [retry, failed, decoded] = screen.getAllByTestId('run-log-entry');
    expect(retry?.textContent).toBe('warningRetrying linux.txt: no result after 1 s');
    expect(failed?.textContent).toBe('errorlinux.txt is partial: search "runaway" left out: it ran past the 1 s watchdog');
    expect(failed?.querySelector('.log-message code')?.textContent).toBe('linux.txt');
    expect(decoded?.textContent).toBe('warningwindows/w11.txtdecoded as cp1252');
  });
});
