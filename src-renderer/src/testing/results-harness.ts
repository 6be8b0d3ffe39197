// A harness whose store already holds the results of a finished run. Test-only.
import type { FakeBridgeOptions } from './fake-bridge';
import { createHarness, settle, type Harness } from './harness';

export async function harnessWithResults(options: FakeBridgeOptions = {}): Promise<Harness> {
  const h = createHarness(options);
  const { actions } = h.store.getState();
  await actions.init();
  await actions.openFolder(options.root ?? '/audits/acme-2026');
  await actions.startRun();
  h.bridge.emit({ type: 'done', summary: h.bridge.summary() });
  h.frames.flush();
  await settle();
  if (h.store.getState().results.status !== 'ready') throw new Error('results did not load');
  return h;
}
