// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchOverview } from '../../../src-main/contract/ipc';
import { renderWithStore, settle } from '../testing/harness';
import { harnessWithResults } from '../testing/results-harness';
import { SearchTable } from './SearchTable';

afterEach(cleanup);

async function setup(name = '05_security_01_aide_config') {
  const h = await harnessWithResults();
  const state = h.store.getState();
  if (state.results.status !== 'ready') throw new Error('no results');
  const search = state.results.data.families.flatMap((f) => f.searches).find((s) => s.search === name) as SearchOverview;
  renderWithStore(<SearchTable search={search} />, h);
  await act(() => settle());
  return { h, search };
}

const rowTexts = () => screen.getAllByTestId('search-table-row').map((r) => within(r).getAllByRole('gridcell').map((c) => c.textContent));

describe('SearchTable', () => {
  it('renders only a window of a long table, fetched by pages', async () => {
    const { h } = await setup();
    expect(screen.getByTestId('table-total').textContent).toBe('1,813 rows');
    const rows = screen.getAllByTestId('search-table-row');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rowTexts()[0]).toEqual(['rhel86-kp0.6.16-1', '100', 'Security_AIDE::/etc/aide.conf::rule0 = p+i+n+u+g+s+m+S+sha512', 'rule0']);
    expect(screen.getByTestId('search-table').getAttribute('aria-rowcount')).toBe('1814');
    expect(h.bridge.callsTo('resultRows')).toHaveLength(1);
  });

  it('filters on the host, case-insensitively, after typing stops', async () => {
    const { h } = await setup();
    fireEvent.change(screen.getByTestId('table-filter'), { target: { value: 'RULE1812' } });
    await waitFor(() => expect(screen.getByTestId('table-total').textContent).toBe('1 of 1,813 rows'));
    expect(rowTexts()).toHaveLength(1);
    expect(rowTexts()[0]![3]).toBe('rule1812');
    const last = h.bridge.callsTo('resultRows').at(-1)![1];
    expect(last).toMatchObject({ family: 'Linux', filter: 'RULE1812', offset: 0 });
    fireEvent.change(screen.getByTestId('table-filter'), { target: { value: 'no such text' } });
    await waitFor(() => expect(screen.getByTestId('table-total').dataset.total).toBe('0'));
    expect(screen.getByText('No rows match the filter.')).toBeTruthy();
  });

  it('sorts by a second column on shift-click, numbering the keys', async () => {
    const { h } = await setup();
    const header = (name: string) => screen.getAllByTestId('column-header').find((c) => c.dataset.column === name)!;
    fireEvent.click(within(header('System Name')).getByTestId('sort-column'));
    fireEvent.click(within(header('Line Number')).getByTestId('sort-column'), { shiftKey: true });
    fireEvent.click(within(header('Line Number')).getByTestId('sort-column'), { shiftKey: true });
    await act(() => settle());
    expect(h.bridge.callsTo('resultRows').at(-1)![1]).toMatchObject({ sorts: [{ column: 0, direction: 'asc' }, { column: 1, direction: 'desc' }] });
    expect(header('Line Number').textContent).toContain('▼2');
    expect(rowTexts()[0]![1]).toBe(String(100 + 1812 * 7));
  });

  it('filters by the values picked from a column, with their counts', async () => {
    const { h } = await setup();
    const header = (name: string) => screen.getAllByTestId('column-header').find((c) => c.dataset.column === name)!;
    const last = h.store.getState().results.status === 'ready' ? screen.getAllByTestId('column-header').at(-1)!.dataset.column! : '';
    fireEvent.click(within(header(last)).getByTestId('value-filter-button'));
    await act(() => settle());
    const options = screen.getAllByTestId('value-option');
    expect(options.length).toBeGreaterThan(1);
    fireEvent.click(screen.getByText('None'));
    fireEvent.click(options[0]!);
    fireEvent.click(screen.getByTestId('value-picker-apply'));
    await act(() => settle());
    await waitFor(() => expect(screen.getByTestId('table-total').textContent).toBe('1 of 1,813 rows'));
    expect(h.bridge.callsTo('resultRows').at(-1)![1]).toMatchObject({ values: [{ column: 3, values: [options[0]!.dataset.value] }] });
    expect(within(header(last)).getByTestId('value-filter-button').getAttribute('aria-pressed')).toBe('true');
  });

  it('hides a column from the chooser (System Name stays) and remembers it for the search', async () => {
    await setup();
    fireEvent.click(screen.getByTestId('columns-button'));
    const toggles = screen.getAllByTestId('column-toggle');
    expect((toggles[0] as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(toggles.find((t) => t.dataset.column === 'Line Number')!);
    await act(() => settle());
    expect(screen.getAllByTestId('column-header').map((c) => c.dataset.column)).not.toContain('Line Number');
    expect(rowTexts()[0]![0]).toBe('rhel86-kp0.6.16-1');
    expect(rowTexts()[0]).toHaveLength(3);
    cleanup();
    await setup();
    expect(screen.getAllByTestId('column-header').map((c) => c.dataset.column)).not.toContain('Line Number');
    localStorage.clear();
  });

  it('sorts by a column: ascending, descending, then back to the host order', async () => {
    const { h } = await setup();
    const lineHeader = () => screen.getAllByRole('columnheader')[1]!;
    fireEvent.click(within(lineHeader()).getByTestId('sort-column'));
    await act(() => settle());
    expect(lineHeader().getAttribute('aria-sort')).toBe('ascending');
    expect(rowTexts()[0]![1]).toBe('100');
    fireEvent.click(within(lineHeader()).getByTestId('sort-column'));
    await act(() => settle());
    expect(lineHeader().getAttribute('aria-sort')).toBe('descending');
    expect(rowTexts()[0]![1]).toBe(String(100 + 1812 * 7));
    expect(h.bridge.callsTo('resultRows').at(-1)![1]).toMatchObject({ sorts: [{ column: 1, direction: 'desc' }] });
    fireEvent.click(within(lineHeader()).getByTestId('sort-column'));
    await act(() => settle());
    expect(lineHeader().getAttribute('aria-sort')).toBe('none');
    expect(h.bridge.callsTo('resultRows').at(-1)![1]).not.toHaveProperty('sorts');
  });

  it('opens a row in full by click or keyboard, and closes it with Escape', async () => {
    await setup();
    fireEvent.click(screen.getAllByTestId('search-table-row')[2]!);
    expect(screen.getByTestId('row-detail-text').textContent).toBe('Security_AIDE::/etc/aide.conf::rule2 = p+i+n+u+g+s+m+S+sha512');
    fireEvent.keyDown(screen.getByTestId('row-detail'), { key: 'Escape' });
    expect(screen.queryByTestId('row-detail')).toBeNull();
    const body = screen.getByTestId('search-table-body');
    fireEvent.keyDown(body, { key: 'ArrowDown' });
    fireEvent.keyDown(body, { key: 'Enter' });
    expect(screen.getByRole('dialog').textContent).toContain('Row 4');
  });

  it('steps through the rows from the drawer by its buttons and by ↑/↓, the grid following', async () => {
    await setup();
    fireEvent.click(screen.getAllByTestId('search-table-row')[0]!);
    expect((screen.getByTestId('row-detail-prev') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByTestId('row-detail-next'));
    expect(screen.getByTestId('row-detail-text').textContent).toBe('Security_AIDE::/etc/aide.conf::rule1 = p+i+n+u+g+s+m+S+sha512');
    fireEvent.keyDown(screen.getByTestId('row-detail'), { key: 'ArrowDown' });
    fireEvent.keyDown(screen.getByTestId('row-detail'), { key: 'ArrowDown' });
    fireEvent.keyDown(screen.getByTestId('row-detail'), { key: 'ArrowUp' });
    expect(screen.getByTestId('row-detail').textContent).toContain('Row 3');
    expect(screen.getByTestId('row-detail-text').textContent).toContain('rule2 =');
    const active = screen.getAllByTestId('search-table-row').find((r) => r.classList.contains('is-active'));
    expect(active?.dataset.rowIndex).toBe('2');
    // A key typed in the mark's note is the note's.
    const note = screen.getByTestId('row-detail').querySelector('textarea');
    if (note) {
      fireEvent.keyDown(note, { key: 'ArrowDown' });
      expect(screen.getByTestId('row-detail').textContent).toContain('Row 3');
    }
  });

  it('copies the rows selected with shift- and ctrl-click as TSV with the header, in view order', async () => {
    await setup();
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const rows = () => screen.getAllByTestId('search-table-row');
    fireEvent.click(rows()[1]!);
    fireEvent.keyDown(screen.getByTestId('row-detail'), { key: 'Escape' });
    fireEvent.click(rows()[3]!, { shiftKey: true });
    fireEvent.click(rows()[6]!, { ctrlKey: true });
    fireEvent.click(rows()[2]!, { ctrlKey: true });
    expect(rows().filter((r) => r.getAttribute('aria-selected') === 'true').map((r) => r.dataset.rowIndex)).toEqual(['1', '3', '6']);
    expect(screen.getByTestId('selection-count').textContent).toContain('3 selected');
    fireEvent.keyDown(screen.getByTestId('search-table-body'), { key: 'c', ctrlKey: true });
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const lines = writeText.mock.calls[0]![0].split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(screen.getAllByTestId('column-header').map((c) => c.dataset.column).join('\t'));
    expect(lines.slice(1).map((l) => l.split('\t')[3])).toEqual(['rule1', 'rule3', 'rule6']);
    expect(screen.getByTestId('grid-note').textContent).toBe('3 rows copied (tab-separated, with the header).');
    // Ctrl+A takes every row of the view, fetched from the host beyond the pages in view.
    fireEvent.keyDown(screen.getByTestId('search-table-body'), { key: 'a', ctrlKey: true });
    fireEvent.keyDown(screen.getByTestId('search-table-body'), { key: 'c', ctrlKey: true });
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(2));
    expect(writeText.mock.calls[1]![0].split('\r\n')).toHaveLength(1814);
  });

  it('shows a System Name that fits whole, the full name also on hover', async () => {
    await setup();
    const cell = screen.getAllByTestId('search-table-row')[0]!.querySelector('.grid-cell-frozen') as HTMLElement;
    expect(cell.title).toBe('rhel86-kp0.6.16-1');
    expect(cell.textContent).toBe('rhel86-kp0.6.16-1');
  });
});
