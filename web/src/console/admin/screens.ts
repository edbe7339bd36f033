import type { Screen } from '../screens.tsx';

/** Admin screens: users, API keys, audit log. */
export const adminScreens: Screen[] = [];
