import type { Screen } from '../screens.tsx';
import { CampaignList } from './CampaignList.tsx';
import { CampaignPage } from './CampaignPage.tsx';

/** Campaigns: staff manage them; brand users read their brands' campaigns (the server scopes the lists). */
export const campaignsScreens: Screen[] = [
  {
    path: '/campaigns',
    navKey: 'campaigns.nav',
    roles: ['admin', 'analyst', 'brand'],
    component: CampaignList,
  },
  { path: '/campaigns/:id', roles: ['admin', 'analyst', 'brand'], component: CampaignPage },
];
