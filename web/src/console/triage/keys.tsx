import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n.tsx';
import type { Verdict } from './types.ts';

/**
 * Keyboard shortcuts of list screens (triage queue): j/k move, x selects, a selects the page, Esc clears,
 * Enter/o opens, / searches, c/b/d/i give a verdict. Ignored while typing in a field or with a modifier,
 * and while a dialog is open (`active` false).
 */
export type ListKeyActions = {
  next(): void;
  prev(): void;
  toggle(): void;
  selectAll(): void;
  clear(): void;
  open(): void;
  search(): void;
  verdict?: (verdict: Verdict) => void;
};

export const VERDICT_KEYS: Record<string, Verdict> = {
  c: 'confirmed',
  b: 'benign',
  d: 'duplicate',
  i: 'needs_info',
};

export function useListKeys(actions: ListKeyActions, active: boolean): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], dialog')) return;
      const a = ref.current;
      const verdict = VERDICT_KEYS[event.key];
      let handled = true;
      if (event.key === 'j' || event.key === 'ArrowDown') a.next();
      else if (event.key === 'k' || event.key === 'ArrowUp') a.prev();
      else if (event.key === 'x') a.toggle();
      else if (event.key === 'a') a.selectAll();
      else if (event.key === 'Escape') a.clear();
      else if (event.key === 'o' || (event.key === 'Enter' && !target?.closest('a, button'))) a.open();
      else if (event.key === '/') a.search();
      else if (verdict && a.verdict) a.verdict(verdict);
      else handled = false;
      if (handled) event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [active]);
}

/** The visible list of shortcuts (also what a screen reader user reads). */
export function KeyHints() {
  const { t } = useI18n();
  const hints: [string[], string][] = [
    [['j', 'k'], t('triage.keys.move')],
    [['x'], t('triage.keys.select')],
    [['a'], t('triage.keys.select_all')],
    [['Enter'], t('triage.keys.open')],
    [['c'], t('triage.action.confirmed')],
    [['b'], t('triage.action.benign')],
    [['d'], t('triage.action.duplicate')],
    [['i'], t('triage.action.needs_info')],
    [['/'], t('triage.keys.search')],
    [['Esc'], t('triage.keys.clear')],
  ];
  return (
    <ul className="hints" aria-label={t('triage.keys.title')}>
      {hints.map(([keys, label]) => (
        <li key={keys.join()}>
          {keys.map((k) => (
            <kbd key={k}>{k}</kbd>
          ))}{' '}
          {label}
        </li>
      ))}
    </ul>
  );
}
