import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.tsx';
import type { Page } from '../triage/types.ts';
import { ErrorMessage, Hostile, Notice, useLoad } from '../ui.tsx';
import type { CampaignDetail, CampaignSummary } from './types.ts';

/** Staff actions on a campaign: rename, close/reopen, merge others into it, split selected URLs off. */
export function CampaignActions(props: {
  campaign: CampaignDetail;
  selectedUrlIds: number[];
  onChanged(): void;
}) {
  const { t } = useI18n();
  const c = props.campaign;
  const [name, setName] = useState(c.name);
  const [splitName, setSplitName] = useState('');
  const [mergeIds, setMergeIds] = useState<ReadonlySet<number>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const open = c.status === 'open';
  const candidates = useLoad(
    () =>
      open
        ? api.get<Page<CampaignSummary>>('/campaigns', { status: 'open', brand: c.brand?.id, limit: 200 })
        : Promise.resolve({ items: [], nextCursor: null }),
    [c.id, c.status, c.brand?.id],
  );
  const others = (candidates.data?.items ?? []).filter(
    (x) => x.id !== c.id && (x.brand?.id ?? null) === (c.brand?.id ?? null),
  );

  const run = async (work: () => Promise<string | undefined>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const message = await work();
      if (message) setNotice(message);
      props.onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const rename = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.patch(`/campaigns/${c.id}`, { name: name.trim() });
      return t('campaigns.renamed');
    });
  };
  const setStatus = (status: 'open' | 'closed') =>
    run(async () => {
      await api.patch(`/campaigns/${c.id}`, { status });
      return t(status === 'closed' ? 'campaigns.closed_done' : 'campaigns.reopened');
    });
  const merge = () =>
    run(async () => {
      await api.post(`/campaigns/${c.id}/merge`, { campaignIds: [...mergeIds] });
      setMergeIds(new Set());
      candidates.reload();
      return t('campaigns.merged_done');
    });
  const split = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const result = await api.post<{ to: CampaignSummary }>(`/campaigns/${c.id}/split`, {
        urlIds: props.selectedUrlIds,
        ...(splitName.trim() ? { name: splitName.trim() } : {}),
      });
      navigate(`/campaigns/${result.to.id}`);
      return undefined;
    });
  };

  return (
    <div className="card campaign-actions">
      <h2>{t('campaigns.actions')}</h2>
      <Notice>{notice}</Notice>
      <ErrorMessage error={error} />
      <form className="toolbar" onSubmit={rename}>
        <TextField
          id="campaign-name"
          label={t('campaigns.rename')}
          required
          maxLength={200}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={busy || !name.trim() || name.trim() === c.name}>
          {t('campaigns.rename_submit')}
        </button>
        {c.status === 'open' ? (
          <button type="button" className="danger" disabled={busy} onClick={() => void setStatus('closed')}>
            {t('campaigns.close')}
          </button>
        ) : null}
        {c.status === 'closed' ? (
          <button type="button" disabled={busy} onClick={() => void setStatus('open')}>
            {t('campaigns.reopen')}
          </button>
        ) : null}
      </form>
      {open ? (
        <form className="toolbar" onSubmit={split}>
          <TextField
            id="split-name"
            label={t('campaigns.split_name')}
            maxLength={200}
            value={splitName}
            onChange={(e) => setSplitName(e.target.value)}
          />
          <button type="submit" disabled={busy || props.selectedUrlIds.length === 0}>
            {t('campaigns.split_submit', { count: props.selectedUrlIds.length })}
          </button>
        </form>
      ) : null}
      {open ? (
        <fieldset className="merge">
          <legend>{t('campaigns.merge')}</legend>
          {others.length === 0 ? <p className="muted">{t('campaigns.merge_none')}</p> : null}
          <ul className="plain">
            {others.map((o) => (
              <li key={o.id}>
                <label className="field-inline">
                  <input
                    type="checkbox"
                    checked={mergeIds.has(o.id)}
                    onChange={() =>
                      setMergeIds((s) => {
                        const next = new Set(s);
                        if (next.has(o.id)) next.delete(o.id);
                        else next.add(o.id);
                        return next;
                      })
                    }
                  />
                  <span className="muted">#{o.id}</span> <Hostile>{o.name}</Hostile>{' '}
                  <span className="muted">({t('campaigns.url_count', { count: o.urlCount })})</span>
                </label>
              </li>
            ))}
          </ul>
          <button type="button" disabled={busy || mergeIds.size === 0} onClick={() => void merge()}>
            {t('campaigns.merge_submit', { count: mergeIds.size })}
          </button>
        </fieldset>
      ) : null}
    </div>
  );
}
