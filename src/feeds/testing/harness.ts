import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import pino from 'pino';
import { createTestContext, type TestContext } from '../../../test/context.ts';
import type { Dialect } from '../../storage/database.ts';
import { createFeedsService, type FeedsService } from '../feeds.service.ts';
import { fixturePath, type Loopback, serveStatic, startLoopback } from './loopback.ts';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/** A test context, a feeds service whose log is captured, and one loopback server with settable routes. */
export type FeedHarness = {
  ctx: TestContext;
  feeds: FeedsService;
  server: Loopback;
  logs: string[];
  route(path: string, handler: Handler): void;
  /** Serves a fixture (or any file) at `path` with a content-derived ETag and 304 support. */
  file(path: string, file: string, options?: { etag?: boolean; lastModified?: string }): void;
  storedUrls(source: string): Promise<{ canonical: string; threat: string; brand: string | null }[]>;
  close(): Promise<void>;
};

export async function createFeedHarness(dialect: Dialect): Promise<FeedHarness> {
  const ctx = await createTestContext(
    dialect,
    { OUTBOUND_ENABLED: 'true', FETCH_ALLOW_PRIVATE: 'true' },
    { queue: 'table' },
  );
  const logs: string[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => logs.push(s) });
  const feeds = createFeedsService({
    db: ctx.db,
    imports: ctx.imports,
    clock: ctx.clock,
    log,
    outbound: ctx.outbound,
  });
  const routes = new Map<string, Handler>();
  const server = await startLoopback((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const h = routes.get(path);
    if (!h) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    return h(req, res);
  });
  return {
    ctx,
    feeds,
    server,
    logs,
    route: (path, handler) => routes.set(path, handler),
    file(path, file, options = {}) {
      const full = fs.existsSync(file) ? file : fixturePath(file);
      routes.set(path, (req, res) => {
        const body = fs.readFileSync(full);
        const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
        serveStatic(req, res, body, {
          ...(options.etag === false ? {} : { etag }),
          ...(options.lastModified ? { lastModified: options.lastModified } : {}),
        });
      });
    },
    async storedUrls(source) {
      const rows = await ctx.db.kysely
        .selectFrom('reports')
        .innerJoin('sources', 'sources.id', 'reports.source_id')
        .innerJoin('report_urls', 'report_urls.report_id', 'reports.id')
        .innerJoin('urls', 'urls.id', 'report_urls.url_id')
        .leftJoin('brands', 'brands.id', 'urls.brand_id')
        .where('sources.name', '=', source)
        .select(['urls.canonical', 'urls.threat', 'brands.slug'])
        .distinct()
        .orderBy('urls.canonical')
        .execute();
      return rows.map((r) => ({ canonical: r.canonical, threat: r.threat, brand: r.slug ?? null }));
    },
    async close() {
      await server.close();
      await ctx.close();
    },
  };
}
