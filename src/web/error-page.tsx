// The page a person sees when a request to a browser route fails (a link cut short, a form
// posted the wrong way, the database down): what happened in plain words, that nothing
// changed, and where to go next. Which words fit which error code is decided here.
import type { Config } from '../config';
import type { ErrorCode } from '../domain/errors';
import { fill, type Messages } from './i18n';
import { Page } from './layout';
import { requestLinkHref } from './request-link-href';

type Kind =
  | 'notFound'
  | 'method'
  | 'badRequest'
  | 'refused'
  | 'rateLimited'
  | 'unavailable'
  | 'internal'
  | 'signUp';

const kindOf: Record<ErrorCode, Kind> = {
  bad_request: 'badRequest',
  invalid_json: 'badRequest',
  validation_failed: 'badRequest',
  invalid_token: 'badRequest',
  payload_too_large: 'badRequest',
  unsupported_media_type: 'badRequest',
  unauthorized: 'refused',
  forbidden: 'refused',
  conflict: 'refused',
  opted_out: 'refused',
  erased: 'refused',
  not_found: 'notFound',
  method_not_allowed: 'method',
  rate_limited: 'rateLimited',
  service_unavailable: 'unavailable',
  internal_error: 'internal',
};

/** Kinds where a fresh preference link is the way forward. */
const offersNewLink = new Set<Kind>(['notFound', 'method', 'refused']);

/** A sign-up form the person filled in and we refused: one plain "go back and check". */
const signUpKinds = new Set<Kind>(['notFound', 'method', 'badRequest', 'refused']);

export function ErrorPage(props: {
  m: Messages;
  brand: Config['brand'];
  code: ErrorCode;
  retryAfterSeconds?: number;
  /** The request was a sign-up form posted from a website (POST /v1/subscribe), not one of our pages. */
  signUpForm?: boolean;
}) {
  const { m, code } = props;
  const own = kindOf[code] ?? 'internal';
  const kind = props.signUpForm && signUpKinds.has(own) ? 'signUp' : own;
  const title = m.errors[`${kind}Title`];
  const minutes = String(Math.max(1, Math.ceil((props.retryAfterSeconds ?? 60) / 60)));
  return (
    <Page title={title} m={m} brand={props.brand} languageSwitch={!props.signUpForm}>
      <h1>{title}</h1>
      <p role="status" class="status error">
        {fill(m.errors[`${kind}Body`], { minutes })}
      </p>
      {offersNewLink.has(kind) ? (
        <p class="actions">
          <a class="button" href={requestLinkHref(m.lang, props.brand.key)}>
            {m.common.requestNewLink}
          </a>
        </p>
      ) : null}
    </Page>
  );
}
