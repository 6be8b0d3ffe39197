// The auditor's judgement on one check result or one result row: finding / ok / follow-up with a
// note, and for a check an override of its automatic outcome. Saved in the run's findings file by
// the core, which adds who and when; an existing mark shows them, and whether its evidence changed.
import { useEffect, useId, useState } from 'react';
import type { CheckTable, MarkStatus, MarkView } from '../../../src-main/contract/ipc';

type Outcome = CheckTable['results'][number]['outcome'];
type Override = Exclude<Outcome, 'review'>;

export const STATUS_LABEL: Record<MarkStatus, string> = { finding: 'Finding', ok: 'OK', 'follow-up': 'Follow-up' };
const STATUSES: MarkStatus[] = ['finding', 'ok', 'follow-up'];
const OVERRIDES: Override[] = ['pass', 'fail', 'n/a'];

export const EVIDENCE_LABEL: Record<MarkView['evidenceState'], string> = {
  current: 'Evidence as marked',
  changed: 'Evidence changed since marked',
  gone: 'Evidence no longer in these results',
};

export interface MarkEditorProps {
  /** For a check result: its automatic outcome (the override is offered). */
  automatic: Outcome | null;
  mark: MarkView | undefined;
  error: string | null;
  onSave(value: { status: MarkStatus; note: string; override: Override | null }): Promise<boolean>;
  onRemove(): Promise<boolean>;
}

export function MarkEditor({ automatic, mark, error, onSave, onRemove }: MarkEditorProps) {
  const id = useId();
  const [status, setStatus] = useState<MarkStatus>(mark?.status ?? 'finding');
  const [note, setNote] = useState(mark?.note ?? '');
  const [override, setOverride] = useState<Override | null>(mark?.override?.outcome ?? null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    setStatus(mark?.status ?? 'finding');
    setNote(mark?.note ?? '');
    setOverride(mark?.override?.outcome ?? null);
  }, [mark]);

  const run = async (work: () => Promise<boolean>) => {
    setSaving(true);
    try {
      await work();
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="mark-editor"
      data-testid="mark-editor"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => onSave({ status, note, override: automatic === null ? null : override }));
      }}
    >
      <fieldset className="mark-status">
        <legend>Mark as</legend>
        <div className="segmented" role="radiogroup" aria-label="Mark as">
          {STATUSES.map((s) => (
            <label key={s} className={`segment mark-${s}${status === s ? ' is-selected' : ''}`}>
              <input type="radio" name={`${id}-status`} value={s} checked={status === s} onChange={() => setStatus(s)} data-testid={`mark-status-${s}`} />
              {STATUS_LABEL[s]}
            </label>
          ))}
        </div>
      </fieldset>
      {automatic !== null && (
        <label className="mark-override">
          <span>Outcome</span>
          <select value={override ?? ''} onChange={(e) => setOverride(e.target.value === '' ? null : (e.target.value as Override))} data-testid="mark-override">
            <option value="">Automatic ({automatic})</option>
            {OVERRIDES.filter((o) => o !== automatic).map((o) => (
              <option key={o} value={o}>
                Override: {o}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="mark-note">
        <span>Note</span>
        <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={10_000} placeholder="What the auditor found, and why" data-testid="mark-note" />
      </label>
      {mark && (
        <p className="muted small" data-testid="mark-meta">
          Marked by {mark.by}, {new Date(mark.at).toLocaleString('en-GB')}
          {mark.override ? ` · overrides ${mark.override.automatic} with ${mark.override.outcome}` : ''} ·{' '}
          <span className={`evidence-state is-${mark.evidenceState}`} data-testid="mark-evidence-state">
            {EVIDENCE_LABEL[mark.evidenceState]}
          </span>
        </p>
      )}
      {error && (
        <p className="error-text" role="alert" data-testid="mark-error">
          {error}
        </p>
      )}
      <div className="mark-actions">
        <button type="submit" className="btn btn-primary" disabled={saving} data-testid="mark-save">
          {mark ? 'Save mark' : 'Mark'}
        </button>
        {mark && (
          <button type="button" className="btn btn-ghost" disabled={saving} onClick={() => void run(onRemove)} data-testid="mark-remove">
            Remove mark
          </button>
        )}
      </div>
    </form>
  );
}
