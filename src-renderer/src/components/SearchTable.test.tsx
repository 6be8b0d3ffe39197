// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
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

  it('sorts by a column: ascending, descending, then back to the host order', async () => {
    const { h } = await setup();
    const lineHeader = () => screen.getAllByRole('columnheader')[1]!;
    fireEvent.click(within(lineHeader()).getByRole('button'));
    await act(() => settle());
    expect(lineHeader().getAttribute('aria-sort')).toBe('ascending');
    expect(rowTexts()[0]![1]).toBe('100');
    fireEvent.click(within(lineHeader()).getByRole('button'));
    await act(() => settle());
    expect(lineHeader().getAttribute('aria-sort')).toBe('descending');
    expect(rowTexts()[0]![1]).toBe(String(100 + 1812 * 7));
    expect(h.bridge.callsTo('resultRows').at(-1)![1]).toMatchObject({ sort: { column: 1, direction: 'desc' } });
    fireEvent.click(within(lineHeader()).getByRole('button'));
    await act(() => settle());
    expect(lineHeader().getAttribute('aria-sort')).toBe('none');
    expect(h.bridge.callsTo('resultRows').at(-1)![1]).not.toHaveProperty('sort');
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
});
