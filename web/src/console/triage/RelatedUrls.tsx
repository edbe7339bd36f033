import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { DefangedUrl, Empty, ErrorMessage, Hostile, Loading, StatusBadge, useLoad } from '../ui.tsx';
import type { RelatedUrls as Related, RelatedGroup } from './evidence-types.ts';
import { statusLabel } from './types.ts';

/** Other URLs on the same host, other hosts of the same registrable domain, and the same campaign: each a link to its page. */
export function RelatedUrls({ urlId }: { urlId: number }) {
  const { t } = useI18n();
  const related = useLoad(() => api.get<Related>(`/urls/${urlId}/related`), [urlId]);
  if (related.error) return <ErrorMessage error={related.error} />;
  const r = related.data;
  if (!r) return <Loading />;
  return (
    <section aria-labelledby="related-heading">
      <h2 id="related-heading">{t('urlpage.related.title')}</h2>
      <div className="grid-3">
        <Group
          id="related-host"
          title={t('urlpage.related.host', { count: r.sameHost.total })}
          subject={r.host}
          group={r.sameHost}
        />
        <Group
          id="related-domain"
          title={t('urlpage.related.domain', { count: r.sameDomain.total })}
          subject={r.domain}
          group={r.sameDomain}
        />
        <Group
          id="related-campaign"
          title={t('urlpage.related.campaign', { count: r.sameCampaign.total })}
          subject={r.campaign?.name ?? null}
          group={r.sameCampaign}
          more={r.campaign ? `/campaigns/${r.campaign.id}` : null}
        />
      </div>
    </section>
  );
}

function Group({
  id,
  title,
  subject,
  group,
  more = null,
}: {
  id: string;
  title: string;
  subject: string | null;
  group: RelatedGroup;
  more?: string | null;
}) {
  const { t, formatTime } = useI18n();
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {subject ? (
        <p className="muted">
          <Hostile>{subject}</Hostile>
        </p>
      ) : null}
      {group.items.length === 0 ? (
        <Empty>{t('urlpage.related.none')}</Empty>
      ) : (
        <ul className="related">
          {group.items.map((u) => (
            <li key={u.id}>
              <Link to={`/urls/${u.id}`}>
                <DefangedUrl url={u.canonical} defanged={u.defanged} />
              </Link>{' '}
              <StatusBadge status={u.status} label={statusLabel(t, u.status)} />{' '}
              <span className="muted">{formatTime(u.firstSeen)}</span>
            </li>
          ))}
        </ul>
      )}
      {group.total > group.items.length ? (
        <p className="muted">
          {t('urlpage.related.more', { count: group.total - group.items.length })}
          {more ? (
            <>
              {' '}
              <Link to={more}>{t('urlpage.related.open_campaign')}</Link>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
