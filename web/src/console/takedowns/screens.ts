import type { Screen } from '../screens.tsx';
import { DeskEdit } from './DeskEdit.tsx';
import { DeskList } from './DeskList.tsx';
import { TakedownList } from './TakedownList.tsx';
import { TakedownPage } from './TakedownPage.tsx';

/** Takedown cases: staff open them, send requests (re-checked and re-captured first) and follow them. */
export const takedownsScreens: Screen[] = [
  { path: '/takedowns', navKey: 'takedowns.nav', roles: ['admin', 'analyst'], component: TakedownList },
  // Before '/takedowns/:id': the first matching entry wins.
  {
    path: '/takedowns/desks',
    navKey: 'takedowns.desks.nav',
    roles: ['admin', 'analyst'],
    component: DeskList,
  },
  { path: '/takedowns/desks/:id', roles: ['admin', 'analyst'], component: DeskEdit },
  { path: '/takedowns/:id', roles: ['admin', 'analyst'], component: TakedownPage },
];
