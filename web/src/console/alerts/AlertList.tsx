import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { IdField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { Link, navigate } from '../router.tsx';
import type { ScreenProps } from '../screens.tsx';
import { ErrorMessage, Loading, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';
import type { Alert } from './types.ts';

/** Every alert, newest first, and the two ways to start a draft (from a campaign, or for a brand). */
export function AlertList({ query }: ScreenProps) {
  const { t, lang, formatTime } = useI18n();
  const list = useLoad(() => api.get<{ alerts: Alert[] }>('/alerts', { limit: 200 }), []);
  const [campaignId, setCampaignId] = useState(query.get('campaign') ?? '');
  const [brandId, setBrandId] = useState('');
  const { error, attempt } = useAttempt();
  const brands = useBrandChoices(undefined);

  const create = (path: string, body: unknown) => (e: FormEvent) => {
    e.preventDefault();
    return attempt(async () => {
      const a = await api.post<Alert>(path, body);
      navigate(`/alerts/${a.id}`);
    });
  };

  return (
    <section>
      <ScreenTitle>{t('alerts.console.title')}</ScreenTitle>
      <div className="grid-2">
        <form className="card" onSubmit={create('/alerts/from-campaign', { campaignId: Number(campaignId) })}>
          <h2>{t('alerts.console.new_from_campaign')}</h2>
          <IdField label={t('alerts.console.campaign_id')} value={campaignId} onChange={setCampaignId} />
          <button type="submit" className="primary">
            {t('alerts.console.create')}
          </button>
        </form>
        <form className="card" onSubmit={create('/alerts', { brandId: Number(brandId) })}>
          <h2>{t('alerts.console.new_for_brand')}</h2>
          <BrandPicker
            id="alert-brand"
            label={t('alerts.console.brand')}
            required
            brands={brands}
            value={brandId}
            onChange={setBrandId}
          />
          <button type="submit" disabled={!brandId}>
            {t('alerts.console.create')}
          </button>
        </form>
      </div>
      <ErrorMessage error={error} />
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      <ListTable
        label={t('alerts.console.title')}
        items={list.data?.alerts}
        empty={t('alerts.console.empty')}
        head={
          <ColumnHeads
            labels={[
              t('alerts.console.title_ja'),
              t('alerts.list.brand'),
              t('triage.col.status'),
              t('alerts.list.from'),
            ]}
          />
        }
        row={(a) => (
          <tr key={a.id}>
            <td>
              <Link to={`/alerts/${a.id}`}>{(lang === 'en' && a.titleEn) || a.titleJa}</Link>
            </td>
            <td>{lang === 'en' ? a.brand.nameEn : a.brand.nameJa}</td>
            <td>
              <StatusBadge status={a.status} label={t(`alerts.status.${a.status}`)} />
            </td>
            <td>{a.publishedAt ? formatTime(a.publishedAt) : '—'}</td>
          </tr>
        )}
      />
    </section>
  );
}
