import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { SelectField, TextAreaField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ErrorMessage } from '../ui.tsx';
import type { Verdict } from './types.ts';

/**
 * Asks for the reason of a verdict (required by the server) and, for `benign`, whether the host or
 * registrable domain goes on the allowlist. A native modal <dialog>: focus stays inside, Esc cancels.
 */
export function VerdictDialog(props: {
  verdict: Verdict;
  count: number;
  onSubmit(input: { reason: string; allowlist?: { scope: 'host' | 'domain' } }): Promise<void>;
  onClose(): void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [reason, setReason] = useState('');
  const [allowlist, setAllowlist] = useState<'' | 'host' | 'domain'>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit({
        reason: reason.trim(),
        ...(props.verdict === 'benign' && allowlist ? { allowlist: { scope: allowlist } } : {}),
      });
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={`${id}-title`}>
          {t('triage.verdict.dialog_title', {
            verdict: t(`triage.status.${props.verdict}`),
            count: props.count,
          })}
        </h2>
        <TextAreaField
          id={`${id}-reason`}
          label={t('triage.verdict.reason')}
          required
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => {
            // Ctrl/Cmd+Enter sends, so the whole triage flow works from the keyboard.
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
        />
        {props.verdict === 'benign' ? (
          <SelectField
            id={`${id}-allowlist`}
            label={t('triage.verdict.allowlist')}
            value={allowlist}
            onChange={(e) => setAllowlist(e.target.value as '' | 'host' | 'domain')}
          >
            <option value="">{t('triage.verdict.allowlist_none')}</option>
            <option value="host">{t('triage.verdict.allowlist_host')}</option>
            <option value="domain">{t('triage.verdict.allowlist_domain')}</option>
          </SelectField>
        ) : null}
        <ErrorMessage error={error} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || !reason.trim()}>
            {t('triage.verdict.submit')}
          </button>
          <button type="button" onClick={props.onClose}>
            {t('console.cancel')}
          </button>
          <span className="muted">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
          </span>
        </div>
      </form>
    </dialog>
  );
}
