import type { Screen } from '../screens.tsx';
import { AlertList } from './AlertList.tsx';
import { AlertPage } from './AlertPage.tsx';
import { AwarenessEditor } from './AwarenessEditor.tsx';

/** Emergency alerts: analysts draft, review and publish them (a second analyst publishes). */
export const alertsScreens: Screen[] = [
  { path: '/alerts', navKey: 'alerts.nav', roles: ['admin', 'analyst'], component: AlertList },
  { path: '/alerts/:id', roles: ['admin', 'analyst'], component: AlertPage },
  {
    path: '/awareness',
    navKey: 'alerts.awareness.nav',
    roles: ['admin', 'analyst'],
    component: AwarenessEditor,
  },
];
