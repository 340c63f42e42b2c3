// GET /c/{token} shows what a sign-up is about and a Confirm button; POST /c/{token} is the
// click that subscribes. GET never changes anything, because mail scanners open every link.
// The POST must come from our own page (http/same-origin.ts): a form on another site that
// posts the link it got hold of cannot click Confirm for the person.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { type AppDeps, domainContext } from '../../deps';
import type { Brand } from '../../domain/brands';
import type { Contact } from '../../domain/contacts';
import { maskEmail } from '../../domain/email';
import { AppError } from '../../domain/errors';
import {
  CONFIRM_LINK_MAX_AGE_MS,
  confirmSubscription,
  loadConfirmation,
  type PendingConfirmation,
} from '../../domain/subscribe';
import { localise, type Topic } from '../../domain/topics';
import { requestConsent } from '../../http/request-info';
import type { AppEnv, Router } from '../../http/router';
import { isOwnPagePost } from '../../http/same-origin';
import type { TokenClaims } from '../../links/signer';
import { chooseLocale, type Messages, t } from '../../web/i18n';
import { pageBrand, requestedBrand } from '../../web/page-brand';
import { pageHeaders } from '../../web/page-headers';
import { RefusedPage } from '../../web/pages/preferences';
import { keepChosenLanguage, langSuffix } from '../preferences/page-context';
import { preferencesPath } from '../unsubscribe/link';
import { ConfirmedPage, ConfirmPage, confirmWording, InvalidLinkPage, NothingToConfirmPage } from './page';

const TokenParam = z.object({
  token: z
    .string()
    .max(1024)
    .openapi({
      param: { name: 'token', in: 'path' },
      description: 'The signed token from the confirmation mail',
    }),
});

const html = (description: string) => ({ content: { 'text/html': { schema: z.string() } }, description });

export function registerConfirmRoutes(router: Router, deps: AppDeps) {
  const fallback = deps.config.brand;

  router.openapi(
    createRoute({
      method: 'get',
      path: '/c/{token}',
      operationId: 'showConfirmPage',
      security: [],
      tags: ['Subscribe'],
      summary: 'Confirmation page with a Confirm button (changes nothing)',
      middleware: [pageHeaders(fallback)] as const,
      request: { params: TokenParam },
      responses: { 200: html('The confirmation page'), 400: html('The link is broken or expired') },
    }),
    async (c) => {
      const found = await open(c, deps, c.req.valid('param').token);
      if (!found.ok) return c.html(<InvalidLinkPage m={found.m} brand={found.brand} />, 400);
      const { m, pending, brand } = found;
      const names = namesIn(m, brand);
      const open_ = pending.topics.filter((tp) => pending.statuses.get(tp.key) === 'pending');
      const done = pending.topics.filter((tp) => pending.statuses.get(tp.key) === 'subscribed');
      if (open_.length === 0) {
        return done.length
          ? c.html(
              <ConfirmedPage
                m={m}
                brand={brand}
                topicNames={names(done)}
                preferencesUrl={await preferencesPath(deps, pending.contact.id)}
              />,
              200,
            )
          : c.html(<NothingToConfirmPage m={m} brand={brand} />, 200);
      }
      return c.html(
        <ConfirmPage
          m={m}
          brand={brand}
          maskedEmail={maskEmail(pending.contact.email)}
          topicNames={names(open_)}
          action={`/c/${c.req.valid('param').token}${langSuffix(c)}`}
        />,
        200,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/c/{token}',
      operationId: 'confirmSubscription',
      security: [],
      tags: ['Subscribe'],
      summary: 'Confirm a sign-up: its pending topics become subscribed',
      middleware: [pageHeaders(fallback)] as const,
      request: { params: TokenParam },
      responses: {
        200: html('Confirmed (or nothing left to confirm)'),
        400: html('The link is broken or expired'),
        403: html('The form came from another site (nothing confirmed)'),
      },
    }),
    async (c) => {
      const found = await open(c, deps, c.req.valid('param').token);
      if (!found.ok) return c.html(<InvalidLinkPage m={found.m} brand={found.brand} />, 400);
      const { m, pending, claims, brand } = found;
      const names = namesIn(m, brand);
      if (!isOwnPagePost(c, deps.config.publicUrl)) return c.html(<RefusedPage m={m} brand={brand} />, 403);
      // The wording of the page the person saw: the topics still waiting for this click.
      const waiting = pending.topics.filter((tp) => pending.statuses.get(tp.key) === 'pending');
      const result = await confirmSubscription({
        ctx: domainContext(deps),
        input: {
          link: claims,
          wording: confirmWording(m, names(waiting)),
          ...requestConsent(c, deps, 'double-opt-in'),
        },
      });
      const subscribed = pending.topics.filter((tp) => result.subscribed.includes(tp.key));
      await keepChosenLanguage(c, deps, pending.contact.id);
      return subscribed.length
        ? c.html(
            <ConfirmedPage
              m={m}
              brand={brand}
              topicNames={names(subscribed)}
              preferencesUrl={await preferencesPath(deps, pending.contact.id)}
            />,
            200,
          )
        : c.html(<NothingToConfirmPage m={m} brand={brand} />, 200);
    },
  );
}

type Opened =
  | { ok: true; m: Messages; brand: Brand; claims: TokenClaims; pending: PendingConfirmation }
  | { ok: false; m: Messages; brand: Brand };

/** Verifies the token and loads its sign-up; a bad or expired link is a page, not an error body. */
async function open(c: Context<AppEnv>, deps: AppDeps, token: string): Promise<Opened> {
  const pick = (contact?: Contact) =>
    t(
      chooseLocale({
        contactLocale: contact?.locale,
        query: c.req.query('lang'),
        acceptLanguage: c.req.header('accept-language'),
      }),
    );
  try {
    const claims = await deps.signer.verify(token, 'confirm', { maxAgeMs: CONFIRM_LINK_MAX_AGE_MS });
    const pending = await loadConfirmation({ ctx: domainContext(deps), input: { link: claims } });
    // A sign-up's topics come from one form, so the first one's brand is the sign-up's.
    const brand = await pageBrand(c, deps, pending.topics[0]?.brand);
    return { ok: true, m: pick(pending.contact), brand, claims, pending };
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_token')
      return { ok: false, m: pick(), brand: await requestedBrand(c, deps) };
    throw err;
  }
}

function namesIn(m: Messages, brand: Brand) {
  return (topics: Topic[]): string[] => topics.map((tp) => localise(tp.name, m.lang, brand.defaultLocale));
}
