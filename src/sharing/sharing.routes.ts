import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { checkRoutes } from './check.routes.ts';
import { feedsRoutes } from './feeds.routes.ts';
import type { PortalRepository } from './portal.repository.ts';
import { portalRoutes } from './portal.routes.ts';
import type { PortalService } from './portal.service.ts';
import type { SharingService } from './sharing.service.ts';
import { taxiiRoutes } from './taxii.routes.ts';

/** Every HTTP route of the sharing module (one registration in src/http/server.ts). */
export function sharingRoutes(deps: {
  sharing: SharingService;
  portal: { portal: PortalService; portalRepo: PortalRepository };
  campaigns: Parameters<typeof portalRoutes>[0]['campaigns'];
  config: { sharing: { checkRatePerMinute: number }; publicBaseUrl: string; organisationName: string };
}): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(feedsRoutes({ sharing: deps.sharing }));
    await app.register(
      portalRoutes({
        sharing: deps.sharing,
        portal: deps.portal.portal,
        portalRepo: deps.portal.portalRepo,
        campaigns: deps.campaigns,
      }),
    );
    await app.register(
      taxiiRoutes({
        sharing: deps.sharing,
        publicBaseUrl: deps.config.publicBaseUrl,
        title: `${deps.config.organisationName} TAXII`,
      }),
      { prefix: '/taxii2' },
    );
    await app.register(
      checkRoutes({ sharing: deps.sharing, ratePerMinute: deps.config.sharing.checkRatePerMinute }),
    );
  };
}
