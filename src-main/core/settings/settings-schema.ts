// Reading and checking settings with the contract's settings schema (contract/schemas.ts): the
// stored file field by field, so that one bad field costs only that field and the notice names
// what was reset; a patch from the UI whole, so that a bad patch changes nothing.

import * as v from 'valibot';
import type { AppSettings } from '../../contract/ipc';
import { appSettingsEntries, describeIssue, describeValue, MAX_RECENT_FOLDERS, MAX_TIMEOUT_SEC, settingsPatchSchema } from '../../contract/schemas';

export { MAX_RECENT_FOLDERS, MAX_TIMEOUT_SEC };

export function defaultSettings(cores: number): AppSettings {
  return {
    workerCount: Math.max(1, Math.min(4, cores)),
    outputDir: null,
    perFileTimeoutSec: 120,
    openWorkbookWhenDone: false,
    writeJson: false,
    recentFolders: [],
    lastSearchSet: null,
  };
}

export interface SettingsProblem {
  field: string;
  message: string;
}

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/**
 * Reads a settings object as stored on disk. Unknown keys are dropped (an older or newer
 * version may have written them); a bad field falls back to its default and is reported.
 * A worker count above this machine's cores (settings copied from a bigger machine) is
 * clamped rather than reset, since the intent "use many workers" is still clear.
 */
export function readStoredSettings(raw: unknown, cores: number): { settings: AppSettings; problems: SettingsProblem[] } {
  const settings = defaultSettings(cores);
  if (!isRecord(raw)) return { settings, problems: [{ field: '(file)', message: `must hold a JSON object, got ${describeValue(raw)}` }] };
  const problems: SettingsProblem[] = [];
  const entries = appSettingsEntries(cores);
  const out = settings as unknown as Record<string, unknown>;
  for (const key of Object.keys(entries) as (keyof AppSettings)[]) {
    // Own keys only: a stored "constructor" or "__proto__" is not a setting.
    if (!Object.hasOwn(raw, key)) continue;
    let value = raw[key];
    if (key === 'workerCount' && typeof value === 'number' && Number.isInteger(value) && value > cores) value = Math.max(1, cores);
    const result = v.safeParse(entries[key], value);
    if (result.success) out[key] = result.output;
    else problems.push({ field: key, message: describeIssue(result.issues[0], []) });
  }
  return { settings, problems };
}

/** Validates a patch coming from the UI: unlike the stored file, a bad patch is refused whole. */
export function validateSettingsPatch(raw: unknown, cores: number): Partial<AppSettings> {
  if (!isRecord(raw)) throw new Error(`settings patch must be an object, got ${describeValue(raw)}`);
  const result = v.safeParse(settingsPatchSchema(cores), raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const key = issue.path?.[0]?.key;
  if (issue.type === 'strict_object') throw new Error(`unknown setting ${describeValue(String(key))}`);
  throw new Error(`setting ${describeIssue(issue, [])}`);
}
