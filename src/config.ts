// The one place raw environment becomes typed configuration. Both entry points call
// `parseConfig`; a bad value stops start-up with a message naming the variable.
import { z } from 'zod';

const optionalString = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s === '' ? undefined : s));

const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(def);

const url = z.url({ protocol: /^https?$/ });

export const configSchema = z
  .object({
    PORT: int(8787, 1, 65535),
    /** `file:./data/mailprefs.db` (embedded, default), or `libsql://…` / `https://…` for Turso. */
    DATABASE_URL: optionalString,
    DATABASE_AUTH_TOKEN: optionalString,
    PUBLIC_URL: url.optional(),
    /** A fixed admin secret; otherwise a key is generated on first start (see README). */
    ADMIN_API_KEY: optionalString.pipe(z.string().min(16).optional()),
    /** `kid:secret[,kid:secret…]`; the first signs, all verify. */
    SIGNING_KEYS: optionalString,
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
    MAIL_FROM: optionalString,
    PRESEND_WEBHOOK_SECRET: optionalString.pipe(z.string().startsWith('whsec_').optional()),
    PRESEND_TIMEOUT_MS: int(2000, 10, 60_000),
    /** Comma-separated origins allowed to post the public subscribe form with CORS. */
    ALLOWED_ORIGINS: optionalString,
    BODY_LIMIT_BYTES: int(1024 * 1024, 1024),
    BRAND_NAME: optionalString.default('mailprefs'),
    BRAND_LOGO_URL: url.optional(),
    BRAND_ACCENT: optionalString.pipe(
      z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4ed8')
        .optional(),
    ),
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
    TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  })
  .transform((env) => ({
    port: env.PORT,
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
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    brand: {
      name: env.BRAND_NAME ?? 'mailprefs',
      logoUrl: env.BRAND_LOGO_URL,
      accent: env.BRAND_ACCENT ?? '#1d4ed8',
      privacyPolicyUrl: env.PRIVACY_POLICY_URL,
      privacyContact: env.PRIVACY_CONTACT,
    },
    retention: {
      pendingDays: env.RETENTION_PENDING_DAYS,
      inactiveDays: env.RETENTION_INACTIVE_DAYS,
      intervalMinutes: env.RETENTION_INTERVAL_MINUTES,
    },
    trustProxy: env.TRUST_PROXY === 'true' || env.TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL,
  }));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses raw environment (process.env or Workers bindings) into a typed config. */
export function parseConfig(env: Record<string, unknown>): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
}
