import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { WrappingLabel } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ListTable } from '../ListTable.tsx';
import type { ScreenProps } from '../screens.tsx';
import { useMe } from '../session.tsx';
import { brandName, type TriageFilters } from '../triage/types.ts';
import { DefangedUrl, ErrorMessage, Loading, ScreenTitle, StatusBadge, useLoad } from '../ui.tsx';

type PortalUrl = {
  id: number;
  url: string;
  tlp: string;
  firstSeen: string;
  campaign: { id: number; name: string } | null;
  takedown: { caseId: number; state: string } | null;
};
type Subscription = { id: number; brandId: number; channel: 'email' | 'webhook'; target: string };

/** The brand portal: the brand's confirmed URLs, answers about them, exports and notifications. */
export function PortalUrls(_props: ScreenProps) {
  const { t, lang, formatTime } = useI18n();
  const me = useMe();
  const filters = useLoad(() => api.get<TriageFilters>('/triage/filters'), []);
  const brands = useBrandChoices(filters.data?.brands);
  const brandById = new Map((brands ?? []).map((b) => [b.id, b]));
  const list = useLoad(
    () => api.get<{ items: PortalUrl[]; nextCursor: string | null }>('/portal/urls', { limit: 200 }),
    [],
  );
  const subs = useLoad(() => api.get<{ items: Subscription[] }>('/portal/subscriptions'), []);
  const [answered, setAnswered] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [channel, setChannel] = useState<'email' | 'webhook'>('email');
  const [target, setTarget] = useState('');
  const [brandId, setBrandId] = useState(String(me.brandIds[0] ?? ''));
  const [secret, setSecret] = useState<string | null>(null);

  const answer = async (id: number, verdict: 'not_ours' | 'legitimate') => {
    setError(null);
    try {
      await api.post(`/portal/urls/${id}/feedback`, { verdict });
      setAnswered((a) => ({ ...a, [id]: verdict }));
    } catch (err) {
      setError(err);
    }
  };
  const subscribe = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const s = await api.post<{ secret: string | null }>('/portal/subscriptions', {
        brandId: Number(brandId),
        channel,
        target,
      });
      setSecret(s.secret);
      setTarget('');
      subs.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (id: number) => {
    try {
      await api.delete(`/portal/subscriptions/${id}`);
      subs.reload();
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section>
      <ScreenTitle
        actions={
          <span className="toolbar">
            {t('sharing.portal.export')}:{' '}
            {(['csv', 'json', 'stix', 'jpcert'] as const).map((f) => (
              <a key={f} href={`/api/v1/portal/export?format=${f}`} download>
                {f}
              </a>
            ))}
          </span>
        }
      >
        {t('sharing.portal.title')}
      </ScreenTitle>
      <ErrorMessage error={error} />
      {list.error ? <ErrorMessage error={list.error} /> : null}
      {!list.data && !list.error ? <Loading /> : null}
      <ListTable
        label={t('sharing.portal.title')}
        items={list.data?.items}
        empty={t('sharing.portal.empty')}
        head={
          <>
            <th>{t('sharing.portal.url')}</th>
            <th>{t('sharing.portal.tlp')}</th>
            <th>{t('sharing.portal.campaign')}</th>
            <th>{t('sharing.portal.takedown')}</th>
            <th>{t('sharing.portal.first_seen')}</th>
            <th>{t('sharing.portal.answer')}</th>
          </>
        }
        row={(u) => (
          <tr key={u.id}>
            <td>
              <DefangedUrl url={u.url} />
            </td>
            <td>
              <StatusBadge status={u.tlp} label={`TLP:${u.tlp.toUpperCase()}`} />
            </td>
            <td>{u.campaign?.name ?? '—'}</td>
            <td>{u.takedown?.state ?? '—'}</td>
            <td>{formatTime(u.firstSeen)}</td>
            <td>
              {answered[u.id] ? (
                t('sharing.portal.answered')
              ) : (
                <span className="toolbar">
                  <button type="button" onClick={() => answer(u.id, 'not_ours')}>
                    {t('sharing.portal.not_ours')}
                  </button>
                  <button type="button" onClick={() => answer(u.id, 'legitimate')}>
                    {t('sharing.portal.legitimate')}
                  </button>
                </span>
              )}
            </td>
          </tr>
        )}
      />
      <form className="card" onSubmit={subscribe}>
        <h2>{t('sharing.portal.subscriptions')}</h2>
        <ul>
          {(subs.data?.items ?? []).map((s) => (
            <li key={s.id}>
              {s.channel}: {s.target} ({brandName(brandById.get(s.brandId), lang) ?? `#${s.brandId}`}){' '}
              <button type="button" onClick={() => remove(s.id)}>
                {t('sharing.portal.remove')}
              </button>
            </li>
          ))}
        </ul>
        <BrandPicker
          id="portal-brand"
          label={t('sharing.portal.brand')}
          required
          brands={brands}
          value={brandId}
          onChange={setBrandId}
        />
        <WrappingLabel label={t('sharing.portal.channel')}>
          <select value={channel} onChange={(e) => setChannel(e.target.value as 'email' | 'webhook')}>
            <option value="email">{t('sharing.portal.channel_email')}</option>
            <option value="webhook">{t('sharing.portal.channel_webhook')}</option>
          </select>
        </WrappingLabel>
        <WrappingLabel label={t('sharing.portal.target')}>
          <input required value={target} onChange={(e) => setTarget(e.target.value)} />
        </WrappingLabel>
        <button type="submit" className="primary">
          {t('sharing.portal.subscribe')}
        </button>
        {secret ? <p className="muted">{t('sharing.portal.secret', { secret })}</p> : null}
      </form>
    </section>
  );
}
