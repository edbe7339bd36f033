import { type DependencyList, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { CATALOGUE, type MessageKey } from '../i18n/catalogue.ts';
import type { Translate } from '../i18n/translate.ts';
import { neutraliseBidi } from '../text/bidi.ts';
import { ApiError } from './api.ts';
import { useI18n } from './i18n.tsx';

/**
 * Small building blocks shared by the screens. Attacker-controlled strings (URLs, subjects, SMS texts,
 * sender names) are only ever rendered as React text children: never through dangerouslySetInnerHTML,
 * never as an href. Use <Hostile> and <DefangedUrl> for them so the rule is visible in the code: they also
 * neutralise bidi controls (neutraliseBidi) and isolate the text, so it cannot flip itself or its
 * neighbours.
 */

const KNOWN_ERRORS: Record<string, MessageKey> = {
  network: 'console.error.network',
  'auth.required': 'accounts.error.required',
  'auth.forbidden': 'accounts.error.forbidden',
  'auth.invalid_credentials': 'accounts.error.invalid_credentials',
  not_found: 'console.error.not_found',
  conflict: 'console.error.conflict',
  'request.invalid': 'console.error.invalid',
  'request.rate_limited': 'accounts.error.rate_limited',
  'auth.locked': 'accounts.error.locked',
  'auth.csrf': 'accounts.error.csrf',
  'auth.invalid_key': 'accounts.error.invalid_key',
  'auth.cross_origin': 'accounts.error.cross_origin',
  'auth.weak_password': 'accounts.error.weak_password',
};

/**
 * Modules name the messages of their error codes `<module>.error.<reason>` (campaign.not_open →
 * campaigns.error.not_open); allowlist codes live with triage's messages.
 */
function moduleErrorKey(code: string): MessageKey | undefined {
  const dot = code.indexOf('.');
  if (dot < 0) return undefined;
  const module = code.slice(0, dot);
  const reason = code.slice(dot + 1);
  const candidates = [
    `${module}.error.${reason}`,
    `${module}s.error.${reason}`,
    `triage.error.${module}_${reason}`,
  ];
  return candidates.find((c): c is MessageKey => c in CATALOGUE.ja);
}

/** A server error as the user reads it: our own words for the usual codes, the server's message otherwise. */
export function errorText(t: Translate, error: unknown): string {
  if (error instanceof ApiError) {
    const retry = error.details?.retryAfterSeconds;
    if (error.code === 'auth.locked' && typeof retry === 'number')
      return t('accounts.error.locked_for', { minutes: Math.max(1, Math.ceil(retry / 60)) });
    const key = KNOWN_ERRORS[error.code] ?? moduleErrorKey(error.code);
    if (key) return error.code === 'request.invalid' ? `${t(key)} (${error.message})` : t(key);
    return t('console.error.server', { message: error.message, code: error.code });
  }
  return t('console.error.unexpected');
}

export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {errorText(t, error)}
    </p>
  );
}

/** A confirmation after a write ("user updated"); nothing while there is none. */
export function Notice({ children }: { children: string | null }) {
  if (!children) return null;
  return (
    <p className="ok" role="status">
      {children}
    </p>
  );
}

/** A detail screen whose record could not be loaded: its title, so the user knows where they are, and why. */
export function ScreenError({ title, error }: { title: string; error: unknown }) {
  return (
    <section>
      <ScreenTitle>{title}</ScreenTitle>
      <ErrorMessage error={error} />
    </section>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" aria-live="polite">
      {t('console.loading')}
    </p>
  );
}

/** Loads data for a screen; `reload()` after a write. Stale answers (deps changed meanwhile) are dropped. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
} {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [version, setVersion] = useState(0);
  const seq = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === seq.current && setState({ data, error: null, loading: false }),
      (error: unknown) => mine === seq.current && setState({ data: undefined, error, loading: false }),
    );
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

/** Text that came from an attacker (subject, sender, SMS body, page title): shown as plain text only. */
export function Hostile({
  children,
  className,
}: {
  children: string | null | undefined;
  className?: string;
}) {
  return (
    <span className={className ? `hostile ${className}` : 'hostile'} dir="auto">
      {neutraliseBidi(children ?? '')}
    </span>
  );
}

/** A block of hostile text (a mail body, a JSON record of one): like <Hostile>, keeping line breaks. */
export function HostileBlock({ children, className }: { children: string; className?: string }) {
  return (
    <pre className={className ? `hostile ${className}` : 'hostile'} dir="auto">
      {neutraliseBidi(children)}
    </pre>
  );
}

