import path from 'node:path';
import { z } from 'zod';
import { MAX_URL_BYTES } from './urls/canonicalize.ts';

/**
 * The only reader of process.env. Every invalid variable is reported at once, so an operator fixes the
 * whole environment in one go instead of one restart per mistake.
 */
const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:PATH or postgres://…')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ROLE: z.enum(['web', 'worker', 'all']).default('all'),
  SMTP_PORT: port.default(2525),
  SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  SMTP_ENABLED: z.enum(['true', 'false']).default('true'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1_048_576),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  // Unset: http://localhost:PORT, so feed and mail links follow a changed PORT.
  PUBLIC_BASE_URL: z.string().url().optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  ORGANISATION_NAME: z.string().min(1).default('phishdesk'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  // One shared Chromium for documents (PDFs) and one for captures: at most CONCURRENCY pages rendered
  // at once each, QUEUE_MAX more waiting, beyond that 503 browser.busy; closed after IDLE_CLOSE_MS idle.
  BROWSER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  BROWSER_QUEUE_MAX: z.coerce.number().int().min(0).max(1000).default(16),
  BROWSER_IDLE_CLOSE_MS: z.coerce.number().int().min(0).default(60_000),
  // Printed PDFs kept in memory, keyed by the hash of their document (0: no cache).
  PDF_CACHE_BYTES: z.coerce
    .number()
    .int()
    .min(0)
    .default(64 * 1_048_576),
  // Only tests set this: lets the safe fetcher reach loopback fakes. Production never does.
  FETCH_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
  // Outbound visits (captures, liveness, feeds, TAXII/MISP, RDAP, webhooks) are off until an operator
  // turns them on: a fresh installation resolves and visits nothing.
  OUTBOUND_ENABLED: z.enum(['true', 'false']).default('false'),
  // Optional egress proxy (http://[user:pass@]host:port): every outbound request is a CONNECT tunnel to
  // the address the guard vetted.
  OUTBOUND_PROXY: z.string().url().optional(),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  FETCH_MAX_BYTES: z.coerce.number().int().min(1024).default(5_242_880),
  // Outgoing mail (takedown requests, alert notifications): smtp://host:port; unset = mail is not sent.
  MAIL_OUT_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('phishdesk <noreply@localhost>'),
  // RDAP: the IANA bootstrap by default; tests point both at a loopback RDAP server.
  RDAP_BOOTSTRAP_URL: z.string().url().default('https://data.iana.org/rdap/'),
  RDAP_BASE_URL: z.string().url().optional(),
  // Liveness: a confirmed URL is no longer re-checked once it has been down this long.
  LIVENESS_STOP_AFTER_DOWN_HOURS: z.coerce.number().min(1).default(72),
  // Evidence on arrival (src/arrival): a new URL from a source below `confirmed` gets a liveness check and,
  // when live, a capture. Needs OUTBOUND_ENABLED=true as well. Concurrency is per worker process.
  ARRIVAL_EVIDENCE: z.enum(['on', 'off']).default('on'),
  ARRIVAL_CHECK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  ARRIVAL_CAPTURE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  ARRIVAL_HOST_INTERVAL_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
  // Evidence bundles: never built from a capture (or live check) older than this.
  EVIDENCE_FRESHNESS_MINUTES: z.coerce.number().min(1).default(60),
  // Time-to-takedown figures: a network, registrar, TLD or country is shown from this many cases.
  TAKEDOWN_STATS_MIN_CASES: z.coerce.number().int().min(1).default(10),
  // Slow clients: a request must arrive whole within REQUEST, its headers within HEADERS; an idle
  // keep-alive socket is closed after KEEPALIVE; any socket idle for CONNECTION is dropped.
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  HTTP_KEEPALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  HTTP_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  // pg-boss schema on PostgreSQL (one per installation; tests use their own).
  JOBS_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,49}$/i, 'must be a plain identifier')
    .default('pgboss'),
  // A job active this long is taken for abandoned by a crashed worker and retried; maintenance checks
  // for such jobs every JOBS_MAINTENANCE_SECONDS.
  JOBS_EXPIRE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  JOBS_MAINTENANCE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // Effective TLP of reports that carry no marking (our own public intake, unmarked imports).
  SHARING_DEFAULT_TLP: z.enum(['clear', 'green', 'amber', 'red']).default('clear'),
  // scrypt N = 2^cost for new password hashes. Only tests lower it (fast sign-ins); 15 is OWASP's setting.
  PASSWORD_HASH_COST: z.coerce.number().int().min(4).max(20).default(15),
  // Requests per minute per client IP on the public URL check endpoints.
  CHECK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  // SMTP intake, per client address (an IPv6 client by its /64), counted in memory by each process:
  // messages accepted a minute, bytes accepted an hour, connections at once. Over a limit: a 4xx reply.
  SMTP_CLIENT_MESSAGES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  SMTP_CLIENT_BYTES_PER_HOUR: z.coerce
    .number()
    .int()
    .min(1024)
    .default(200 * 1_048_576),
  SMTP_CLIENT_CONNECTIONS: z.coerce.number().int().min(1).default(10),
  // Largest text field of a report or an imported row (content, subject, a CSV cell…), and largest
  // imported row as stored; beyond either it is refused with a reason, never truncated.
  REPORT_FIELD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1_048_576)
    .default(64 * 1024),
  IMPORT_ROW_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1_048_576)
    .default(256 * 1024),
  // Bearer token of the Prometheus scraper for /metrics (admins may read it signed in). Unset: only a
  // direct loopback client may, no one through a proxy.
  METRICS_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{16,256}$/, 'must be 16 to 256 printable characters without spaces')
    .refine((t) => !t.startsWith('pdk_'), 'must not look like an API key (pdk_…)')
    .optional(),
  // Appeals (src/appeals): an analyst must answer a public appeal within this many hours.
  APPEAL_DEADLINE_HOURS: z.coerce.number().min(1).max(8760).default(72),
  // Listing lifecycle: a confirmed URL leaves partner feeds, TAXII and the hash list once no liveness check
  // has found it live for this many days (0 = never; needs OUTBOUND_ENABLED=true for checks to keep any).
  LISTING_TTL_DAYS: z.coerce.number().min(0).max(3650).default(0),
});

