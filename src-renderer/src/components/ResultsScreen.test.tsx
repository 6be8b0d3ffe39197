// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../../src-main/contract/ipc';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { ResultsScreen } from './ResultsScreen';

afterEach(cleanup);

async function finished(patch: (h: ReturnType<typeof createHarness>) => Partial<RunSummary>) {
  const h = createHarness();
  const { actions } = h.store.getState();
  await actions.init();
  await actions.openFolder('/audits/acme-2026');
  await actions.startRun();
  h.bridge.emit({ type: 'done', summary: h.bridge.summary(patch(h)) });
  h.frames.flush();
  await settle();
  renderWithStore(<ResultsScreen />, h);
  await act(() => settle());
  return h;
}

describe('ResultsScreen', () => {
  it('a complete run: a tick, no failed files, no retry', async () => {
    await finished(() => ({}));
    expect(screen.getByTestId('run-outcome').getAttribute('data-outcome')).toBe('complete');
    expect(screen.getByTestId('run-outcome').textContent).toMatch(/^ ?Done in/);
    expect(screen.queryByTestId('retry-failed-button')).toBeNull();
  });

  it('a partial run is a warning: the failed files with reasons at the top, and Retry failed files', async () => {
    const h = await finished(() => ({
      outcome: 'partial',
      failedFiles: [{ relPath: 'linux/evil.txt', reason: 'no result after 5 s (search "runaway")', search: 'runaway' }],
      familiesWithoutWorkbook: [{ family: 'Darwin', reason: 'none of its 1 file could be searched (see the failed files)' }],
    }));
    const heading = screen.getByTestId('run-outcome');
    expect(heading.getAttribute('data-outcome')).toBe('partial');
    expect(heading.textContent).toContain('Partial results');
    expect(heading.querySelector('.ok-icon')).toBeNull();
    expect(screen.getAllByTestId('failed-file').map((li) => li.textContent)).toEqual(['linux/evil.txt — no result after 5 s (search "runaway")']);
    expect(screen.getByTestId('families-without-workbook').textContent).toContain('No macOS workbook: none of its 1 file could be searched');
    fireEvent.click(screen.getByTestId('retry-failed-button'));
    await act(() => settle());
    expect(h.bridge.callsTo('retryFailed')).toEqual([['run-1']]);
    expect(h.store.getState().view).toBe('run');
  });

  it('a cancelled run says what its workbooks hold and what was not searched', async () => {
    await finished((h) => {
      const base = h.bridge.summary();
      return { outcome: 'cancelled', filesTotal: 12, filesSearched: 4, systems: 4, families: base.families.slice(0, 1) };
    });
    expect(screen.getByTestId('run-outcome').textContent).toContain('Cancelled: 4 of 12 files searched');
    expect(screen.getByTestId('cancelled-note').textContent).toBe(
      'The workbook holds the 4 files searched before the run was cancelled, and its Summary sheet says so; the other 8 files were not searched. Run again to search them all.',
    );
  });

  it('a complete run has no cancelled note; a family with one row says "1 row"', async () => {
    await finished((h) => {
      const base = h.bridge.summary();
      return { families: base.families.map((f, i) => (i === 0 ? { ...f, rows: 1 } : f)) };
    });
    expect(screen.queryByTestId('cancelled-note')).toBeNull();
    const first = screen.getAllByTestId(/^workbook-/)[0];
    expect(first?.textContent).toMatch(/1 row(?!s)/);
    // The head is one line: the paths are behind Details.
    expect(screen.queryByTestId('results-details')).toBeNull();
    fireEvent.click(screen.getByTestId('results-details-toggle'));
    expect(screen.getByTestId('results-details').textContent).toContain('Linux.xlsx');
  });
});
