import type { Screen } from '../screens.tsx';
import { PortalTakedownTimes } from './PortalTakedownTimes.tsx';
import { PortalUrls } from './PortalUrls.tsx';
import { Proposals } from './Proposals.tsx';

/** Brand portal (brand users; staff see every brand) and the staff view of brands' answers. */
export const sharingScreens: Screen[] = [
  {
    path: '/portal',
    navKey: 'sharing.nav.portal',
    roles: ['brand', 'admin', 'analyst'],
    component: PortalUrls,
  },
  {
    path: '/portal/time-to-takedown',
    navKey: 'sharing.nav.time_to_takedown',
    roles: ['brand', 'admin', 'analyst'],
    component: PortalTakedownTimes,
  },
  {
    path: '/portal/answers',
    navKey: 'sharing.nav.proposals',
    roles: ['admin', 'analyst'],
    component: Proposals,
  },
];
