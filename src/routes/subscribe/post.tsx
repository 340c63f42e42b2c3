// POST /v1/subscribe: the public sign-up endpoint for website forms (JSON or a plain form
// post). It answers 202 with the same body whatever happened to the address, and before the
// confirmation mail is sent, so neither the answer nor its timing tells who is on the list; a
// form post from a browser gets a small HTML page instead.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { type AppDeps, domainContext } from '../../deps';
import type { Brand } from '../../domain/brands';
import { AppError } from '../../domain/errors';
import { requestSubscription } from '../../domain/subscribe';
import { findTopic } from '../../domain/topics';
import { isFormType, isJsonType } from '../../http/content-type';
import { errorResponses } from '../../http/openapi';
import { requestConsent } from '../../http/request-info';
import type { AppEnv, Router } from '../../http/router';
import { deliverDueSignUp } from '../../jobs/sign-ups';
import { chooseLocale, type PageLocale, t } from '../../web/i18n';
import { Page } from '../../web/layout';
import { pageBrand } from '../../web/page-brand';
import { chosenBrand, pageHeaders } from '../../web/page-headers';
import { ACCEPTED_MESSAGE, Accepted, SubscribeBody } from './schema';

export function registerSubscribePost(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'post',
    path: '/v1/subscribe',
    operationId: 'subscribe',
    security: [],
    tags: ['Subscribe'],
    summary: 'Sign up for topics (double opt-in)',
    description:
      'Public, for website sign-up forms. Accepts JSON or a form post. Marks the topics pending and mails a confirmation link; nothing is subscribed until the link is confirmed. Always answers 202 with the same body, whether the address is known, suppressed or already subscribed. Browsers may call it cross-origin only from ALLOWED_ORIGINS. A browser form post (Accept: text/html) gets its answer and its errors as pages, in the brand of the first topic asked for.',
    middleware: [signUpBrand(deps), allowedOriginsOnly(deps), pageHeaders(deps.config.brand)] as const,
    request: {
      body: {
        content: {
          'application/json': { schema: SubscribeBody },
          'application/x-www-form-urlencoded': { schema: SubscribeBody },
          'multipart/form-data': { schema: SubscribeBody },
        },
        required: false,
      },
    },
    responses: {
      202: {
        content: {
          'application/json': { schema: Accepted },
          'text/html': { schema: z.string() },
        },
        description: 'Accepted; the same answer for every address',
      },
      ...errorResponses(400, 403, 404, 409, 413, 415, 429),
    },
  });

  router.openapi(route, async (c) => {
    const type = c.req.header('content-type');
    const isForm = isFormType(type);
    if (!isForm && !isJsonType(type)) {
      throw new AppError('unsupported_media_type', 'send the sign-up as JSON or as a form post');
    }
    const body = isForm ? c.req.valid('form') : c.req.valid('json');
    const locale = chooseLocale({ query: body.locale, acceptLanguage: c.req.header('accept-language') });
    const topics = body.topics ?? body['topics[]'] ?? [];
    const brand = chosenBrand(c) ?? deps.config.brand;
    const answer = () => accepted(c, isForm, locale, brand);

    // Bots fill every field; people never see this one.
    if (body.website) return answer();

    const { signUpId } = await requestSubscription({
      ctx: domainContext(deps),
      input: {
        email: body.email,
        topics,
        locale: body.locale,
        fallbackLocale: locale,
        ...requestConsent(c, deps, body.source ?? 'subscribe-form'),
        sourceUrl: body.source_url ?? httpUrl(c.req.header('referer')),
        consentText: body.consent_text,
      },
    });
    // After the answer: a new address must not take longer to answer than a known one. The
    // sign-up is already written down, so a crash before this runs leaves it to the sweep.
    const requestId = c.get('requestId');
    deps.defer('confirmation mail', async () => void (await deliverDueSignUp(deps, signUpId, requestId)));
    return answer();
  });
}

function accepted(c: Context<AppEnv>, isForm: boolean, locale: PageLocale, brand: Brand) {
  const accept = c.req.header('accept') ?? '';
  if (isForm && /text\/html/i.test(accept)) {
    const m = t(locale);
    return c.html(
      <Page title={m.subscribe.checkInboxTitle} m={m} brand={brand} languageSwitch={false}>
        <h1>{m.subscribe.checkInboxTitle}</h1>
        <p>{m.subscribe.checkInboxBody}</p>
      </Page>,
      202,
    );
  }
  return c.json({ status: 'accepted' as const, message: ACCEPTED_MESSAGE }, 202);
}

/**
 * The brand of the first topic the form asks for, chosen before the form is validated so that a
 * refused sign-up's page is in that brand too, as are the answer and the mail. It depends on the
 * form alone, never on the address, so the page tells nothing about who is on the list. The body
 * read here is the one the validator reads next (Hono keeps it); a body that cannot be read is
 * left to the validator to refuse.
 */
function signUpBrand(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = c.req.header('content-type');
    const body: Record<string, unknown> | null = isFormType(type)
      ? await c.req.parseBody({ all: true }).catch(() => null)
      : isJsonType(type)
        ? await c.req.json().catch(() => null)
        : null;
    const asked = body && typeof body === 'object' ? (body.topics ?? body['topics[]']) : undefined;
    const first = Array.isArray(asked) ? asked[0] : asked;
    const key = typeof first === 'string' ? first.split(',')[0].trim() : '';
    const topic = key ? await findTopic({ ctx: deps, input: { key } }) : undefined;
    await pageBrand(c, deps, topic?.brand);
    await next();
  };
}

/** Refuses browser posts from sites that are not ours or in ALLOWED_ORIGINS (no Origin: curl, servers). */
function allowedOriginsOnly(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const allowed = new Set([...deps.config.allowedOrigins, new URL(deps.config.publicUrl).origin]);
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowed.has(origin)) {
      throw new AppError('forbidden', 'this site may not post to the sign-up form (ALLOWED_ORIGINS)');
    }
    await next();
  };
}

/** The form page from the Referer, without query or fragment (they can carry personal data). */
function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? `${url.origin}${url.pathname}` : undefined;
  } catch {
    return undefined;
  }
}
