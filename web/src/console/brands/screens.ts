import type { Screen } from '../screens.tsx';
import { BrandRegistry } from './BrandRegistry.tsx';
import { EmergingBrands } from './EmergingBrands.tsx';

/** The brand registry (staff; the server checks again). */
export const brandsScreens: Screen[] = [
  { path: '/brands', navKey: 'brands.nav', roles: ['admin', 'analyst'], component: BrandRegistry },
  {
    path: '/brands/emerging',
    navKey: 'brands.emerging.nav',
    roles: ['admin', 'analyst'],
    component: EmergingBrands,
  },
];
