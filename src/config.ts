// The one place raw environment becomes typed configuration. Both entry points call
// `parseConfig`; a bad value stops start-up with a message naming the variable.
import { z } from 'zod';
import { type Brand, DEFAULT_ACCENT, DEFAULT_BRAND } from './domain/brands';
import { isIsoDate } from './domain/customer-relationship';
import { supportedLocales } from './domain/locales';
import { readSigningKeys } from './links/signer';

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const url = z.url({ protocol: /^https?$/ });

const bool = (def: 'true' | 'false') => z.enum(['true', 'false', '1', '0']).default(def);

/** Seconds before each webhook attempt: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE = [0, 5, 300, 1800, 7200, 18000, 36000, 36000];

/** WEBHOOK_RETRY_SCHEDULE: the same, comma-separated: `0,5,300,…`. */
const retrySchedule = z
  .string()
  .regex(
    /^\s*\d{1,6}\s*(,\s*\d{1,6}\s*){0,49}$/,
    'must be up to 50 comma-separated whole seconds, e.g. 0,5,300',
  )
  .transform((s) => s.split(',').map((n) => Number(n.trim())));

/** REQUEST_HOLIDAYS: comma-separated calendar dates (YYYY-MM-DD) that are no working days. */
const holidayList = z.string().transform((value, ctx) => {
  const days: string[] = [];
  for (const entry of value.split(',').map((d) => d.trim())) {
    if (!entry) continue;
    if (isIsoDate(entry)) days.push(entry);
    else ctx.addIssue({ code: 'custom', message: `'${entry}' is not a date like 2026-12-25` });
  }
  return days;
});

