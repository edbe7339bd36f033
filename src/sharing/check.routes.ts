import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pickLang } from '../../web/src/i18n/translate.ts';
import { AppError, isAppError } from '../errors.ts';
import { tlpRank } from '../lib/tlp.ts';
import { pageContext } from '../pages/layout.tsx';
import { renderCheckPage } from './check.page.tsx';
import { scopeOf } from './disclosure.ts';
import { hashListUpdateSchema, hashSearchSchema } from './feeds.schema.ts';
import { parsePrefix } from './hash-list.ts';
import type { SharingService } from './sharing.service.ts';

const MAX_PREFIXES = 500;
// The public pages' policy (src/pages): no script at all.
const PUBLIC_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/**
 * The URL check API (anonymous callers see CLEAR data only; a key or session raises that to its
 * clearance), the Safe Browsing style hash search and hash list, and the public /check page.
 */
export function checkRoutes(deps: { sharing: SharingService; ratePerMinute: number }): FastifyPluginAsyncZod {
  const { checker, hashList, repo } = deps.sharing;
  const rateLimit = { max: deps.ratePerMinute, timeWindow: 60_000 };
  return async (app) => {
    const tags = ['check'];
    app.get(
      '/api/v1/check',
      {
        schema: {
          summary: 'Is this URL a confirmed phishing URL?',
          description:
            'The URL is canonicalised (Safe Browsing rules); each of its host-suffix/path-prefix expressions is looked up in the list of confirmed URLs. Anonymous callers see TLP:CLEAR data only.',
          tags,
          querystring: z.object({ url: z.string().min(1).max(8192) }).strict(),
          response: {
            200: z.object({
              verdict: z.enum(['phishing', 'unknown', 'allowlisted']),
              canonical: z.string(),
              matches: z.array(z.object({ expression: z.string(), url: z.string(), tlp: z.string() })),
            }),
          },
        },
        config: { rateLimit },
      },
      async (request) => {
        const scope = scopeOf(request.principal);
        return checker.check(request.query.url, scope.clearance, scope.brandIds);
      },
    );

    app.post(
      '/api/v1/hashes::search',
      {
        schema: {
          summary: 'Full hashes for 4-byte SHA-256 prefixes (privacy-preserving check)',
          description:
            'Body `{ "hashPrefixes": [...] }`: each prefix is the first 4 bytes of the SHA-256 of a lookup expression, as 8 hex characters or as base64 of the 4 bytes. Returns the full hashes (hex) of listed expressions with those prefixes; the client compares them with its own full hashes, so the server never learns the URL.',
          tags,
          body: z.object({ hashPrefixes: z.array(z.string().max(12)).min(1).max(MAX_PREFIXES) }).strict(),
          response: { 200: hashSearchSchema },
        },
        config: { rateLimit },
      },
      async (request) => {
        const prefixes: number[] = [];
        for (const p of request.body.hashPrefixes) {
          const n = parsePrefix(p);
          if (n === null) {
            throw new AppError('request.invalid', `not a 4-byte prefix in hex or base64: ${p.slice(0, 12)}`);
          }
          prefixes.push(n);
        }
        const scope = scopeOf(request.principal);
        await deps.sharing.sync();
        const hashes = await hashList.search(
          [...new Set(prefixes)],
          tlpRank(scope.clearance),
          scope.brandIds,
        );
        return {
          fullHashes: hashes.sort().map((hash) => ({ hash, threatType: 'phishing' as const })),
          version: await repo.version(),
          cacheDurationSeconds: 300,
        };
      },
    );

    app.get(
      '/api/v1/hash-list',
      {
        schema: {
          summary: 'The 4-byte prefix list, in full or as a diff from a version',
          description:
            'Without `version` (or 0, or an unknown version): `full: true` and `additions` = every prefix. With the version a client holds: the prefixes added and removed since. Prefixes are 8 hex characters; `checksum` is the SHA-256 (hex) of the sorted prefixes as concatenated 4-byte big-endian values.',
          tags,
          querystring: z.object({ version: z.coerce.number().int().min(0).optional() }).strict(),
          response: { 200: hashListUpdateSchema },
        },
        config: { rateLimit },
      },
      async (request) => {
        await deps.sharing.sync();
        const scope = scopeOf(request.principal);
        return hashList.update(request.query.version ?? null, tlpRank(scope.clearance), scope.brandIds);
      },
    );

    app.get(
      '/check',
      {
        schema: {
          hide: true,
          querystring: z.object({ url: z.string().max(8192).optional(), lang: z.string().optional() }),
        },
        config: { rateLimit },
      },
      async (request, reply) => {
        const lang = pickLang(request.query.lang, request.headers['accept-language']);
        const input = (request.query.url ?? '').trim();
        let result = null;
        let error: string | null = null;
        if (input) {
          try {
            // The public page is anonymous whatever cookie comes with it: CLEAR only.
            result = await checker.check(input, 'clear');
          } catch (e) {
            if (!isAppError(e)) throw e;
            error = e.message;
          }
        }
        reply.header('content-security-policy', PUBLIC_CSP);
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'no-referrer');
        return reply
          .status(error ? 400 : 200)
          .type('text/html; charset=utf-8')
          .send(renderCheckPage(pageContext(lang, '/check'), input, result, error));
      },
    );
  };
}
