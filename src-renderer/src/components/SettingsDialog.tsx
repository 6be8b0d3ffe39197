import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { formFromSettings, TIMEOUT_MAX_SEC, TIMEOUT_MIN_SEC, validateSettingsForm, type SettingsErrors, type SettingsForm } from '../lib/settings-form';
import { isBusy } from '../store/app-store';
import { useActions, useApp } from '../store/context';
import { Modal } from './Modal';

export function SettingsDialog() {
  const state = useApp((s) => s.settings);
  const hostError = useApp((s) => s.settingsError);
  const busy = useApp(isBusy);
  const actions = useActions();
  const [form, setForm] = useState<SettingsForm | null>(state ? formFromSettings(state.settings) : null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [saving, setSaving] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!form && state) setForm(formFromSettings(state.settings));
  }, [form, state]);

  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const close = () => actions.closeSettings();

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form || !state) return;
    const checked = validateSettingsForm(form, state.maxWorkers);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    const ok = await actions.saveSettings(checked.patch);
    setSaving(false);
    if (ok) close();
  };

  const update = <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    if (errors[key]) setErrors((er) => ({ ...er, [key]: undefined }));
  };

  return (
    <Modal title="Settings" closeLabel="Close settings" onClose={close} testId="settings-dialog">
        {state?.notice && (
          <p className="notice" role="status" data-testid="settings-notice">
            {state.notice}
          </p>
        )}
        {!form || !state ? (
          <p className="muted">Loading…</p>
        ) : (
          <form className="settings-form" onSubmit={(e) => void onSubmit(e)} noValidate>
            <Field id="set-workers" label="Worker processes" hint={`1 to ${state.maxWorkers}. More workers search more files at once; each uses one core.`} error={errors.workerCount}>
              <input
                ref={firstRef}
                id="set-workers"
                type="number"
                inputMode="numeric"
                min={1}
                max={state.maxWorkers}
                step={1}
                value={form.workerCount}
                onChange={(e) => update('workerCount', e.target.value)}
                aria-invalid={errors.workerCount ? true : undefined}
                aria-describedby="set-workers-hint set-workers-error"
                data-testid="settings-worker-count"
              />
            </Field>
            <Field
              id="set-output"
              label="Output folder"
              hint="Leave empty to write into a “results” folder inside the input folder. Any other folder must be chosen with Choose…, or lie inside a folder you opened."
              error={errors.outputDir}
            >
              <div className="field-row">
                <input
                  id="set-output"
                  type="text"
                  spellCheck={false}
                  placeholder="<input folder>/results"
                  value={form.outputDir}
                  onChange={(e) => update('outputDir', e.target.value)}
                  aria-invalid={errors.outputDir ? true : undefined}
                  aria-describedby="set-output-hint set-output-error"
                  data-testid="settings-output-dir"
                />
                <button
                  type="button"
                  className="btn"
                  onClick={() =>
                    void actions.chooseOutputFolder().then((folder) => {
                      if (folder) update('outputDir', folder);
                    })
                  }
                  data-testid="settings-output-choose"
                >
                  Choose…
                </button>
              </div>
            </Field>
            <Field id="set-timeout" label="Per-file timeout (seconds)" hint={`A worker stuck longer than this on one file is stopped and the file reported (${TIMEOUT_MIN_SEC}–${TIMEOUT_MAX_SEC}).`} error={errors.perFileTimeoutSec}>
              <input
                id="set-timeout"
                type="number"
                inputMode="numeric"
                min={TIMEOUT_MIN_SEC}
                max={TIMEOUT_MAX_SEC}
                value={form.perFileTimeoutSec}
                onChange={(e) => update('perFileTimeoutSec', e.target.value)}
                aria-invalid={errors.perFileTimeoutSec ? true : undefined}
                aria-describedby="set-timeout-hint set-timeout-error"
                data-testid="settings-timeout"
              />
            </Field>
            <label className="check">
              <input type="checkbox" checked={form.openWorkbookWhenDone} onChange={(e) => update('openWorkbookWhenDone', e.target.checked)} data-testid="settings-open-workbook" />
              Open the workbook when a run is done
            </label>
            <label className="check">
              <input type="checkbox" checked={form.writeJson} onChange={(e) => update('writeJson', e.target.checked)} data-testid="settings-write-json" />
              Also write JSON results next to each workbook
            </label>
            {busy && <p className="muted small">Changes apply to the next run.</p>}
            {hostError && (
              <p className="error-text" role="alert" data-testid="settings-save-error">
                Not saved: {hostError}
              </p>
            )}
            <footer className="modal-footer">
              <button type="button" className="btn" onClick={close}>
                Cancel
              </button>
              <button type="submit" className="btn btn-primary" disabled={saving} data-testid="settings-save">
                {saving ? 'Saving…' : 'Save'}
              </button>
            </footer>
          </form>
        )}
    </Modal>
  );
}

function Field({ id, label, hint, error, children }: { id: string; label: string; hint: string; error: string | undefined; children: ReactNode }) {
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      <p id={`${id}-hint`} className="field-hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert" data-testid={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
