// Short-lived tokens for the preference form. A form token is signed for purpose `form` and
// carries the contact and the token id of the preference link the page was opened with, so a
// form token is only good together with that one link, and only for FORM_TOKEN_MAX_AGE_MS.
// The delete confirmation page signs its form for purpose `erase` instead (see signer.ts).
import type { Clock } from '../domain/clock';
import { AppError } from '../domain/errors';
import type { Signer, TokenClaims, TokenPurpose } from './signer';

export const FORM_TOKEN_MAX_AGE_MS = 2 * 60 * 60 * 1000;

/** `form` for the preference page's forms, `erase` for the delete confirmation's. */
export type FormPurpose = Extract<TokenPurpose, 'form' | 'erase'>;

export function issueFormToken(
  signer: Signer,
  link: TokenClaims,
  purpose: FormPurpose = 'form',
): Promise<string> {
  return signer.sign({ purpose, contactId: link.contactId, topic: null, tokenId: link.tokenId });
}

/**
 * `ok`, `expired` (a genuine form left open too long: show it again) or `refused` (forged,
 * for another link, or not a form token at all).
 */
export async function checkFormToken(
  signer: Signer,
  clock: Clock,
  token: string,
  link: TokenClaims,
  purpose: FormPurpose = 'form',
): Promise<'ok' | 'expired' | 'refused'> {
  let claims: TokenClaims;
  try {
    claims = await signer.verify(token, purpose);
  } catch (err) {
    if (err instanceof AppError) return 'refused';
    throw err;
  }
  if (claims.contactId !== link.contactId || claims.tokenId !== link.tokenId) return 'refused';
  const age = clock.now().getTime() - claims.issuedAt.getTime();
  return age > FORM_TOKEN_MAX_AGE_MS ? 'expired' : 'ok';
}
