// @vitest-environment happy-dom
// Show in file against the fake bridge: the hit highlighted with its section and header lines,
// previous / next hit of the same section, more lines, and a file that is gone said so.
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Cell } from '../../../src-main/contract/ipc';
import { createHarness, renderWithStore, settle } from '../testing/harness';
import { ShowInFile } from './ShowInFile';

afterEach(cleanup);

const LINES = [
  '#[BEGIN]: Network_OpenSSHServerConfig',
  '###Running: sshd -T',
  ...Array.from({ length: 60 }, (_, i) => `Network_OpenSSHServerConfig::key${i + 1} value${i + 1}`),
  '#[END]: Network_OpenSSHServerConfig',
];
const rows: Cell[][] = [3, 30, 50].map((line) => ['ubuntu-22.04-0.6.22', line, LINES[line - 1] as string, `key${line - 2}`, `value${line - 2}`]);

async function open(sourceLines: Record<string, string[]> | undefined) {
  const h = createHarness({ searches: [{ family: 'Linux', name: 'sshd', comment: null, fields: ['setting', 'value'], rows }], sourceLines });
  const { actions } = h.store.getState();
  await actions.init();
  await actions.loadResults('run-1');
  const onClose = () => undefined;
  renderWithStore(<ShowInFile target={{ family: 'Linux', index: 0, system: 'ubuntu-22.04-0.6.22', line: 30, column: null }} onClose={onClose} />, h);
  await act(() => settle());
  return h;
}

describe('ShowInFile', () => {
  it('shows ±20 lines with the hit, its section and header, and walks the hits of the section', async () => {
    const h = await open({ 'ubuntu-22.04-0.6.22': LINES });
    const panel = screen.getByTestId('source-panel');
    expect(within(panel).getByTestId('source-hit').getAttribute('data-line')).toBe('30');
    expect(within(panel).getByTestId('source-hit').textContent).toContain('Network_OpenSSHServerConfig::key28 value28');
    expect(within(panel).getByTestId('source-section').textContent).toBe('Section Network_OpenSSHServerConfig');
    expect(within(panel).getByTestId('source-header').textContent).toContain('###Running: sshd -T');
    expect(within(panel).getByTestId('source-lines').querySelectorAll('li')).toHaveLength(41);
    fireEvent.click(within(panel).getByTestId('source-next'));
    await act(() => settle());
    expect(within(panel).getByTestId('source-hit').getAttribute('data-line')).toBe('50');
    expect((within(panel).getByTestId('source-next') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(panel).getByTestId('source-previous'));
    await act(() => settle());
    fireEvent.click(within(panel).getByTestId('source-previous'));
    await act(() => settle());
    expect(within(panel).getByTestId('source-hit').getAttribute('data-line')).toBe('3');
    fireEvent.click(within(panel).getByTestId('source-more'));
    await act(() => settle());
    expect(h.bridge.callsTo('sourceContext').at(-1)?.[1]).toMatchObject({ line: 3, radius: 60 });
  });

  it('a file that is gone says so and shows no lines', async () => {
    await open(undefined);
    const problem = screen.getByTestId('source-problem');
    expect(problem.getAttribute('data-reason')).toBe('missing');
    expect(problem.textContent).toContain('The file is gone');
    expect(screen.queryByTestId('source-lines')).toBeNull();
  });
});
