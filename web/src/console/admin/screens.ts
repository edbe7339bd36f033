import type { Screen } from '../screens.tsx';
import { ApiKeys } from './ApiKeys.tsx';
import { AuditLog } from './AuditLog.tsx';
import { Organisations } from './Organisations.tsx';
import { Users } from './Users.tsx';

/** Administration (admins only; the server checks again): users, organisations, API keys, audit log. */
export const adminScreens: Screen[] = [
  { path: '/admin/users', navKey: 'accounts.nav.users', roles: ['admin'], component: Users },
  {
    path: '/admin/organisations',
    navKey: 'accounts.nav.organisations',
    roles: ['admin'],
    component: Organisations,
  },
  { path: '/admin/api-keys', navKey: 'accounts.nav.api_keys', roles: ['admin'], component: ApiKeys },
  { path: '/admin/audit', navKey: 'accounts.nav.audit', roles: ['admin'], component: AuditLog },
];
