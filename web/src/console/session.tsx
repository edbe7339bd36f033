import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Role } from '../../../src/accounts/principal.ts';
import { ApiError, api, onUnauthorized, setCsrfToken } from './api.ts';

/**
 * Who is signed in, from GET /api/v1/auth/me or the sign-in answer (both also hand out the CSRF token for
 * writes; src/accounts/auth.routes.ts).
 * `me === null` shows the login screen; a 401 from any later request signs the console out locally.
 */
export type Me = {
  id: number;
  email: string | null;
  displayName: string;
  role: Role;
  organisationId: number | null;
  brandIds: readonly number[];
  /** The language chosen in the account (the console's switch, once used, wins on this browser). */
  lang: string;
};

type MeResponse = {
  user: {
    id: number;
    email: string | null;
    displayName: string;
    role: Role;
    organisationId: number | null;
    brandIds: number[];
    lang: string;
  };
  /** null for API keys, which need none. */
  csrfToken: string | null;
};

type Session = {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  /** True when a request found the session gone (expired, revoked): the login screen says so. */
  expired: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

function toMe(body: MeResponse): Me {
  const u = body.user;
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName || u.email || `#${u.id}`,
    role: u.role,
    organisationId: u.organisationId,
    brandIds: u.brandIds,
    lang: u.lang,
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const refresh = useCallback(async () => {
    try {
      const body = await api.get<MeResponse>('/auth/me');
      setCsrfToken(body.csrfToken);
      setMe(toMe(body));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
        setCsrfToken(null);
        setMe(null);
      } else {
        // The server is unreachable: show the login screen, which shows the error on the next attempt.
        setMe(null);
      }
    }
  }, []);

  useEffect(() => {
    void refresh();
    return onUnauthorized(() => {
      setCsrfToken(null);
      setMe((current) => {
        if (current) setExpired(true);
        return null;
      });
    });
  }, [refresh]);

  const value = useMemo<Session>(
    () => ({
      me,
      expired,
      refresh,
      async signIn(email, password) {
        const body = await api.post<MeResponse>('/auth/login', { email, password });
        setCsrfToken(body.csrfToken);
        setExpired(false);
        setMe(toMe(body));
      },
      async signOut() {
        try {
          await api.post('/auth/logout');
        } finally {
          setCsrfToken(null);
          setMe(null);
        }
      },
    }),
    [me, expired, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; only for screens, which are rendered only when someone is signed in. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe without a signed-in user');
  return me;
}

export function isStaffRole(role: Role): boolean {
  return role === 'admin' || role === 'analyst';
}
