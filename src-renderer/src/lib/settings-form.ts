// The Settings form: text the user typed → a validated patch for saveSettings.
import type { AppSettings } from '../../../src-main/contract/ipc';

export interface SettingsForm {
  workerCount: string;
  outputDir: string;
  perFileTimeoutSec: string;
  openWorkbookWhenDone: boolean;
  writeJson: boolean;
}

export type SettingsPatch = Pick<AppSettings, 'workerCount' | 'outputDir' | 'perFileTimeoutSec' | 'openWorkbookWhenDone' | 'writeJson'>;

export type SettingsErrors = Partial<Record<keyof SettingsForm, string>>;

export const TIMEOUT_MIN_SEC = 1;
export const TIMEOUT_MAX_SEC = 24 * 3600;

export function formFromSettings(s: AppSettings): SettingsForm {
  return {
    workerCount: String(s.workerCount),
    outputDir: s.outputDir ?? '',
    perFileTimeoutSec: String(s.perFileTimeoutSec),
    openWorkbookWhenDone: s.openWorkbookWhenDone,
    writeJson: s.writeJson,
  };
}

function parseWholeNumber(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

/** POSIX absolute, Windows drive (C:\ or C:/), or UNC (\\server\share). */
export function isAbsolutePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

export function validateSettingsForm(
  form: SettingsForm,
  maxWorkers: number,
): { ok: true; patch: SettingsPatch } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const workers = parseWholeNumber(form.workerCount);
  if (workers === null || workers < 1 || workers > maxWorkers) {
    errors.workerCount = `Enter a whole number from 1 to ${maxWorkers}.`;
  }
  const timeout = parseWholeNumber(form.perFileTimeoutSec);
  if (timeout === null || timeout < TIMEOUT_MIN_SEC || timeout > TIMEOUT_MAX_SEC) {
    errors.perFileTimeoutSec = `Enter a whole number of seconds from ${TIMEOUT_MIN_SEC} to ${TIMEOUT_MAX_SEC}.`;
  }
  const outputDir = form.outputDir.trim();
  if (outputDir !== '' && !isAbsolutePath(outputDir)) {
    errors.outputDir = 'Enter an absolute folder path, or leave empty for <input folder>/results.';
  }
  if (Object.keys(errors).length > 0 || workers === null || timeout === null) return { ok: false, errors };
  return {
    ok: true,
    patch: {
      workerCount: workers,
      perFileTimeoutSec: timeout,
      outputDir: outputDir === '' ? null : outputDir,
      openWorkbookWhenDone: form.openWorkbookWhenDone,
      writeJson: form.writeJson,
    },
  };
}