export type Config = {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  role: 'web' | 'worker' | 'all';
  smtp: { enabled: boolean; port: number; host: string };
  limits: { bodyBytes: number; uploadBytes: number; ratePerMinute: number };
  publicBaseUrl: string;
  trustProxy: boolean;
  organisationName: string;
  browser: {
    executablePath: string;
    pool: { concurrency: number; queueMax: number; idleCloseMs: number };
    pdfCacheBytes: number;
  };
  fetch: {
    enabled: boolean;
    allowPrivate: boolean;
    proxy: string | null;
    timeoutMs: number;
    maxBytes: number;
  };
  mailOut: { url: string | null; from: string };
  rdap: { bootstrapUrl: string; baseUrl: string | null };
  liveness: { stopAfterDownMs: number };
  evidence: { freshnessMs: number };
  takedownStats: { minCases: number };
  arrival: {
    enabled: boolean;
    checkConcurrency: number;
    captureConcurrency: number;
    hostIntervalMs: number;
  };
  http: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    connectionTimeoutMs: number;
  };
  jobs: { schema: string; expireInSeconds: number; maintenanceIntervalSeconds: number };
  sharing: {
    defaultTlp: 'clear' | 'green' | 'amber' | 'red';
    checkRatePerMinute: number;
    /** null: listings never expire. */
    listingTtlMs: number | null;
  };
  passwords: { hashCost: number };
  smtpClients: { messagesPerMinute: number; bytesPerHour: number; connections: number };
  fieldLimits: FieldLimits;
  metricsToken: string | null;
  appeals: { deadlineMs: number };
};

