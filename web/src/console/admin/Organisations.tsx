import { type FormEvent, useState } from 'react';
import { api } from '../api.ts';
import { useAttempt } from '../attempt.ts';
import { BrandPicker, useBrandChoices } from '../brands/BrandPicker.tsx';
import { SelectField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { ColumnHeads, ListTable } from '../ListTable.tsx';
import { brandName, type TriageFilters } from '../triage/types.ts';
import { ErrorMessage, Hostile, Loading, ScreenTitle, useLoad } from '../ui.tsx';
import type { Organisation } from './types.ts';

/** Organisations and the brands their users may see (GET/POST /api/v1/admin/organisations). */
export function Organisations() {
  const { t, lang, formatTime } = useI18n();
  const orgs = useLoad(() => api.get<{ organisations: Organisation[] }>('/admin/organisations'), []);
  const brands = useLoad(() => api.get<TriageFilters>('/triage/filters'), []);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Organisation['kind']>('brand');
  const [brandIds, setBrandIds] = useState<string[]>([]);
  const { error, attempt } = useAttempt();
  const choices = useBrandChoices(brands.data?.brands);
  const brandById = new Map((choices ?? []).map((b) => [b.id, b]));
  const [adding, setAdding] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    return attempt(async () => {
      await api.post('/admin/organisations', {
        name: name.trim(),
        kind,
        brandIds: kind === 'brand' ? brandIds.map(Number) : [],
      });
      setName('');
      setBrandIds([]);
      orgs.reload();
    });
  };

  return (
    <section>
      <ScreenTitle>{t('accounts.orgs.title')}</ScreenTitle>
      <details className="card">
        <summary>{t('accounts.orgs.create')}</summary>
        <form className="toolbar" onSubmit={submit}>
          <TextField
            id="org-name"
            label={t('accounts.orgs.name')}
            required
            maxLength={200}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <SelectField
            id="org-kind"
            label={t('accounts.orgs.kind')}
            value={kind}
            onChange={(e) => setKind(e.target.value as Organisation['kind'])}
          >
            {(['brand', 'partner', 'internal'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`accounts.orgs.kind.${k}`)}
              </option>
            ))}
          </SelectField>
          {kind === 'brand' ? (
            <div>
              <BrandPicker
                id="org-brands"
                label={t('accounts.orgs.brands')}
                brands={choices?.filter((b) => !brandIds.includes(String(b.id)))}
                value={adding}
                onChange={(v) => {
                  if (v && !brandIds.includes(v)) setBrandIds([...brandIds, v]);
                  setAdding('');
                }}
              />
              <ul className="chips" aria-label={t('accounts.orgs.brands')}>
                {brandIds.map((id) => (
                  <li key={id} className="chip">
                    {brandName(brandById.get(Number(id)), lang) ?? `#${id}`}{' '}
                    <button
                      type="button"
                      className="link"
                      aria-label={t('accounts.orgs.remove_brand', {
                        name: brandName(brandById.get(Number(id)), lang) ?? `#${id}`,
                      })}
                      onClick={() => setBrandIds(brandIds.filter((x) => x !== id))}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <button type="submit" className="primary">
            {t('accounts.orgs.create_submit')}
          </button>
        </form>
        <ErrorMessage error={error} />
      </details>
      <ErrorMessage error={orgs.error} />
      {orgs.loading && !orgs.data ? <Loading /> : null}
      <ListTable
        label={t('accounts.orgs.title')}
        items={orgs.data?.organisations}
        head={
          <ColumnHeads
            labels={[
              t('accounts.orgs.name'),
              t('accounts.orgs.kind'),
              t('accounts.orgs.brands'),
              t('accounts.orgs.created'),
            ]}
          />
        }
        row={(o) => (
          <tr key={o.id}>
            <td>
              <Hostile>{o.name}</Hostile>
            </td>
            <td>{t(`accounts.orgs.kind.${o.kind}`)}</td>
            <td>
              {o.brandIds.map((id) => brandName(brandById.get(id), lang) ?? `#${id}`).join(', ') || '—'}
            </td>
            <td>{formatTime(o.createdAt)}</td>
          </tr>
        )}
      />
    </section>
  );
}
