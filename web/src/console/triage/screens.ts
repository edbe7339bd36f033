import type { Screen } from '../screens.tsx';
import { TriageQueue } from './TriageQueue.tsx';
import { UrlPage } from './UrlPage.tsx';

/** Staff triage the queue; brand users get the same list read-only (their brands only) under /urls. */
export const triageScreens: Screen[] = [
  { path: '/triage', navKey: 'triage.nav', roles: ['admin', 'analyst'], component: TriageQueue },
  { path: '/urls', navKey: 'triage.nav_brand', roles: ['brand'], component: TriageQueue },
  { path: '/urls/:id', roles: ['admin', 'analyst', 'brand'], component: UrlPage },
];
