import type { KpatBridge } from '../../src-main/contract/ipc';

// Provided before the bundle runs: by the Electron preload (contextBridge) or by the
// browser host's bridge script (WebSocket). The renderer never reaches Node or Electron directly.
declare global {
  interface Window {
    kpat: KpatBridge;
  }
}

export {};
