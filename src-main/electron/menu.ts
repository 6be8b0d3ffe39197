// The native menu. Items that act on the UI's state (open, run, cancel, settings) are sent to
// the renderer as app commands so that menu, keyboard and buttons share one code path.

import type { MenuItemConstructorOptions } from 'electron';
import type { AppCommand } from '../contract/ipc';

export interface MenuActions {
  command(command: AppCommand): void;
  about(): void;
}

export function buildMenuTemplate(platform: NodeJS.Platform, appName: string, actions: MenuActions, dev: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const send = (command: AppCommand) => () => actions.command(command);
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: send('open-folder') },
      { label: 'Open Search File…', accelerator: 'CmdOrCtrl+Shift+O', click: send('open-search-file') },
      { label: 'Open Results…', click: send('open-results') },
      { type: 'separator' },
      { label: 'Run', accelerator: 'CmdOrCtrl+Enter', click: send('run') },
      // Esc stays with the page (it also closes dialogs there); the menu only shows the key.
      { label: 'Cancel Run', accelerator: 'Escape', registerAccelerator: false, click: send('cancel') },
      { type: 'separator' },
      { label: 'Show Results Folder', click: send('show-results-folder') },
      ...(mac ? [] : ([{ type: 'separator' }, { label: 'Settings…', accelerator: 'CmdOrCtrl+,', click: send('settings') }, { type: 'separator' }, { role: 'quit' }] as MenuItemConstructorOptions[])),
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(dev ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[]) : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [
      // The sheet of every key (src-renderer/src/lib/keyboard.ts); the page shows it.
      { label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', click: send('shortcuts') },
      { type: 'separator' },
      { label: `About ${appName}`, click: () => actions.about() },
    ],
  };
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [
        { label: `About ${appName}`, click: () => actions.about() },
        { type: 'separator' },
        { label: 'Settings…', accelerator: 'Cmd+,', click: send('settings') },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(file, { role: 'editMenu' }, view, { role: 'windowMenu' }, help);
  return template;
}
