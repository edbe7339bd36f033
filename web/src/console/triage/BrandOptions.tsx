import { useI18n } from '../i18n.tsx';
import { type Brand, brandName } from './types.ts';

/** The <option>s of a brand select: the id as value, the brand's name in the console's language shown. */
export function BrandOptions({ brands }: { brands: readonly Brand[] | undefined }) {
  const { lang } = useI18n();
  return (
    <>
      {(brands ?? []).map((b) => (
        <option key={b.id} value={String(b.id)}>
          {brandName(b, lang)}
        </option>
      ))}
    </>
  );
}
