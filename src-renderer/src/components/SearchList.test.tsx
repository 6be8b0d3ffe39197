// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchOverview } from '../../../src-main/contract/ipc';
import { SearchList } from './SearchList';

beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A key on the focused element, `at` ms into the test (type-ahead adds up keys less than 700 ms apart). */
function press(key: string, at: number): void {
  vi.setSystemTime(at);
  fireEvent.keyDown(document.activeElement as Element, { key });
}

function search(index: number, title: string, area: string, totalRows: number): SearchOverview {
  return { family: 'Linux', index, search: `linux_${index}`, sheet: title.replace(/ /g, '_'), title, area, comment: null, header: [], totalRows, systemsWithHits: 0 };
}

const SEARCHES = [
  search(3, 'SSH Root Login', 'SSH', 2),
  search(0, 'OS Release', 'System basics', 6),
  search(2, 'SSH Ciphers', 'SSH', 0),
  search(1, 'Kernel', 'System basics', 1234),
];

function items(): HTMLElement[] {
  return screen.getAllByTestId('results-search-item');
}

describe('SearchList', () => {
  it('groups by area with the title first, the key under it and the count', () => {
    render(<SearchList searches={SEARCHES} current={1} onOpen={() => undefined} />);
    expect(screen.getAllByTestId('search-group').map((g) => g.dataset.area)).toEqual(['System basics', 'SSH']);
    expect(items().map((i) => i.dataset.search)).toEqual(['linux_0', 'linux_1', 'linux_2', 'linux_3']);
    expect(items()[1]?.textContent).toBe('Kernellinux_11,234');
    expect(items()[1]?.getAttribute('aria-selected')).toBe('true');
  });

  it('is one Tab stop: arrows, End and type-ahead move the focus; Space opens, Enter opens into the table', () => {
    const onOpen = vi.fn();
    render(<SearchList searches={SEARCHES} current={1} onOpen={onOpen} />);
    // Only the open search is in the Tab order.
    expect(items().map((i) => i.tabIndex)).toEqual([-1, 0, -1, -1]);
    items()[1]?.focus();
    press('ArrowDown', 0);
    expect(document.activeElement).toBe(items()[2]);
    expect(items().map((i) => i.tabIndex)).toEqual([-1, -1, 0, -1]);
    press('End', 0);
    expect(document.activeElement).toBe(items()[3]);
    press('o', 10_000);
    expect(document.activeElement).toBe(items()[0]);
    press('k', 20_000);
    expect(document.activeElement).toBe(items()[1]);
    press(' ', 30_000);
    expect(onOpen).toHaveBeenLastCalledWith(1, false);
    press('ArrowUp', 40_000);
    press('Enter', 40_000);
    expect(onOpen).toHaveBeenLastCalledWith(0, true);
  });

  it('type-ahead takes a space while typing: "ssh c" reaches SSH Ciphers', () => {
    render(<SearchList searches={SEARCHES} current={0} onOpen={() => undefined} />);
    items()[0]?.focus();
    for (const [i, key] of [...'ssh c'].entries()) press(key, 1000 + i * 100);
    expect(document.activeElement?.getAttribute('data-search')).toBe('linux_2');
  });

  it('the filter matches titles; "no results" keeps the empty searches; ArrowDown goes from the filter into the list', () => {
    render(<SearchList searches={SEARCHES} current={1} onOpen={() => undefined} />);
    fireEvent.change(screen.getByTestId('search-list-filter'), { target: { value: 'ssh' } });
    expect(items().map((i) => i.dataset.search)).toEqual(['linux_2', 'linux_3']);
    fireEvent.keyDown(screen.getByTestId('search-list-filter'), { key: 'ArrowDown' });
    expect(document.activeElement).toBe(items()[0]);
    fireEvent.change(screen.getByTestId('search-list-filter'), { target: { value: '' } });
    fireEvent.click(screen.getByTestId('search-list-hits-empty'));
    expect(items().map((i) => i.dataset.search)).toEqual(['linux_2']);
    expect(screen.getByTestId('search-list-hits').textContent).toBe('All 4With results 3No results 1');
  });
});
