// Keyboard shortcuts, the same as the native menu's accelerators (which in Electron may also
// deliver them; handling them here keeps the browser host and a menu-less window usable).
import { useEffect } from 'react';
import { isBusy } from '../store/app-store';
import { useAppStore } from '../store/context';

export type Shortcut = 'open-folder' | 'run' | 'cancel';

export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): Shortcut | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'o') return 'open-folder';
  if (mod && !e.altKey && e.key === 'Enter') return 'run';
  if (!mod && !e.altKey && e.key === 'Escape') return 'cancel';
  return null;
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
      if (state.settingsOpen) return;
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
  return platform === 'darwin' ? `⌘${key === 'Enter' ? '↩' : key}` : `Ctrl+${key}`;
}