/**
 * `https://evil.example/x` → `hxxps://evil[.]example/x`, for display only (the server keeps the real URL).
 * Same rule as src/urls/defang.ts, which cannot be bundled (it uses node:url).
 */
export function defangForDisplay(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  let scheme = '';
  let rest = url;
  if (m) {
    const name = m[1]!.toLowerCase();
    scheme = `${name === 'http' ? 'hxxp' : name === 'https' ? 'hxxps' : m[1]}://`;
    rest = url.slice(m[0].length);
  }
  const end = rest.search(/[/?#]/);
  const authority = end === -1 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  const host = authority.slice(at + 1).replaceAll('.', '[.]');
  return scheme + authority.slice(0, at + 1) + host + (end === -1 ? '' : rest.slice(end));
}

/** A phishing URL: defanged, never a link, breakable anywhere so long URLs do not widen the page. */
export function DefangedUrl({ url, defanged }: { url: string; defanged?: string | null }) {
  return (
    <code className="hostile url" dir="ltr">
      {neutraliseBidi(defanged || defangForDisplay(url))}
    </code>
  );
}

export function StatusBadge({ status, label }: { status: string; label: string }) {
  return <span className={`badge badge-${status.replace(/[^a-z_-]/gi, '')}`}>{label}</span>;
}

/** Page title of a screen; also sets document.title so browser history and tabs are readable. */
export function ScreenTitle({ children, actions }: { children: string; actions?: ReactNode }) {
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${children} · ${t('console.title')}`;
  }, [children, t]);
  return (
    <div className="screen-title">
      <h1>{children}</h1>
      {actions ? <div className="screen-actions">{actions}</div> : null}
    </div>
  );
}

export function Empty({ children }: { children: string }) {
  return <p className="muted empty">{children}</p>;
}

/**
 * The cursors behind the current page of a keyset-paged list, so "previous" can go back: the API only
 * hands out the next cursor. Reset it whenever the filters change.
 */
export function useCursorTrail() {
  const [trail, setTrail] = useState<string[]>([]);
  return {
    hasPrevious: trail.length > 0,
    reset: () => setTrail([]),
    /** Remembers the cursor of the page being left for a later `back`. */
    forward: (from: string) => setTrail((p) => [...p, from]),
    /** The cursor of the page before this one ('' for the first page). */
    back: (): string => {
      setTrail((p) => p.slice(0, -1));
      return trail.at(-1) ?? '';
    },
  };
}

/** Previous / next buttons of a paged list; a missing handler disables its button. */
export function Pager({
  onPrevious,
  onNext,
}: {
  onPrevious: (() => void) | null;
  onNext: (() => void) | null;
}) {
  const { t } = useI18n();
  return (
    <nav className="pager" aria-label={t('triage.pages')}>
      <button type="button" disabled={!onPrevious} onClick={() => onPrevious?.()}>
        {t('console.pager.prev')}
      </button>
      <button type="button" disabled={!onNext} onClick={() => onNext?.()}>
        {t('console.pager.next')}
      </button>
    </nav>
  );
}

/**
 * The pager of a list whose cursor is in the URL: `go({ cursor })` moves there, and `trail` remembers the
 * cursors behind so "previous" can go back. "Previous" is there when not on the first page, or when the
 * caller says so (`canGoBack`).
 */
export function CursorPager(props: {
  cursor: string;
  nextCursor: string | null | undefined;
  trail: ReturnType<typeof useCursorTrail>;
  go(changes: { cursor: string }): void;
  canGoBack?: boolean;
}) {
  const { cursor, nextCursor, trail, go } = props;
  return (
    <Pager
      onPrevious={(props.canGoBack ?? cursor !== '') ? () => go({ cursor: trail.back() }) : null}
      onNext={
        nextCursor
          ? () => {
              trail.forward(cursor);
              go({ cursor: nextCursor });
            }
          : null
      }
    />
  );
}

/**
 * A destructive row action asked twice, in place: first its button, then (while `asking`) an optional
 * prompt with the confirming button and a cancel. The caller keeps which row is asking, so only one is.
 */
export function ConfirmInPlace(props: {
  asking: boolean;
  label: string;
  confirmLabel: string;
  prompt?: string;
  onAsk(): void;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  if (!props.asking) {
    return (
      <button type="button" onClick={props.onAsk}>
        {props.label}
      </button>
    );
  }
  return (
    <>
      {props.prompt ? <span role="alert">{props.prompt}</span> : null}
      {props.prompt ? ' ' : null}
      <button type="button" className="danger" onClick={props.onConfirm}>
        {props.confirmLabel}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        {t('console.cancel')}
      </button>
    </>
  );
}