// What @libsql/client opens: an embedded file, or a remote server (Turso, sqld).
const REMOTE_SCHEMES = ['libsql:', 'https:', 'http:', 'wss:', 'ws:'];
function isLibsqlUrl(value: string): boolean {
  if (value.startsWith('file:')) return value.length > 'file:'.length;
  try {
    const parsed = new URL(value);
    return REMOTE_SCHEMES.includes(parsed.protocol) && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** `https://www.example.com` from that or `https://www.example.com/`; undefined if not an origin. */
function originOf(entry: string): string | undefined {
  if (!/^https?:\/\/[^/?#@\s]+\/?$/i.test(entry)) return undefined;
  try {
    // Normalised as browsers send it in Origin: lower case, no default port.
    return new URL(entry).origin;
  } catch {
    return undefined;
  }
}

export const configSchema = z
  .object({
    PORT: int(8787, 1, 65535),
    /** The address the Node server binds to; all interfaces when unset. */
    HOST: optionalString,
    /** `file:./data/mailprefs.db` (embedded, default), or `libsql://…` / `https://…` for Turso. */
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .refine(isLibsqlUrl, 'must be a libSQL URL: file:path (embedded), or libsql://…, https://… (remote)')
        .optional(),
    ),
    DATABASE_AUTH_TOKEN: optionalString,
    PUBLIC_URL: url.optional(),
    /** A fixed admin secret; otherwise a key is generated on first start (see README). */
    ADMIN_API_KEY: optionalString.pipe(z.string().min(16).optional()),
    /** `kid:secret[,kid:secret…]`; the first signs, all verify. */
    SIGNING_KEYS: optionalString.superRefine((value, ctx) => {
      const keys = value === undefined ? [] : readSigningKeys(value);
      if (typeof keys === 'string') ctx.addIssue({ code: 'custom', message: keys });
    }),
    /** Optional maximum age of unsubscribe/preference links, in days (0 = never expire). */
    LINK_MAX_AGE_DAYS: int(0),
    UNSUBSCRIBE_MAILTO: optionalString.pipe(z.email().optional()),
    /** HMAC key for the suppression list; at least 32 characters. */
    SUPPRESSION_HASH_KEY: optionalString.pipe(z.string().min(32).optional()),
    RESEND_API_KEY: optionalString,
    /** Only for tests and self-hosted Resend-compatible gateways. */
    RESEND_BASE_URL: url.optional(),
    /** The signing secret Resend shows for the webhook endpoint (whsec_…). */
    RESEND_WEBHOOK_SECRET: optionalString.pipe(z.string().startsWith('whsec_').optional()),
    MAIL_FROM: optionalString.pipe(
      z
        .string()
        .regex(
          /^([^<>]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/,
          'must be an address, or a name and an address: Example BV <news@example.com>',
        )
        .optional(),
    ),
    PRESEND_WEBHOOK_SECRET: optionalString.pipe(z.string().startsWith('whsec_').optional()),
    PRESEND_TIMEOUT_MS: int(2000, 10, 60_000),
    /** Comma-separated origins allowed to post the public subscribe form with CORS. */
    ALLOWED_ORIGINS: optionalString.transform((value, ctx) => {
      const origins: string[] = [];
      for (const entry of (value ?? '').split(',').map((o) => o.trim())) {
        if (!entry) continue;
        const origin = originOf(entry);
        if (origin) origins.push(origin);
        else
          ctx.addIssue({
            code: 'custom',
            message: `'${entry}' is not an origin like https://www.example.com (scheme and host, no path)`,
          });
      }
      return origins;
    }),
    BODY_LIMIT_BYTES: int(1024 * 1024, 1024),
    BRAND_NAME: optionalString.default('mailprefs'),
    BRAND_LOGO_URL: url.optional(),
    BRAND_ACCENT: optionalString.pipe(
      z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4ed8')
        .optional(),
    ),
    /** The default brand's website: its end pages link back to it. */
    BRAND_WEBSITE_URL: url.optional(),
    /** The default brand's language for topic texts missing in the page's language. */
    BRAND_DEFAULT_LOCALE: z.enum(supportedLocales).default('en'),
    PRIVACY_POLICY_URL: url.optional(),
    PRIVACY_CONTACT: optionalString.pipe(z.email().optional()),
    /**
     * Months after a customer relationship ends (customer_until) during which
     * legitimate-interest topics still reach the former customer; 0 = customers only. Capped
     * at ten years, so a count of days given by mistake stops start-up.
     */
    SOFT_OPT_IN_MONTHS: int(24, 0, 120),
    RETENTION_PENDING_DAYS: int(30, 1),
    RETENTION_INACTIVE_DAYS: int(90, 1),
    /** Minutes between retention runs in the Node server; 0 turns the timer off. */
    RETENTION_INTERVAL_MINUTES: int(60 * 24),
    /** Behind a reverse proxy (Node only): take the client IP from X-Forwarded-For. */
    TRUST_PROXY: bool('false'),
    /** Key for secrets stored encrypted (webhook signing secrets); 32+ characters. */
    ENCRYPTION_KEY: optionalString.pipe(z.string().min(32).optional()),
    WEBHOOK_RETRY_SCHEDULE: optionalString.pipe(retrySchedule.optional()),
    /** Self-hosted setups and tests: webhook targets may use http and private addresses. */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: bool('false'),
    WEBHOOK_TIMEOUT_SECONDS: int(10, 1, 60),
    /** How long a dispatcher holds a claimed delivery; longer than the timeout. */
    WEBHOOK_LEASE_SECONDS: int(60, 2, 3600),
    /** Working days a data request may take, counted from the day it was received. */
    REQUEST_DUE_WORKING_DAYS: int(5, 1, 20),
    /** Public holidays that are no working days: `2026-12-25,2026-12-26`. */
    REQUEST_HOLIDAYS: optionalString.pipe(holidayList.optional()),
    /** Console sessions end after this many minutes without a request… */
    CONSOLE_IDLE_MINUTES: int(30, 1, 24 * 60),
    /** …and this many hours after sign-in, whatever happens. */
    CONSOLE_SESSION_HOURS: int(12, 1, 24 * 30),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    databaseAuthToken: env.DATABASE_AUTH_TOKEN,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    adminApiKey: env.ADMIN_API_KEY,
    signingKeys: env.SIGNING_KEYS,
    linkMaxAgeDays: env.LINK_MAX_AGE_DAYS,
    unsubscribeMailto: env.UNSUBSCRIBE_MAILTO,
    suppressionHashKey: env.SUPPRESSION_HASH_KEY,
    resend: {
      apiKey: env.RESEND_API_KEY,
      baseUrl: env.RESEND_BASE_URL,
      webhookSecret: env.RESEND_WEBHOOK_SECRET,
    },
    mailFrom: env.MAIL_FROM ?? `${env.BRAND_NAME ?? 'mailprefs'} <no-reply@localhost>`,
    presend: { webhookSecret: env.PRESEND_WEBHOOK_SECRET, timeoutMs: env.PRESEND_TIMEOUT_MS },
    softOptInMonths: env.SOFT_OPT_IN_MONTHS,
    allowedOrigins: env.ALLOWED_ORIGINS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    // The `default` brand (domain/brands.ts), unless staff store one under that key.
    brand: {
      key: DEFAULT_BRAND,
      name: env.BRAND_NAME ?? 'mailprefs',
      websiteUrl: env.BRAND_WEBSITE_URL ?? null,
      publicUrl: null,
      logoUrl: env.BRAND_LOGO_URL ?? null,
      accent: env.BRAND_ACCENT ?? DEFAULT_ACCENT,
      mailFrom: null,
      privacyPolicyUrl: env.PRIVACY_POLICY_URL ?? null,
      privacyContact: env.PRIVACY_CONTACT ?? null,
      defaultLocale: env.BRAND_DEFAULT_LOCALE,
    } satisfies Brand as Brand,
    retention: {
      pendingDays: env.RETENTION_PENDING_DAYS,
      inactiveDays: env.RETENTION_INACTIVE_DAYS,
      intervalMinutes: env.RETENTION_INTERVAL_MINUTES,
    },
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    encryptionKey: env.ENCRYPTION_KEY,
    webhooks: {
      retrySchedule: env.WEBHOOK_RETRY_SCHEDULE ?? DEFAULT_RETRY_SCHEDULE,
      allowPrivateTargets:
        env.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true' || env.WEBHOOK_ALLOW_PRIVATE_TARGETS === '1',
      timeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
      leaseMs: env.WEBHOOK_LEASE_SECONDS * 1000,
    },
    requests: { dueWorkingDays: env.REQUEST_DUE_WORKING_DAYS, holidays: env.REQUEST_HOLIDAYS ?? [] },
    console: {
      idleMs: env.CONSOLE_IDLE_MINUTES * 60_000,
      absoluteMs: env.CONSOLE_SESSION_HOURS * 3_600_000,
    },
    logLevel: env.LOG_LEVEL,
  }))
  .refine((c) => c.webhooks.leaseMs > c.webhooks.timeoutMs, {
    message: 'must be longer than WEBHOOK_TIMEOUT_SECONDS',
    path: ['WEBHOOK_LEASE_SECONDS'],
  });

export type Config = z.output<typeof configSchema>;

/** The names of the environment variables the configuration reads. */
export const configVariables = Object.keys(configSchema.in.shape) as Array<
  keyof typeof configSchema.in.shape
>;

export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * A setting (or what it points at) that stops start-up. Entry points print the message,
 * which names the variable and says what to do, and never a stack trace.
 */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    message: string,
    readonly problems: ConfigProblem[] = [],
  ) {
    super(message);
  }
}

/** Parses raw environment (process.env or Workers bindings) into a typed config. */
export function parseConfig(env: Record<string, unknown>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  throw configError(
    result.error.issues.map((i) => ({ variable: i.path.join('.') || '(env)', message: i.message })),
  );
}

export function configError(problems: ConfigProblem[]): ConfigError {
  const lines = problems.map((p) => `  ${p.variable}: ${p.message}`);
  return new ConfigError(`Invalid configuration:\n${lines.join('\n')}`, problems);
}
