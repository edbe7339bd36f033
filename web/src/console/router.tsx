import { type AnchorHTMLAttributes, type MouseEvent, useEffect, useState } from 'react';

/**
 * A small client-side router on the history API. Every console screen has its own URL under /console/,
 * so a screen can be bookmarked, reloaded and opened in a new tab; the server answers every /console/*
 * path with the same index.html (src/pages/pages.routes.ts).
 */
export const BASE = '/console';

export type Location = { path: string; query: URLSearchParams };

function current(): Location {
  const raw = window.location.pathname;
  const path = raw.startsWith(BASE) ? raw.slice(BASE.length) || '/' : raw;
  return {
    path: path.length > 1 ? path.replace(/\/+$/, '') : path,
    query: new URLSearchParams(window.location.search),
  };
}

const listeners = new Set<() => void>();

/** Goes to a console path ('/triage?status=new'); `replace` keeps the history entry (filters, redirects). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const href = toHref(to);
  if (href === window.location.pathname + window.location.search) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  for (const listener of listeners) listener();
}

/** The absolute href of a console path. */
export function toHref(to: string): string {
  return to.startsWith('/') ? BASE + to : `${BASE}/${to}`;
}

/** The current location; re-renders on navigate() and on back/forward. */
export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

/**
 * Matches '/urls/:id' against '/urls/42' → { id: '42' }; null when it does not match. Parameters are
 * decoded; a segment that is not valid percent-encoding does not match.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const got = path.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(g);
      } catch {
        return null;
      }
    } else if (w !== g) return null;
  }
  return params;
}

/** A link to a console path: a real <a href> (new tab, copy link work), navigated in place on plain click. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={toHref(to)} onClick={handle} {...rest} />;
}

/** Builds a console path with a query string, dropping empty values. */
export function withQuery(path: string, query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
