// CSRF protection for every console form: a signed form token (links/form-token.ts, purpose
// `console`) bound to the session the page was rendered for, plus the same-origin check the
// public pages use (http/same-origin.ts). The sign-in form has no session yet; its token is
// bound to the fixed "sign-in" binding, so there the same-origin check carries the weight.
import type { Context } from 'hono';
import type { AppDeps } from '../deps';
import { isOwnPagePost } from '../http/same-origin';
import { checkFormToken, type FormBinding, issueFormToken } from '../links/form-token';

/** The name of the hidden field every console form carries. */
export const CSRF_FIELD = 'csrf';

const SIGN_IN: FormBinding = { contactId: 'sign-in', tokenId: 'sign-in' };

function bindingOf(sessionId: string | undefined): FormBinding {
  return sessionId ? { contactId: sessionId, tokenId: sessionId } : SIGN_IN;
}

/** A token for the forms of one page: for the session, or for the sign-in form without one. */
export function issueCsrfToken(deps: AppDeps, sessionId?: string): Promise<string> {
  return issueFormToken(deps.signer, bindingOf(sessionId), 'console');
}

/**
 * Whether a posted console form may be acted on: it comes from our own pages and carries a
 * good, fresh token for this session. `expired` is a genuine form left open too long.
 */
export async function checkConsolePost(
  c: Context,
  deps: AppDeps,
  sessionId?: string,
): Promise<'ok' | 'expired' | 'refused'> {
  if (!isOwnPagePost(c, deps.config.publicUrl)) return 'refused';
  let token: unknown;
  try {
    token = (await c.req.parseBody())[CSRF_FIELD];
  } catch {
    return 'refused';
  }
  if (typeof token !== 'string') return 'refused';
  return checkFormToken(deps.signer, deps.clock, token, bindingOf(sessionId), 'console');
}
