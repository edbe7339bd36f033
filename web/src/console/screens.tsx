/**
 * The console's screen registry: the one list the router and the navigation are built from.
 *
 * HOW TO ADD A SCREEN (alerts, takedowns, monthly… engineers):
 * 1. Write the component in `web/src/console/<module>/<Name>.tsx`. It receives `ScreenProps`
 *    (`params` from the path pattern, `query` = the URL's search params). Use the helpers:
 *    `api.get/post/patch/delete` (./api.ts; writes carry the CSRF token, errors are ApiError),
 *    `useLoad`, `<ErrorMessage>`, `<Loading>`, `<ScreenTitle>`, `<Hostile>` / `<DefangedUrl>` for any
 *    attacker-controlled text (./ui.tsx), `<Link to="/path">` and `navigate()` (./router.tsx),
 *    `useI18n()` for `t()` and `formatTime()` (./i18n.tsx), `useMe()` for the signed-in user
 *    (./session.tsx). Plain CSS classes are in ./console.css (`table.list`, `.toolbar`, `.card`,
 *    `.badge`, `button.primary`, `.field`…); no UI framework.
 * 2. Export the module's screens as an array next to it, e.g. `web/src/console/alerts/screens.ts`:
 *      export const alertsScreens: Screen[] = [
 *        { path: '/alerts', navKey: 'alerts.nav', roles: ['admin', 'analyst'], component: AlertList },
 *        { path: '/alerts/:id', roles: ['admin', 'analyst'], component: AlertPage },
 *      ];
 *    and add ONE import plus ONE spread line to SCREENS below (small edit; others edit this file too).
 * 3. Strings go in web/src/i18n/messages/<module>.ts (both languages; `navKey` is a message key).
 * Paths are relative to /console (the server sends index.html for every /console/* path), patterns use
 * `:name` segments, the first matching entry wins (put '/x/new' before '/x/:id'). `roles` is checked here
 * only to hide what a user cannot use: the server enforces every rule again. Entries with a navKey show
 * in the navigation, in list order, for the roles given.
 */
import type { ComponentType } from 'react';
import type { Role } from '../../../src/accounts/principal.ts';
import type { MessageKey } from '../i18n/catalogue.ts';
import { adminScreens } from './admin/screens.ts';
import { alertsScreens } from './alerts/screens.ts';
import { appealsScreens } from './appeals/screens.ts';
import { brandsScreens } from './brands/screens.ts';
import { campaignsScreens } from './campaigns/screens.ts';
import { Home } from './Home.tsx';
import { monthlyScreens } from './monthly/screens.ts';
import { sharingScreens } from './sharing/screens.ts';
import { takedownsScreens } from './takedowns/screens.ts';
import { triageScreens } from './triage/screens.ts';

export type ScreenProps = { params: Record<string, string>; query: URLSearchParams };

export type Screen = {
  /** '/triage', '/urls/:id' (relative to /console). */
  path: string;
  /** Message key of the navigation entry; screens without one are reached by links only. */
  navKey?: MessageKey;
  /** Roles that may open the screen (and see its navigation entry). */
  roles: readonly Role[];
  component: ComponentType<ScreenProps>;
};

export const SCREENS: Screen[] = [
  { path: '/', roles: ['admin', 'analyst', 'brand', 'partner'], component: Home },
  ...triageScreens,
  ...campaignsScreens,
  ...alertsScreens,
  ...takedownsScreens,
  ...adminScreens,
  ...monthlyScreens,
  ...sharingScreens,
  ...brandsScreens,
  ...appealsScreens,
];
