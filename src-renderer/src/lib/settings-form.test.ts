import { describe, expect, it } from 'vitest';
import { formFromSettings, isAbsolutePath, validateSettingsForm, type SettingsForm } from './settings-form';

const base: SettingsForm = { workerCount: '2', outputDir: '', perFileTimeoutSec: '120', openWorkbookWhenDone: true, writeJson: false };

describe('validateSettingsForm', () => {
  it('turns good input into a patch; empty output folder means the default', () => {
    expect(validateSettingsForm({ ...base, workerCount: ' 4 ' }, 8)).toEqual({
      ok: true,
      patch: { workerCount: 4, outputDir: null, perFileTimeoutSec: 120, openWorkbookWhenDone: true, writeJson: false },
    });
    const r = validateSettingsForm({ ...base, outputDir: ' /srv/out ' }, 8);
    expect(r.ok && r.patch.outputDir).toBe('/srv/out');
  });

  it.each([['0'], ['9'], ['2.5'], ['-1'], ['two'], ['']])('rejects worker count %j with 8 cores', (workerCount) => {
    const r = validateSettingsForm({ ...base, workerCount }, 8);
    expect(r).toEqual({ ok: false, errors: { workerCount: 'Enter a whole number from 1 to 8.' } });
  });

  it('rejects a relative output folder and a bad timeout together', () => {
    const r = validateSettingsForm({ ...base, outputDir: 'results', perFileTimeoutSec: '0' }, 8);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(Object.keys(r.errors).sort()).toEqual(['outputDir', 'perFileTimeoutSec']);
  });

  it('round-trips settings through the form', () => {
    const form = formFromSettings({ workerCount: 3, outputDir: null, perFileTimeoutSec: 60, openWorkbookWhenDone: false, writeJson: true, recentFolders: [], lastSearchSet: null });
    expect(form).toEqual({ workerCount: '3', outputDir: '', perFileTimeoutSec: '60', openWorkbookWhenDone: false, writeJson: true });
  });
});

describe('isAbsolutePath', () => {
  it('knows POSIX, drive and UNC paths', () => {
    expect(['/x', 'C:\\x', 'c:/x', '\\\\srv\\share'].map(isAbsolutePath)).toEqual([true, true, true, true]);
    expect(['x', './x', 'C:x', '~/x'].map(isAbsolutePath)).toEqual([false, false, false, false]);
  });
});
