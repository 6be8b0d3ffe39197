// @vitest-environment happy-dom
// The System view against the fake bridge: one system's rows across searches, and its coverage
// gaps told apart (the section is missing from the file, or there and nothing matched).
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cell } from '../../../src-main/contract/ipc';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { ResultsScreen } from './ResultsScreen';

afterEach(cleanup);

const UBUNTU = 'ubuntu-22.04-0.6.22';
const RHEL = 'rhel86-kp0.6.16-1';
const row = (system: string, line: number, text: string, ...fields: string[]): Cell[] => [system, line, text, ...fields];

describe('SystemView', () => {
  it('lists what one system has per search, and the searches that found nothing, missing sections first', async () => {
    const h = createHarness({
      searches: [
        { family: 'Linux', name: 'sshd', comment: null, fields: ['setting', 'value'], rows: [row(UBUNTU, 3, 'Ssh::port 22', 'port', '22'), row(RHEL, 9, 'Ssh::port 2222', 'port', '2222')] },
        { family: 'Linux', name: 'aide', comment: null, fields: ['rule'], rows: [row(RHEL, 4, 'Aide::x', 'x')] },
        { family: 'Linux', name: 'cron', comment: null, fields: ['job'], rows: [row(RHEL, 5, 'Cron::daily', 'daily')] },
      ],
      // The ubuntu file has the Cron section (nothing matched there) but no Aide section.
      sourceLines: { [UBUNTU]: ['#[BEGIN]: Ssh', 'Ssh::port 22', 'Cron::none'] },
    });
    const { actions } = h.store.getState();
    await actions.init();
    await actions.loadResults('run-1');
    renderWithStore(<ResultsScreen />, h);
    fireEvent.click(screen.getByTestId('results-tab-systems'));
    const link = screen.getAllByTestId('open-system').find((b) => b.textContent === UBUNTU) as HTMLElement;
    fireEvent.click(link);
    await act(() => settle());

    const view = screen.getByTestId('system-view');
    expect(h.bridge.callsTo('systemView')).toEqual([['run-1', { family: 'Linux', system: UBUNTU }]]);
    expect(within(view).getByTestId('system-count-found').textContent).toBe('1 search found rows');
    expect(within(view).getByTestId('system-count-missing').textContent).toBe('1 section missing from the file');
    const gaps = within(view).getAllByTestId('coverage-gap');
    expect(gaps.map((g) => [g.getAttribute('data-search'), g.getAttribute('data-section-present')])).toEqual([
      ['aide', 'false'],
      ['cron', 'true'],
    ]);
    expect(gaps[0]?.textContent).toContain('Section Aide is not in this file');
    expect(gaps[0]?.className).toContain('is-gap');
    expect(within(view).getAllByTestId('system-search').map((s) => s.getAttribute('data-search'))).toEqual(['sshd']);
    expect(within(view).getAllByTestId('system-row')).toHaveLength(1);

    fireEvent.click(within(view).getByTestId('system-view-back'));
    expect(screen.getByTestId('results-systems-table')).toBeTruthy();
  });
});
