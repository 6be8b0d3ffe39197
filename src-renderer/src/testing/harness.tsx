// Test helpers: a store around a fake bridge, frames flushed by hand, and rendering inside
// the store's provider. Test-only.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createAppStore, type AppStore } from '../store/app-store';
import { StoreProvider } from '../store/context';
import { createFakeBridge, type FakeBridge, type FakeBridgeOptions } from './fake-bridge';
import { manualFrames, type ManualFrames } from './frames';

export { manualFrames, type ManualFrames };

// Testing Library turns this on through beforeAll when test globals exist; ours are imported.
Object.assign(globalThis, { IS_REACT_ACT_ENVIRONMENT: true });

export interface Harness {
  bridge: FakeBridge;
  store: AppStore;
  frames: ManualFrames;
}

export function createHarness(options: FakeBridgeOptions = {}): Harness {
  const bridge = createFakeBridge(options);
  const frames = manualFrames();
  const store = createAppStore(bridge, { schedule: frames.schedule });
  return { bridge, store, frames };
}

export function renderWithStore(ui: ReactElement, harness: Harness): RenderResult {
  return render(<StoreProvider store={harness.store}>{ui}</StoreProvider>);
}

/** Let pending promise chains (the fake bridge answers on microtasks) settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await new Promise<void>((r) => setTimeout(r, 0));
}
