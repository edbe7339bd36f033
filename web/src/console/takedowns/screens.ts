import type { Screen } from '../screens.tsx';
import { TakedownList } from './TakedownList.tsx';
import { TakedownPage } from './TakedownPage.tsx';

/** Takedown cases: staff open them, send requests (re-checked and re-captured first) and follow them. */
export const takedownsScreens: Screen[] = [
  { path: '/takedowns', navKey: 'takedowns.nav', roles: ['admin', 'analyst'], component: TakedownList },
  { path: '/takedowns/:id', roles: ['admin', 'analyst'], component: TakedownPage },
];
