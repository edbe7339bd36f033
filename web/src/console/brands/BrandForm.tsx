import { type FormEvent, useState } from 'react';
import { SelectField, TextAreaField, TextField } from '../fields.tsx';
import { useI18n } from '../i18n.tsx';
import { type Brand, SECTORS } from './types.ts';

export type BrandDraft = {
  slug: string;
  nameJa: string;
  nameEn: string;
  sector: string;
  aliases: string[];
  officialDomains: string[];
  keywords: string[];
};

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The add / edit form of a brand: bilingual names, sector, aliases, official domains, keywords. */
export function BrandForm(props: {
  brand?: Brand;
  /** A new brand's prefilled fields (an emerging-brand candidate's suggestion). */
  initial?: Partial<BrandDraft>;
  onSubmit(draft: BrandDraft): Promise<void>;
}) {
  const { t } = useI18n();
  const b = props.brand;
  const i = props.initial;
  const [f, setF] = useState({
    slug: b?.slug ?? i?.slug ?? '',
    nameJa: b?.nameJa ?? i?.nameJa ?? '',
    nameEn: b?.nameEn ?? i?.nameEn ?? '',
    sector: b?.sector ?? i?.sector ?? 'bank',
    aliases: (b?.aliases ?? i?.aliases ?? []).join('\n'),
    domains: (b?.officialDomains ?? i?.officialDomains ?? []).join('\n'),
    keywords: (b?.keywords ?? i?.keywords ?? []).join('\n'),
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF((x) => ({ ...x, [k]: e.target.value }));
  const id = (name: string) => `brand-${b?.id ?? 'new'}-${name}`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void props.onSubmit({
      slug: f.slug.trim(),
      nameJa: f.nameJa.trim(),
      nameEn: f.nameEn.trim(),
      sector: f.sector,
      aliases: lines(f.aliases),
      officialDomains: lines(f.domains),
      keywords: lines(f.keywords),
    });
  };
  return (
    <form className="card" onSubmit={submit} aria-label={t(b ? 'brands.edit' : 'brands.add')}>
      <h2>{b ? `${t('brands.edit')}: ${b.slug}` : t('brands.add')}</h2>
      <div className="toolbar">
        {b ? null : (
          <TextField
            id={id('slug')}
            label={t('brands.slug')}
            required
            value={f.slug}
            onChange={set('slug')}
          />
        )}
        <TextField
          id={id('ja')}
          label={t('brands.name_ja')}
          required
          value={f.nameJa}
          onChange={set('nameJa')}
        />
        <TextField
          id={id('en')}
          label={t('brands.name_en')}
          required
          value={f.nameEn}
          onChange={set('nameEn')}
        />
        <SelectField id={id('sector')} label={t('brands.sector')} value={f.sector} onChange={set('sector')}>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="grid-2">
        <TextAreaField
          id={id('domains')}
          label={t('brands.domains')}
          value={f.domains}
          onChange={set('domains')}
        />
        <TextAreaField
          id={id('keywords')}
          label={t('brands.keywords')}
          value={f.keywords}
          onChange={set('keywords')}
        />
      </div>
      <TextAreaField
        id={id('aliases')}
        label={t('brands.aliases')}
        value={f.aliases}
        onChange={set('aliases')}
      />
      <button type="submit" className="primary" disabled={!f.nameJa.trim() || !f.nameEn.trim()}>
        {t(b ? 'brands.edit_submit' : 'brands.add_submit')}
      </button>
    </form>
  );
}
