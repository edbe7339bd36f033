import type { Screen } from '../screens.tsx';
import { AppealList } from './AppealList.tsx';
import { AppealPage } from './AppealPage.tsx';

/** Appeals of listings (staff): the list by deadline and one appeal with its decision. */
export const appealsScreens: Screen[] = [
  { path: '/appeals', navKey: 'appeals.console.title', roles: ['admin', 'analyst'], component: AppealList },
  { path: '/appeals/:id', roles: ['admin', 'analyst'], component: AppealPage },
];
