// Short-lived tokens for the forms on our pages. A form token is signed for its form's purpose
// and carries the contact and the token id of the link the page was opened with, so a form
// token is only good together with that one link, and only for FORM_TOKEN_MAX_AGE_MS.
// The preference page's forms use purpose `form`, the delete confirmation's `erase`, and the
// undo on the unsubscribe page `undo`, whose token also carries the topics the undo gives back.
// The console's forms use `console`, bound to the staff session instead of a link.
import type { Clock } from '../domain/clock';
import { AppError } from '../domain/errors';
import type { Signer, TokenClaims, TokenPurpose } from './signer';

export const FORM_TOKEN_MAX_AGE_MS = 2 * 60 * 60 * 1000;

export type FormPurpose = Extract<TokenPurpose, 'form' | 'erase' | 'undo' | 'console'>;

/** What a form token is bound to: a link's contact and token id, or a console session. */
export type FormBinding = Pick<TokenClaims, 'contactId' | 'tokenId'>;

/**
 * The `topic` of an undo token whose unsubscribe was "everything" made through a topic's link,
 * so the undo ends that "unsubscribe from everything" too. Undo tokens from before carry null,
 * which keeps meaning "as the link says".
 */
export const ALL_TOPICS = '*';

export function issueFormToken(
  signer: Signer,
  link: FormBinding,
  purpose: FormPurpose = 'form',
  topics?: readonly string[],
  topic: typeof ALL_TOPICS | null = null,
): Promise<string> {
  return signer.sign({
    purpose,
    contactId: link.contactId,
    topic,
    tokenId: link.tokenId,
    ...(topics?.length ? { topics: [...topics] } : {}),
  });
}

/**
 * `ok`, `expired` (a genuine form left open too long: show it again) or `refused` (forged,
 * for another link, or not a form token at all).
 */
export async function checkFormToken(
  signer: Signer,
  clock: Clock,
  token: string,
  link: FormBinding,
  purpose: FormPurpose = 'form',
): Promise<'ok' | 'expired' | 'refused'> {
  const read = await readFormToken(signer, clock, token, link, purpose);
  return typeof read === 'string' ? read : 'ok';
}

/** `checkFormToken`, answering the token's claims when it is good. */
export async function readFormToken(
  signer: Signer,
  clock: Clock,
  token: string,
  link: FormBinding,
  purpose: FormPurpose,
): Promise<TokenClaims | 'expired' | 'refused'> {
  let claims: TokenClaims;
  try {
    claims = await signer.verify(token, purpose);
  } catch (err) {
    if (err instanceof AppError) return 'refused';
    throw err;
  }
  if (claims.contactId !== link.contactId || claims.tokenId !== link.tokenId) return 'refused';
  const age = clock.now().getTime() - claims.issuedAt.getTime();
  return age > FORM_TOKEN_MAX_AGE_MS ? 'expired' : claims;
}
