import type { FastifyInstance } from 'fastify';

export type RouteInfo = { method: string; url: string; queryParams: string[]; pathParams: string[] };

/**
 * Every route of the built server, read from Fastify's own route tree (`printRoutes`), so routes that other
 * modules add are covered without editing the tests; query parameter names come from the OpenAPI document
 * where the route has a schema. Lines look like `│   ├── api/v1/reports (POST)`: 4 columns per level, and a
 * route's path is its ancestors' segments concatenated.
 */
export function listRoutes(app: FastifyInstance): RouteInfo[] {
  const tree = app.printRoutes({ commonPrefix: false });
  const stack: string[] = [];
  const routes: RouteInfo[] = [];
  const spec = openApiQueries(app);
  for (const line of tree.split('\n')) {
    const at = line.indexOf('── ');
    const m = /^(.*?) \(([A-Z, ]+)\)\s*$/.exec(line.slice(at + 3));
    if (at < 1 || !m) continue;
    const depth = (at - 1) / 4;
    stack.length = depth;
    stack[depth] = m[1]!;
    const url = stack.join('');
    for (const method of m[2]!.split(',').map((s) => s.trim())) {
      const pathParams = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((p) => p[1]!);
      if (url.includes('*')) pathParams.push('*');
      routes.push({ method, url, pathParams, queryParams: spec.get(`${method} ${url}`) ?? [] });
    }
  }
  return routes;
}

function openApiQueries(app: FastifyInstance): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const doc = (
    app as unknown as { swagger?: () => { paths?: Record<string, Record<string, unknown>> } }
  ).swagger?.();
  for (const [path, ops] of Object.entries(doc?.paths ?? {})) {
    const url = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, op] of Object.entries(ops)) {
      const params = ((op as { parameters?: { in: string; name: string }[] }).parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      out.set(`${method.toUpperCase()} ${url}`, params);
    }
  }
  return out;
}

/** A concrete URL for a route: every path parameter (and a wildcard) replaced by `value`, URL-encoded. */
export function fillPath(route: RouteInfo, value: string): string {
  // One pass over the template: the value itself may hold ':' or '*'.
  return route.url.replace(/:([A-Za-z0-9_]+)|\*/g, () => encodeURIComponent(value));
}
