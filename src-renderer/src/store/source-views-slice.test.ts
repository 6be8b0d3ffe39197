import { describe, expect, it } from 'vitest';
import type { RunDrift } from '../../../src-main/contract/ipc';
import { createHarness, settle } from '../testing/harness';

const drift = (runId: string, earlier: string): RunDrift => ({ runId, baseline: { path: earlier, files: [earlier], startedAt: null }, families: [], onlyBaseline: [], onlyCurrent: [] });

describe('drift in the store', () => {
  it('compares the shown run with the chosen one, keeps it across a reload of the same run, forgets it for other results', async () => {
    const h = createHarness({ drift, resultsToChoose: '/audits/acme-2025/results' });
    const { actions } = h.store.getState();
    await actions.init();
    await actions.loadResults('run-1');
    await actions.compareWithRun('/audits/acme-2025/results/kpat-manifest-20251203-090000.json');
    expect(h.bridge.callsTo('driftAgainst')).toEqual([['run-1', '/audits/acme-2025/results/kpat-manifest-20251203-090000.json']]);
    expect(h.store.getState().drift).toMatchObject({ status: 'ready', data: { runId: 'run-1' } });
    await actions.loadResults('run-1');
    expect(h.store.getState().drift.status).toBe('ready');
    await actions.loadResults('run-2');
    expect(h.store.getState().drift.status).toBe('idle');

    await actions.chooseEarlierRun();
    expect(h.bridge.callsTo('driftAgainst').at(-1)).toEqual(['run-2', '/audits/acme-2025/results']);
    h.bridge.failNext('driftAgainst', '/x holds no earlier run');
    await actions.compareWithRun('/x');
    await settle();
    expect(h.store.getState().drift).toEqual({ status: 'error', path: '/x', error: expect.stringContaining('/x holds no earlier run') });
    actions.clearDrift();
    expect(h.store.getState().drift.status).toBe('idle');
  });

  it('a run started with an earlier run chosen asks for its Changes sheets; after it, the drift view compares with the same run', async () => {
    const h = createHarness({ drift });
    const { actions } = h.store.getState();
    await actions.init();
    await actions.openFolder('/audits/acme-2026');
    actions.setRunBaseline('/audits/acme-2025/results/kpat-manifest-20251203-090000.json');
    await actions.startRun();
    expect(h.bridge.callsTo('startRun')[0]?.[0]).toMatchObject({ compareWith: '/audits/acme-2025/results/kpat-manifest-20251203-090000.json' });
    const summary = h.bridge.summary();
    h.bridge.emit({ type: 'done', summary: { ...summary, families: summary.families.map((f) => ({ ...f, jsonPath: `/audits/acme-2026/results/${f.family}.json` })) } });
    h.frames.flush();
    await settle();
    expect(h.bridge.callsTo('driftAgainst')).toEqual([[summary.runId, '/audits/acme-2025/results/kpat-manifest-20251203-090000.json']]);
    expect(h.store.getState().drift.status).toBe('ready');
  });
});
