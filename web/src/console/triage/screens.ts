import type { Screen } from '../screens.tsx';
import { Allowlist } from './Allowlist.tsx';
import { ReportQueue } from './ReportQueue.tsx';
import { TriageQueue } from './TriageQueue.tsx';
import { UrlPage } from './UrlPage.tsx';

/** Staff triage the queue; brand users get the same list read-only (their brands only) under /urls. */
export const triageScreens: Screen[] = [
  { path: '/triage', navKey: 'triage.nav', roles: ['admin', 'analyst'], component: TriageQueue },
  {
    path: '/triage/reports',
    navKey: 'triage.nav_reports',
    roles: ['admin', 'analyst'],
    component: ReportQueue,
  },
  { path: '/allowlist', navKey: 'triage.nav_allowlist', roles: ['admin', 'analyst'], component: Allowlist },
  { path: '/urls', navKey: 'triage.nav_brand', roles: ['brand'], component: TriageQueue },
  { path: '/urls/:id', roles: ['admin', 'analyst', 'brand'], component: UrlPage },
];
