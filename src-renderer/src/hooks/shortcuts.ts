// The window-wide keyboard shortcuts (lib/keyboard.ts), the same as the native menu's
// accelerators (which in Electron may also deliver them; handling them here keeps the browser
// host and a menu-less window usable).
import { useEffect } from 'react';
import { globalKeyOf, keyLabel, type GlobalKey, type KeyEventLike } from '../lib/keyboard';
import { isBusy } from '../store/app-store';
import { useAppStore } from '../store/context';

export type Shortcut = GlobalKey['command'];

export function shortcutFor(e: KeyEventLike): Shortcut | null {
  return globalKeyOf(e)?.command ?? null;
}

export function useShortcuts(): void {
  const store = useAppStore();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Dialogs and panels handle Escape themselves first and mark the event.
      if (e.defaultPrevented) return;
      const shortcut = shortcutFor(e);
      if (!shortcut) return;
      const state = store.getState();
      if (state.settingsOpen || state.shortcutsOpen) return;
      if (shortcut === 'cancel') {
        // Escape only asks politely; Force stop stays a deliberate click (or menu command).
        if (!isBusy(state) || state.run.cancel !== 'none') return;
      }
      e.preventDefault();
      void state.actions.command(shortcut);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

/** "Ctrl+O" or "⌘O", for hints next to buttons. */
export function shortcutLabel(key: string, platform: string | undefined): string {
  return keyLabel({ key, mod: true, shift: false }, platform);
}
