import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { AppCommand } from '../contract/ipc';
import { acceleratorOf, GLOBAL_KEYS } from '../../src-renderer/src/lib/keyboard';
import { buildMenuTemplate } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

describe('menu template', () => {
  it('has the File commands with their accelerators and sends them to the UI', () => {
    const sent: AppCommand[] = [];
    const items = flatten(buildMenuTemplate('linux', 'KP Analysis Toolkit', { command: (c) => sent.push(c), about: () => undefined }, false));
    const byLabel = (label: string) => items.find((i) => i.label === label) as MenuItemConstructorOptions;
    expect(byLabel('Open Folder…').accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel('Run').accelerator).toBe('CmdOrCtrl+Enter');
    expect(byLabel('Cancel Run').registerAccelerator).toBe(false);
    for (const label of ['Open Folder…', 'Open Search File…', 'Run', 'Cancel Run', 'Show Results Folder', 'Settings…']) {
      (byLabel(label).click as () => void)();
    }
    expect(sent).toEqual(['open-folder', 'open-search-file', 'run', 'cancel', 'show-results-folder', 'settings']);
    expect(items.some((i) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('puts About and Settings in the app menu on macOS', () => {
    const template = buildMenuTemplate('darwin', 'KPAT', { command: () => undefined, about: () => undefined }, true);
    expect(template[0]?.label).toBe('KPAT');
    expect(flatten(template).some((i) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('its accelerators are exactly the window-wide keys the page handles and its shortcuts sheet lists, with the same commands', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const keys: [string, AppCommand][] = [];
      let sent: AppCommand | null = null;
      for (const item of flatten(buildMenuTemplate(platform, 'KPAT', { command: (c) => (sent = c), about: () => undefined }, false))) {
        if (typeof item.accelerator !== 'string' || !item.click) continue;
        sent = null;
        (item.click as () => void)();
        // The macOS app menu writes Cmd+, for Settings: the same key as CmdOrCtrl+, there.
        if (sent) keys.push([item.accelerator.replace(/^Cmd\+/, 'CmdOrCtrl+'), sent]);
      }
      expect(keys.sort()).toEqual(GLOBAL_KEYS.map((k): [string, AppCommand] => [acceleratorOf(k), k.command]).sort());
    }
  });
});
