import { z } from 'zod';
import { parseAllowEntry } from './fetch/outbound-policy';

/** A comma-separated list of `item`s (an array given directly is taken as it is). */
function commaList<T extends z.ZodType<string>>(item: T, fallback: string[] = []) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).default(fallback as never),
  );
}

/**
 * Every setting in one table: its schema, its environment variable and its
 * default. Parsed once at start-up and passed down; nothing else reads
 * `process.env`.
 */
const SETTINGS = {
  dataDir: { env: 'COUNTERSCAN_DATA_DIR', schema: z.string().min(1).default('./data') },
  reportDir: { env: 'COUNTERSCAN_REPORT_DIR', schema: z.string().min(1).default('./reports') },
  userAgent: {
    env: 'COUNTERSCAN_USER_AGENT',
    schema: z
      .string()
      .min(1)
      .default('counterscan/0.1 (+https://github.com/counterscan/counterscan; IP-enforcement crawler)'),
  },
  concurrency: { env: 'COUNTERSCAN_CONCURRENCY', schema: z.coerce.number().int().min(1).max(256).default(8) },
  hostConcurrency: { env: 'COUNTERSCAN_HOST_CONCURRENCY', schema: z.coerce.number().int().min(1).max(64).default(2) },
  hostDelayMs: { env: 'COUNTERSCAN_HOST_DELAY_MS', schema: z.coerce.number().int().min(0).default(250) },
  retries: { env: 'COUNTERSCAN_RETRIES', schema: z.coerce.number().int().min(0).max(10).default(3) },
  retryBaseDelayMs: { env: 'COUNTERSCAN_RETRY_BASE_MS', schema: z.coerce.number().int().min(0).default(500) },
  timeoutMs: { env: 'COUNTERSCAN_TIMEOUT_MS', schema: z.coerce.number().int().min(100).default(15_000) },
  threshold: { env: 'COUNTERSCAN_THRESHOLD', schema: z.coerce.number().min(0).max(1).default(0.5) },
  /** A page rendered in the browser is kept with its screenshot when its hit scores at least this (1.01: never). */
  screenshotMinScore: {
    env: 'COUNTERSCAN_SCREENSHOT_MIN_SCORE',
    schema: z.coerce.number().min(0).max(1.01).default(0.7),
  },
  maxSearchPages: { env: 'COUNTERSCAN_MAX_SEARCH_PAGES', schema: z.coerce.number().int().min(1).default(20) },
  /** Chromium for pages that need a browser; unset: /usr/bin/chromium, else Playwright's own browser. */
  chromiumPath: { env: 'CHROMIUM_PATH', schema: z.string().min(1).optional() },
  /** PostgreSQL server for the store (`postgres://…`); unset: the embedded PGlite store in dataDir. */
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
      .optional(),
  },
  /** Redis for the distributed runner's queues, politeness caps and robots.txt cache. */
  redisUrl: {
    env: 'REDIS_URL',
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'a redis:// URL')
      .optional(),
  },
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  queuePrefix: { env: 'COUNTERSCAN_QUEUE_PREFIX', schema: z.string().min(1).default('counterscan') },
  /** How long a host's robots.txt is trusted before it is fetched again. */
  robotsTtlSeconds: { env: 'COUNTERSCAN_ROBOTS_TTL_S', schema: z.coerce.number().int().min(1).default(86_400) },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  },
  /** Browser pages open at once per process. */
  browserPages: { env: 'COUNTERSCAN_BROWSER_PAGES', schema: z.coerce.number().int().min(1).max(32).default(2) },
  /** The demo marketplace's port (the video site takes the next one); `demo --serve` needs both free. */
  demoPort: { env: 'COUNTERSCAN_DEMO_PORT', schema: z.coerce.number().int().min(1).max(65_534).default(8401) },
  /** Review API: where `counterscan api` listens. */
  apiHost: { env: 'COUNTERSCAN_API_HOST', schema: z.string().min(1).default('127.0.0.1') },
  apiPort: { env: 'COUNTERSCAN_API_PORT', schema: z.coerce.number().int().min(0).max(65_535).default(8470) },
  /** Origins allowed by CORS, comma-separated, e.g. `chrome-extension://<id>,moz-extension://<uuid>`. */
  apiOrigins: {
    env: 'COUNTERSCAN_API_ORIGINS',
    schema: commaList(z.string().regex(/^[a-z][a-z0-9+.-]*:\/\/[^/\s]+$/, 'origins like chrome-extension://<id>')),
  },
  /** Requests per minute per token (or per address, unauthenticated). */
  apiRateLimit: { env: 'COUNTERSCAN_API_RATE_LIMIT', schema: z.coerce.number().int().min(1).default(600) },
  /** Unknown or revoked tokens an address may send per minute before it is refused (429) without a look-up. */
  apiAuthFailureLimit: { env: 'COUNTERSCAN_API_AUTH_FAILURES', schema: z.coerce.number().int().min(1).default(30) },
  /**
   * Which proxies in front of the API to believe about the client address (X-Forwarded-For), which the
   * per-address limits key on: `false` (none: the connection's address), `true` (any), a hop count (`1`),
   * or addresses and CIDR ranges, comma-separated (`127.0.0.1,10.0.0.0/8`).
   */
  apiTrustProxy: {
    env: 'COUNTERSCAN_API_TRUST_PROXY',
    schema: z.preprocess(
      (v) => {
        if (typeof v !== 'string') return v;
        const s = v.trim().toLowerCase();
        if (s === 'false' || s === 'true') return s === 'true';
        if (/^\d+$/.test(s)) return Number(s);
        return s
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean);
      },
      z
        .union([
          z.boolean(),
          z.number().int().min(1).max(32),
          z.array(z.string().regex(/^[0-9a-f.:]+(\/\d{1,3})?$/i, 'addresses or CIDR ranges such as 10.0.0.0/8')).min(1),
        ])
        .default(false),
    ),
  },
  /** Largest JSON body the API reads, in bytes. */
  apiBodyLimit: { env: 'COUNTERSCAN_API_BODY_LIMIT', schema: z.coerce.number().int().min(1024).default(1_048_576) },
  /** Largest evidence file accepted, in bytes (a full-page screenshot or HTML snapshot). */
  evidenceMaxBytes: {
    env: 'COUNTERSCAN_EVIDENCE_MAX_BYTES',
    schema: z.coerce
      .number()
      .int()
      .min(1024)
      .default(20 * 1_048_576),
  },
  /**
   * Where the review API is reached from outside (`https://counterscan.example.org`): notices link their
   * evidence package there. Unset: `http://<COUNTERSCAN_API_HOST>:<COUNTERSCAN_API_PORT>`.
   */
  publicUrl: { env: 'COUNTERSCAN_PUBLIC_URL', schema: z.url({ protocol: /^https?$/ }).optional() },
  /** An email notice carries its evidence package as an attachment up to this size; larger ones are linked only. */
  evidenceAttachMaxBytes: {
    env: 'COUNTERSCAN_EVIDENCE_ATTACH_MAX_BYTES',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .default(10 * 1_048_576),
  },
  /** Where evidence files are stored; unset: `<data dir>/evidence`. */
  evidenceDir: { env: 'COUNTERSCAN_EVIDENCE_DIR', schema: z.string().min(1).optional() },
  /**
   * Where evidence bytes live: `files` (one machine) or `database` (the store's database, which every process of a
   * fleet shares).
   */
  evidenceStore: { env: 'COUNTERSCAN_EVIDENCE_STORE', schema: z.enum(['files', 'database']).default('files') },
  /**
   * SMTP relay notices are sent through (`smtp://user:pass@host:587`, `smtps://…`); unset: notices stay in the outbox.
   */
  smtpUrl: {
    env: 'COUNTERSCAN_SMTP_URL',
    schema: z
      .string()
      .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
      .optional(),
  },
  /** How often one machine's outbox runs (`serve`/`api` without REDIS_URL): queued notices, reminders, alerts. */
  notifyEveryMs: { env: 'COUNTERSCAN_NOTIFY_EVERY_MS', schema: z.coerce.number().int().min(100).default(15_000) },
  /**
   * How often `serve` (without REDIS_URL) re-checks noticed listings that are due; each hit's own interval still holds.
   */
  verifyEveryMs: { env: 'COUNTERSCAN_VERIFY_EVERY_MS', schema: z.coerce.number().int().min(1000).default(900_000) },
  /** How often `serve` (without REDIS_URL) looks for campaign ticks that are due. */
  campaignPollMs: { env: 'COUNTERSCAN_CAMPAIGN_POLL_MS', schema: z.coerce.number().int().min(100).default(5000) },
  /** From address of notices and reminders. */
  noticeFrom: { env: 'COUNTERSCAN_NOTICE_FROM', schema: z.string().min(3).default('counterscan <notices@localhost>') },
  /** Folder of the IANA RDAP bootstrap files (dns.json, ipv4.json, ipv6.json), for abuse-contact look-ups. */
  rdapBootstrapUrl: { env: 'COUNTERSCAN_RDAP_BOOTSTRAP_URL', schema: z.url().default('https://data.iana.org/rdap/') },
  rdapTimeoutMs: { env: 'COUNTERSCAN_RDAP_TIMEOUT_MS', schema: z.coerce.number().int().min(100).default(10_000) },
  /**
   * Internal targets the server may fetch although the outbound policy refuses
   * them by default (loopback, private, link-local, CGNAT, metadata …):
   * comma-separated host names (`hooks.corp.example`, `*.corp.example`),
   * addresses and CIDR ranges (`10.0.0.0/8`, `fd00::/8`). See crawler/fetch/outbound-policy.ts.
   */
  outboundAllow: {
    env: 'COUNTERSCAN_OUTBOUND_ALLOW',
    schema: z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z
        .array(
          z
            .string()
            .refine(
              (s) => parseAllowEntry(s) !== undefined,
              'host names, addresses or CIDR ranges, e.g. 10.0.0.0/8,hooks.corp.example',
            ),
        )
        .default([]),
    ),
  },
  /** Certificate Transparency logs discovery reads (RFC 6962 base URLs), comma-separated; none by default. */
  discoveryCtLogs: { env: 'COUNTERSCAN_DISCOVERY_CT_LOGS', schema: commaList(z.url()) },
  /** DNS servers candidates are resolved against (`host` or `host:port`), comma-separated; unset: the system's. */
  discoveryDnsServers: {
    env: 'COUNTERSCAN_DISCOVERY_DNS',
    schema: commaList(z.string().regex(/^[\w.:[\]-]+$/, 'host or host:port')),
  },
  /** Where a candidate's home page is tried, in order, `{domain}` replaced; comma-separated. */
  discoverySiteUrls: {
    env: 'COUNTERSCAN_DISCOVERY_SITE_URLS',
    schema: commaList(z.string().includes('{domain}'), ['https://{domain}/', 'http://{domain}/']),
  },
  /** Least time between two requests to one CT log, ms (logs ban greedy readers). */
  discoveryCtIntervalMs: {
    env: 'COUNTERSCAN_DISCOVERY_CT_INTERVAL_MS',
    schema: z.coerce.number().int().min(0).default(250),
  },
} as const;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends Error {}

/** Reads the environment (and overrides, e.g. from CLI flags) into a checked Config. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const out: Record<string, unknown> = {};
  for (const [key, { env: name, schema }] of Object.entries(SETTINGS)) {
    const raw =
      key in overrides ? (overrides as Record<string, unknown>)[key] : env[name] === '' ? undefined : env[name];
    const parsed = (schema as z.ZodType).safeParse(raw);
    if (!parsed.success)
      throw new ConfigError(`${name}: ${parsed.error.issues[0]?.message ?? 'invalid'} (got ${JSON.stringify(raw)})`);
    out[key] = parsed.data;
  }
  return out as Config;
}

/** For `--help` and the README: each setting's variable and default. */
export function describeSettings(): { env: string; default: unknown }[] {
  return Object.values(SETTINGS).map(({ env, schema }) => ({ env, default: (schema as z.ZodType).parse(undefined) }));
}
