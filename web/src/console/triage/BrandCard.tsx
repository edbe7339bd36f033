import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { TextAreaField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { Empty, ErrorMessage, Hostile, useLoad } from '../ui.tsx';
import { brandName, type TriageFilters, type UrlDetail } from './types.ts';

/** Brand attribution with its evidence; staff can correct it (fed back into the brand registry). */
export function BrandCard({
  detail,
  staff,
  onChanged,
}: {
  detail: UrlDetail;
  staff: boolean;
  onChanged(): void;
}) {
  const { t, lang } = useI18n();
  const [editing, setEditing] = useState(false);
  const [brandId, setBrandId] = useState(detail.brand ? String(detail.brand.id) : '');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const filters = useLoad(
    () => (editing ? api.get<TriageFilters>('/triage/filters') : Promise.resolve(null)),
    [editing],
  );
  const brands = useBrandChoices(filters.data?.brands);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.post(`/urls/${detail.id}/brand`, { brandId: Number(brandId), reason: reason.trim() });
      setEditing(false);
      setReason('');
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card">
      <h2>{t('triage.url.brand')}</h2>
      <p>
        <strong>{brandName(detail.brand, lang) ?? t('triage.filter.no_brand')}</strong>
        {detail.brandConfidence !== null ? (
          <span className="muted">
            {' '}
            · {t('triage.url.confidence', { value: Math.round(detail.brandConfidence * 100) })}
          </span>
        ) : null}
      </p>
      <h3>{t('triage.url.evidence')}</h3>
      {detail.brandEvidence.length === 0 ? (
        <Empty>{t('console.none')}</Empty>
      ) : (
        <ul>
          {detail.brandEvidence.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: evidence lines may repeat and never reorder
            <li key={i}>
              <Hostile>{e}</Hostile>
            </li>
          ))}
        </ul>
      )}
      {staff && !editing ? (
        <button type="button" onClick={() => setEditing(true)}>
          {t('triage.url.correct_brand')}
        </button>
      ) : null}
      {staff && editing ? (
        <form onSubmit={submit} aria-label={t('triage.url.correct_brand')}>
          <BrandPicker
            id="brand-correction"
            label={t('triage.filter.brand')}
            required
            brands={brands}
            value={brandId}
            onChange={setBrandId}
          />
          <TextAreaField
            id="brand-reason"
            label={t('triage.verdict.reason')}
            required
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <ErrorMessage error={error ?? filters.error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy || !brandId || !reason.trim()}>
              {t('console.save')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('console.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
