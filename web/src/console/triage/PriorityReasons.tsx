import { useI18n } from '../i18n.tsx';
import { ruleName } from './rule-names.ts';
import type { PriorityReason } from './types.ts';

/** Why a queue item is high: one short label per reason (GET /api/v1/triage/urls, staff only). */
export function PriorityReasons({ reasons }: { reasons: readonly PriorityReason[] | undefined }) {
  const { t } = useI18n();
  if (!reasons || reasons.length === 0) return <span className="muted">{t('console.none')}</span>;
  const label = (r: PriorityReason): string => {
    switch (r.code) {
      case 'rule':
        return ruleName(t, r.ruleId)
          ? t('triage.priority.rule_named', { name: ruleName(t, r.ruleId)!, value: r.value })
          : t('triage.priority.rule', { ruleId: r.ruleId, value: r.value });
      case 'live':
        return t('triage.priority.live');
      case 'reporters':
        return t('triage.priority.reporters', { count: r.count });
      case 'brand':
        return t('triage.priority.brand');
    }
  };
  return (
    <ul className="plain">
      {reasons.map((r) => (
        <li key={r.code}>
          <span className={r.code === 'live' ? 'badge badge-live' : 'badge'}>{label(r)}</span>
        </li>
      ))}
    </ul>
  );
}
