import path from 'node:path';
import { z } from 'zod';

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
  PUBLIC_BASE_URL: z.string().url().default('http://localhost:8080'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  ORGANISATION_NAME: z.string().min(1).default('phishdesk'),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  // Only tests set this: lets the safe fetcher reach loopback fakes. Production never does.
  FETCH_ALLOW_PRIVATE: z.enum(['true', 'false']).default('false'),
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
  // Requests per minute per client IP on the public URL check endpoints.
  CHECK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
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
  browser: { executablePath: string };
  fetch: { allowPrivate: boolean; timeoutMs: number; maxBytes: number };
  mailOut: { url: string | null; from: string };
  rdap: { bootstrapUrl: string; baseUrl: string | null };
  liveness: { stopAfterDownMs: number };
  http: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    connectionTimeoutMs: number;
  };
  jobs: { schema: string; expireInSeconds: number; maintenanceIntervalSeconds: number };
  sharing: { defaultTlp: 'clear' | 'green' | 'amber' | 'red'; checkRatePerMinute: number };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

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
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY === 'true',
    organisationName: e.ORGANISATION_NAME,
    browser: { executablePath: e.CHROMIUM_PATH },
    fetch: {
      allowPrivate: e.FETCH_ALLOW_PRIVATE === 'true',
      timeoutMs: e.FETCH_TIMEOUT_MS,
      maxBytes: e.FETCH_MAX_BYTES,
    },
    mailOut: { url: e.MAIL_OUT_URL ?? null, from: e.MAIL_FROM },
    rdap: { bootstrapUrl: e.RDAP_BOOTSTRAP_URL, baseUrl: e.RDAP_BASE_URL ?? null },
    liveness: { stopAfterDownMs: e.LIVENESS_STOP_AFTER_DOWN_HOURS * 3_600_000 },
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
    sharing: { defaultTlp: e.SHARING_DEFAULT_TLP, checkRatePerMinute: e.CHECK_RATE_LIMIT_PER_MINUTE },
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
