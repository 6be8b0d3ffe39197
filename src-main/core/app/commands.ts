// The command table shared by both bridges (Electron preload + IPC, browser host + WebSocket).
// This module must stay free of runtime imports: the sandboxed preload bundles it, and a
// sandboxed preload cannot load Node modules.

import type { KpatBridge } from '../../contract/ipc';

/** Bridge members that are request/response commands (the rest are local to the bridge). */
export type CommandName = Exclude<keyof KpatBridge, 'pathForDroppedFile' | 'onRunEvent' | 'onAppCommand'>;
export type CommandArgs<K extends CommandName> = Parameters<KpatBridge[K]>;
export type CommandResult<K extends CommandName> = Awaited<ReturnType<KpatBridge[K]>>;

export const COMMAND_NAMES = [
  'appInfo',
  'getSettings',
  'saveSettings',
  'chooseFolder',
  'chooseSearchFile',
  'chooseResults',
  'scanFolder',
  'listSearchSets',
  'inspectSearchSet',
  'startRun',
  'cancelRun',
  'retryFailed',
  'resultsOverview',
  'resultRows',
  'compareGrid',
  'sourceContext',
  'systemView',
  'driftAgainst',
  'runHistory',
  'openRun',
  'runsInFolder',
  'openPath',
  'showInFolder',
  'runFindings',
  'putMark',
  'removeMark',
  'exportReport',
  'reportHtml',
  'exportView',
] as const satisfies readonly CommandName[];

// Compile-time check that the list above names every command of the contract.
type Missing = Exclude<CommandName, (typeof COMMAND_NAMES)[number]>;
const _allCommandsListed: [Missing] extends [never] ? true : Missing = true;
void _allCommandsListed;

export const CHANNEL_PREFIX = 'kpat:';
export const commandChannel = (name: CommandName): string => `${CHANNEL_PREFIX}${name}`;
/** Main → renderer: run events and app (menu) commands. */
export const EVENT_CHANNEL = 'kpat:event';
/** Preload → main, internal: a path the user dropped (resolved by webUtils, so not forgeable by page script). */
export const GRANT_DROPPED_CHANNEL = 'kpat:grant-dropped-path';

/** What every command answers over the wire: errors travel as plain messages, not exceptions. */
export type CommandReply = { ok: true; value: unknown } | { ok: false; error: string };

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
}
