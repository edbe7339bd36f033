import type { Role } from '../../../src/accounts/principal.ts';
import { SCREENS } from './screens.tsx';

/**
 * Whether a console path is a screen this role may open, so a screen can offer a link into another
 * module's screen (campaign → alert draft, URL → takedown case) only when that module is there.
 */
export function canOpen(path: string, role: Role): boolean {
  return SCREENS.some((s) => s.path === path && s.roles.includes(role));
}
