import { useI18n } from '../i18n.tsx';
import { Link } from '../router.tsx';
import { DefangedUrl } from '../ui.tsx';
import type { UrlSummary } from './types.ts';

/**
 * The cells a URL row starts with in the triage queue and in a campaign: the staff's select box, first
 * seen, and the URL defanged as text (never a link: it is the phishing site) with a link to its own page.
 */
export function UrlRowStart(props: {
  url: Pick<UrlSummary, 'id' | 'canonical' | 'defanged' | 'firstSeen'>;
  staff: boolean;
  selected: boolean;
  onToggle(): void;
}) {
  const { t, formatTime } = useI18n();
  const { url } = props;
  return (
    <>
      {props.staff ? (
        <td>
          <input
            type="checkbox"
            aria-label={t('triage.select_row', { url: url.defanged })}
            checked={props.selected}
            onChange={props.onToggle}
          />
        </td>
      ) : null}
      <td>{formatTime(url.firstSeen)}</td>
      <td className="url-cell">
        <DefangedUrl url={url.canonical} defanged={url.defanged} />
        <div>
          <Link to={`/urls/${url.id}`}>{t('triage.open_detail')}</Link>
        </div>
      </td>
    </>
  );
}
