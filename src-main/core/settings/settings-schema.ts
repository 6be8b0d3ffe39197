// The settings file's schema, written as small field validators so that one bad field costs only
// that field: everything else the user set survives, and the notice names what was reset.

import { isAbsolute } from 'node:path';
import type { AppSettings, SearchSetRef } from '../../contract/ipc';

export const MAX_RECENT_FOLDERS = 8;
export const MAX_TIMEOUT_SEC = 24 * 60 * 60;

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

/** A field validator: the value, or a message saying what is wrong with it. */
type FieldCheck<T> = (value: unknown) => { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (message: string) => ({ ok: false as const, message });

function intInRange(min: number, max: number): FieldCheck<number> {
  return (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? ok(v)
      : bad(`must be a whole number from ${min} to ${max}, got ${describe(v)}`);
}

const bool: FieldCheck<boolean> = (v) => (typeof v === 'boolean' ? ok(v) : bad(`must be true or false, got ${describe(v)}`));

const absolutePathOrNull: FieldCheck<string | null> = (v) =>
  v === null ? ok(null) : typeof v === 'string' && v.length > 0 && isAbsolute(v) ? ok(v) : bad(`must be an absolute path or null, got ${describe(v)}`);

const recentFolders: FieldCheck<string[]> = (v) => {
  if (!Array.isArray(v)) return bad(`must be a list of absolute paths, got ${describe(v)}`);
  const out: string[] = [];
  for (const item of v) {
    if (typeof item !== 'string' || !isAbsolute(item)) return bad(`must be a list of absolute paths, got an entry ${describe(item)}`);
    if (!out.includes(item)) out.push(item);
  }
  return ok(out.slice(0, MAX_RECENT_FOLDERS));
};

export const searchSetRef: FieldCheck<SearchSetRef | null> = (v) => {
  if (v === null) return ok(null);
  if (typeof v === 'object' && !Array.isArray(v)) {
    const r = v as Record<string, unknown>;
    if (r.kind === 'builtin' && typeof r.name === 'string' && /^[A-Za-z0-9_.-]+$/.test(r.name)) return ok({ kind: 'builtin', name: r.name });
    if (r.kind === 'file' && typeof r.path === 'string' && isAbsolute(r.path)) return ok({ kind: 'file', path: r.path });
  }
  return bad(`must be {kind:'builtin', name} or {kind:'file', path (absolute)} or null, got ${describe(v)}`);
};

function fieldChecks(cores: number): { [K in keyof AppSettings]: FieldCheck<AppSettings[K]> } {
  return {
    workerCount: intInRange(1, Math.max(1, cores)),
    outputDir: absolutePathOrNull,
    perFileTimeoutSec: intInRange(1, MAX_TIMEOUT_SEC),
    openWorkbookWhenDone: bool,
    writeJson: bool,
    recentFolders,
    lastSearchSet: searchSetRef,
  };
}

export interface SettingsProblem {
  field: string;
  message: string;
}

/**
 * Reads a settings object as stored on disk. Unknown keys are dropped (an older or newer
 * version may have written them); a bad field falls back to its default and is reported.
 * A worker count above this machine's cores (settings copied from a bigger machine) is
 * clamped rather than reset, since the intent "use many workers" is still clear.
 */
export function readStoredSettings(raw: unknown, cores: number): { settings: AppSettings; problems: SettingsProblem[] } {
  const settings = defaultSettings(cores);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { settings, problems: [{ field: '(file)', message: `must hold a JSON object, got ${describe(raw)}` }] };
  }
  const record = raw as Record<string, unknown>;
  const problems: SettingsProblem[] = [];
  const checks = fieldChecks(cores);
  for (const key of Object.keys(checks) as (keyof AppSettings)[]) {
    if (!(key in record)) continue;
    let value = record[key];
    if (key === 'workerCount' && typeof value === 'number' && Number.isInteger(value) && value > cores) value = Math.max(1, cores);
    const result = (checks[key] as FieldCheck<unknown>)(value);
    if (result.ok) (settings as unknown as Record<string, unknown>)[key] = result.value;
    else problems.push({ field: key, message: result.message });
  }
  return { settings, problems };
}

/** Validates a patch coming from the UI: unlike the stored file, a bad patch is refused whole. */
export function validateSettingsPatch(raw: unknown, cores: number): Partial<AppSettings> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`settings patch must be an object, got ${describe(raw)}`);
  const checks = fieldChecks(cores);
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const check = (checks as Record<string, FieldCheck<unknown> | undefined>)[key];
    if (!check) throw new Error(`unknown setting "${key}"`);
    const result = check(value);
    if (!result.ok) throw new Error(`setting ${key} ${result.message}`);
    patch[key] = result.value;
  }
  return patch as Partial<AppSettings>;
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
