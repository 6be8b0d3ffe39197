// Every keyboard shortcut of the app, in one place: the window-wide keys (the same as the native
// menu's accelerators, so the browser host, which has no menu, has them too) and the keys of the
// screens' lists and tables. The Keyboard shortcuts sheet (Help menu, header button) shows this;
// the window-wide keys are also what hooks/shortcuts.ts acts on. Pure.
import type { AppCommand } from '../../../src-main/contract/ipc';

/** A window-wide key: the app command it runs (Escape: cancel, only during a run). */
export interface GlobalKey {
  command: Extract<AppCommand, 'open-folder' | 'open-search-file' | 'run' | 'cancel' | 'settings' | 'shortcuts'>;
  /** KeyboardEvent.key (letters in upper case). */
  key: string;
  /** Ctrl, or ⌘ on macOS. */
  mod: boolean;
  shift: boolean;
  what: string;
}

export const GLOBAL_KEYS: readonly GlobalKey[] = [
  { command: 'open-folder', key: 'O', mod: true, shift: false, what: 'Open a folder of audit results' },
  { command: 'open-search-file', key: 'O', mod: true, shift: true, what: 'Open a search file (YAML)' },
  { command: 'run', key: 'Enter', mod: true, shift: false, what: 'Run the searches (when Run is enabled)' },
  { command: 'cancel', key: 'Escape', mod: false, shift: false, what: 'Close the open dialog, picker or row panel; during a run, Cancel (Force stop stays a button)' },
  { command: 'settings', key: ',', mod: true, shift: false, what: 'Settings' },
  { command: 'shortcuts', key: '/', mod: true, shift: false, what: 'This list of keyboard shortcuts' },
];

/** What of a KeyboardEvent decides the key (spelled out: the menu's tests type-check without the DOM). */
export interface KeyEventLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The window-wide key an event is, or null. */
export function globalKeyOf(e: KeyEventLike): GlobalKey | null {
  if (e.altKey) return null;
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key;
  return GLOBAL_KEYS.find((k) => k.key === key && k.mod === mod && k.shift === e.shiftKey) ?? null;
}

const KEY_NAMES: Record<string, string> = { Enter: 'Enter', Escape: 'Esc', ArrowUp: '↑', ArrowDown: '↓', ArrowLeft: '←', ArrowRight: '→', ' ': 'Space' };

/** "Ctrl+Shift+O" elsewhere, "⇧⌘O" on macOS. */
export function keyLabel(k: Pick<GlobalKey, 'key' | 'mod' | 'shift'>, platform: string | undefined): string {
  const mac = platform === 'darwin';
  const name = mac && k.key === 'Enter' ? '↩' : (KEY_NAMES[k.key] ?? k.key);
  if (mac) return `${k.shift ? '⇧' : ''}${k.mod ? '⌘' : ''}${name}`;
  return [...(k.mod ? ['Ctrl'] : []), ...(k.shift ? ['Shift'] : []), name].join('+');
}

/** The accelerator the native menu gives a window-wide key (Electron's syntax). */
export function acceleratorOf(k: GlobalKey): string {
  return [...(k.mod ? ['CmdOrCtrl'] : []), ...(k.shift ? ['Shift'] : []), k.key].join('+');
}

export interface ShortcutSection {
  title: string;
  keys: { keys: string; what: string }[];
}

/** The Keyboard shortcuts sheet: the window-wide keys, then those of each screen's lists and tables. */
export function shortcutSheet(platform: string | undefined): ShortcutSection[] {
  const mod = platform === 'darwin' ? '⌘' : 'Ctrl+';
  return [
    { title: 'Anywhere', keys: GLOBAL_KEYS.map((k) => ({ keys: keyLabel(k, platform), what: k.what })) },
    {
      title: 'Results: tabs and search list',
      keys: [
        { keys: '← →', what: 'Move between the Summary, Searches, Systems and Checks tabs' },
        { keys: 'Tab', what: 'The search list is one stop: Tab goes on to the table' },
        { keys: '↑ ↓ Home End', what: 'Move through the search list' },
        { keys: 'Letters', what: 'Type the start of a search’s title (or key) to jump to it' },
        { keys: 'Space', what: 'Open the search in the list' },
        { keys: 'Enter', what: 'Open the search and go to its rows' },
        { keys: '↓ in Find a search', what: 'Go from the filter into the list' },
      ],
    },
    {
      title: 'Results: the rows of a search',
      keys: [
        { keys: '↑ ↓ PgUp PgDn Home End', what: 'Move through the rows' },
        { keys: 'Shift + those keys', what: 'Select rows as you move (also Shift-click, and Ctrl-click for one row)' },
        { keys: `${mod}A`, what: 'Select every row of the view' },
        { keys: `${mod}C`, what: 'Copy the selected rows (or the current one), tab-separated with the header: pastes into Excel' },
        { keys: 'Enter or Space', what: 'Open the row in full' },
        { keys: '↑ ↓ (or K J) in the row panel', what: 'The previous or next row' },
        { keys: 'Esc', what: 'Close the row panel or a column picker' },
      ],
    },
  ];
}
