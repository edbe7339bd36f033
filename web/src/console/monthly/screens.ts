import type { Screen } from '../screens.tsx';
import { Dashboard } from './Dashboard.tsx';
import { MonthlyEditor } from './MonthlyEditor.tsx';

/** Dashboard and monthly report editing: staff only (the server refuses everyone else). */
export const monthlyScreens: Screen[] = [
  { path: '/dashboard', navKey: 'monthly.dashboard.nav', roles: ['admin', 'analyst'], component: Dashboard },
  { path: '/monthly', navKey: 'monthly.editor.nav', roles: ['admin', 'analyst'], component: MonthlyEditor },
  { path: '/monthly/:month', roles: ['admin', 'analyst'], component: MonthlyEditor },
];
