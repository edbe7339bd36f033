import { type KeyboardEvent, useId, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { isStaffRole, useMe } from '../session.tsx';
import { useLoad } from '../ui.tsx';
import { type BrandChoice, brandLabel, searchBrands } from './brand-search.ts';

const SHOWN = 50;

/** Every active brand of the registry with its aliases (staff), loaded once per page load. */
let registry: Promise<BrandChoice[]> | null = null;
function loadRegistry(): Promise<BrandChoice[]> {
  registry ??= (async () => {
    const out: BrandChoice[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: BrandChoice[]; nextCursor: string | null } = await api.get('/brands', {
        limit: 200,
        cursor,
      });
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  })().catch((e: unknown) => {
    registry = null;
    throw e;
  });
  return registry;
}

/**
 * The brands a picker offers: the registry with aliases for staff, else (brand users, or while it loads)
 * the list the screen already has.
 */
export function useBrandChoices(
  fallback: readonly BrandChoice[] | undefined,
): readonly BrandChoice[] | undefined {
  const staff = isStaffRole(useMe().role);
  const all = useLoad(() => (staff ? loadRegistry() : Promise.resolve(null)), [staff]);
  return all.data ?? fallback;
}

export type PickerExtra = { value: string; label: string };

/**
 * A searchable brand field (a combobox): type part of a Japanese or English name, an alias or the slug;
 * ↑/↓ move, Enter chooses, Esc closes. `value` is the brand id as a string, or one of `extra`'s values
 * ('' for "all", 'none' for "no brand"…).
 */
export function BrandPicker({
  id,
  label,
  brands,
  value,
  onChange,
  extra = [],
  required = false,
}: {
  id: string;
  label: string;
  brands: readonly BrandChoice[] | undefined;
  value: string;
  onChange(value: string): void;
  extra?: readonly PickerExtra[];
  required?: boolean;
}) {
  const { t, lang } = useI18n();
  const listId = `${useId()}-brands`;
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const list = brands ?? [];
  const selected = list.find((b) => String(b.id) === value);
  const shownValue = selected
    ? brandLabel(selected, lang)
    : (extra.find((e) => e.value === value)?.label ?? '');

  const options = useMemo(() => {
    const q = query ?? '';
    const matches = searchBrands(list, q, lang).map((b) => ({
      value: String(b.id),
      label: brandLabel(b, lang),
    }));
    const extras = q === '' ? extra : [];
    return { items: [...extras, ...matches.slice(0, SHOWN)], more: Math.max(0, matches.length - SHOWN) };
  }, [list, query, lang, extra]);

  const choose = (v: string) => {
    onChange(v);
    setQuery(null);
    setOpen(false);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) setOpen(true);
      const n = options.items.length;
      if (n > 0) setActive((i) => (e.key === 'ArrowDown' ? (i + 1) % n : (i - 1 + n) % n));
    } else if (e.key === 'Enter' && open) {
      const item = options.items[active];
      if (item) {
        e.preventDefault();
        choose(item.value);
      }
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      setQuery(null);
      setOpen(false);
    }
  };
  const optionId = (i: number) => `${listId}-${i}`;

  return (
    <div className="field brand-picker">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && options.items[active] ? optionId(active) : undefined}
        placeholder={t('brands.picker.placeholder')}
        required={required && !selected}
        value={query ?? shownValue}
        onFocus={(e) => {
          e.currentTarget.select();
          setOpen(true);
        }}
        onClick={() => setOpen(true)}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onBlur={() => {
          setQuery(null);
          setOpen(false);
        }}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <div id={listId} role="listbox" aria-label={label} className="brand-picker-list">
          {options.items.map((o, i) => (
            <div
              key={o.value}
              tabIndex={-1}
              id={optionId(i)}
              role="option"
              aria-selected={o.value === value}
              className={i === active ? 'active' : undefined}
              // mousedown, not click: the input's blur would close the list before a click lands.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o.value);
              }}
            >
              {o.label}
            </div>
          ))}
          {options.items.length === 0 ? <p className="muted">{t('brands.picker.none')}</p> : null}
          {options.more > 0 ? (
            <p className="muted">{t('brands.picker.more', { count: options.more })}</p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
