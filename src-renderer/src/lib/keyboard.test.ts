import { describe, expect, it } from 'vitest';
import { GLOBAL_KEYS, globalKeyOf, keyLabel, shortcutSheet } from './keyboard';

// That these keys are the native menu's accelerators is tested beside the menu (src-main/electron/menu.test.ts).
describe('keyboard shortcuts', () => {
  it('maps key events to those keys: Ctrl or ⌘, Shift exact, Alt never', () => {
    const ev = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });
    expect(globalKeyOf(ev('o', { ctrlKey: true }))?.command).toBe('open-folder');
    expect(globalKeyOf(ev('O', { metaKey: true, shiftKey: true }))?.command).toBe('open-search-file');
    expect(globalKeyOf(ev('/', { ctrlKey: true }))?.command).toBe('shortcuts');
    expect(globalKeyOf(ev(',', { metaKey: true }))?.command).toBe('settings');
    expect(globalKeyOf(ev('Escape'))?.command).toBe('cancel');
    expect(globalKeyOf(ev('o'))).toBeNull();
    expect(globalKeyOf(ev('o', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(globalKeyOf(ev('Escape', { ctrlKey: true }))).toBeNull();
  });

  it('labels keys the platform way', () => {
    const searchFile = GLOBAL_KEYS.find((k) => k.command === 'open-search-file');
    if (!searchFile) throw new Error('no open-search-file key');
    expect(keyLabel(searchFile, 'linux')).toBe('Ctrl+Shift+O');
    expect(keyLabel(searchFile, 'darwin')).toBe('⇧⌘O');
    expect(keyLabel({ key: 'Enter', mod: true, shift: false }, 'darwin')).toBe('⌘↩');
    expect(keyLabel({ key: 'Escape', mod: false, shift: false }, 'win32')).toBe('Esc');
  });

  it('the sheet lists every window-wide key first, then the keys of the results lists and tables', () => {
    const sheet = shortcutSheet('linux');
    expect(sheet[0]?.keys.map((k) => k.keys)).toEqual(['Ctrl+O', 'Ctrl+Shift+O', 'Ctrl+Enter', 'Esc', 'Ctrl+,', 'Ctrl+/']);
    expect(sheet.map((s) => s.title)).toEqual(['Anywhere', 'Results: tabs and search list', 'Results: the rows of a search']);
    expect(shortcutSheet('darwin')[2]?.keys.some((k) => k.keys === '⌘C')).toBe(true);
  });
});