/** Sizes in UTF-8 bytes. `urlBytes` is the canonicaliser's own limit (src/urls), not configurable. */
export type FieldLimits = { fieldBytes: number; rowBytes: number; urlBytes: number };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Every environment variable phishdesk reads (deployment files are checked against this list). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: databaseFrom(e.DATABASE_URL, dataDir),
    dataDir,
    logLevel: e.LOG_LEVEL,
    role: e.ROLE,
    smtp: { enabled: e.SMTP_ENABLED === 'true', port: e.SMTP_PORT, host: e.SMTP_HOST },
    limits: {
      bodyBytes: e.BODY_LIMIT_BYTES,
      uploadBytes: e.UPLOAD_LIMIT_BYTES,
      ratePerMinute: e.RATE_LIMIT_PER_MINUTE,
    },
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY === 'true',
    organisationName: e.ORGANISATION_NAME,
    browser: {
      executablePath: e.CHROMIUM_PATH,
      pool: {
        concurrency: e.BROWSER_CONCURRENCY,
        queueMax: e.BROWSER_QUEUE_MAX,
        idleCloseMs: e.BROWSER_IDLE_CLOSE_MS,
      },
      pdfCacheBytes: e.PDF_CACHE_BYTES,
    },
    fetch: {
      enabled: e.OUTBOUND_ENABLED === 'true',
      allowPrivate: e.FETCH_ALLOW_PRIVATE === 'true',
      proxy: e.OUTBOUND_PROXY ?? null,
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBytes: e.FETCH_MAX_BYTES,
    },
    mailOut: { url: e.MAIL_OUT_URL ?? null, from: e.MAIL_FROM },
    rdap: { bootstrapUrl: e.RDAP_BOOTSTRAP_URL, baseUrl: e.RDAP_BASE_URL ?? null },
    liveness: { stopAfterDownMs: e.LIVENESS_STOP_AFTER_DOWN_HOURS * 3_600_000 },
    evidence: { freshnessMs: e.EVIDENCE_FRESHNESS_MINUTES * 60_000 },
    takedownStats: { minCases: e.TAKEDOWN_STATS_MIN_CASES },
    arrival: {
      enabled: e.ARRIVAL_EVIDENCE === 'on',
      checkConcurrency: e.ARRIVAL_CHECK_CONCURRENCY,
      captureConcurrency: e.ARRIVAL_CAPTURE_CONCURRENCY,
      hostIntervalMs: Math.round(e.ARRIVAL_HOST_INTERVAL_SECONDS * 1000),
    },
    http: {
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      // Node refuses a headers timeout longer than the request timeout.
      headersTimeoutMs: Math.min(e.HTTP_HEADERS_TIMEOUT_MS, e.HTTP_REQUEST_TIMEOUT_MS),
      keepAliveTimeoutMs: e.HTTP_KEEPALIVE_TIMEOUT_MS,
      connectionTimeoutMs: e.HTTP_CONNECTION_TIMEOUT_MS,
    },
    jobs: {
      schema: e.JOBS_SCHEMA,
      expireInSeconds: e.JOBS_EXPIRE_SECONDS,
      maintenanceIntervalSeconds: e.JOBS_MAINTENANCE_SECONDS,
    },
    sharing: {
      defaultTlp: e.SHARING_DEFAULT_TLP,
      checkRatePerMinute: e.CHECK_RATE_LIMIT_PER_MINUTE,
      listingTtlMs: e.LISTING_TTL_DAYS > 0 ? Math.round(e.LISTING_TTL_DAYS * 86_400_000) : null,
    },
    passwords: { hashCost: e.PASSWORD_HASH_COST },
    smtpClients: {
      messagesPerMinute: e.SMTP_CLIENT_MESSAGES_PER_MINUTE,
      bytesPerHour: e.SMTP_CLIENT_BYTES_PER_HOUR,
      connections: e.SMTP_CLIENT_CONNECTIONS,
    },
    // A row holds its fields: never allowed below one field.
    fieldLimits: {
      fieldBytes: e.REPORT_FIELD_MAX_BYTES,
      rowBytes: Math.max(e.IMPORT_ROW_MAX_BYTES, e.REPORT_FIELD_MAX_BYTES),
      urlBytes: MAX_URL_BYTES,
    },
    metricsToken: e.METRICS_TOKEN ?? null,
    appeals: { deadlineMs: Math.round(e.APPEAL_DEADLINE_HOURS * 3_600_000) },
  };
}

function databaseFrom(url: string | undefined, dataDir: string): Config['database'] {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'phishdesk.sqlite') };
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  return { kind: 'postgres', url };
}
