// The public URLs and mail headers a mailing carries for one recipient. Built from the signer
// and PUBLIC_URL only, so the same function serves the API (/v1/links), the sender-side
// helper (sender.ts), the command line and the mail the service sends itself.
import type { ListUnsubscribeHeaders, RecipientLinks } from '../domain/signed-links';
import type { Signer } from './signer';

export type { ListUnsubscribeHeaders, RecipientLinks };

export async function recipientLinks(
  signer: Signer,
  publicUrl: string,
  opts: { contactId: string; topic: string | null; campaign?: string; mailto?: string; brand?: string },
): Promise<RecipientLinks> {
  // A topic link's brand is its topic's; the all-topics link and the preference link name it.
  const [unsubscribe, preferences] = await Promise.all([
    signer.sign({
      purpose: 'unsubscribe',
      contactId: opts.contactId,
      topic: opts.topic,
      campaign: opts.campaign,
      ...(opts.topic === null && opts.brand ? { brand: opts.brand } : {}),
    }),
    signer.sign({
      purpose: 'preferences',
      contactId: opts.contactId,
      topic: null,
      ...(opts.brand ? { brand: opts.brand } : {}),
    }),
  ]);
  const base = publicUrl.replace(/\/+$/, '');
  const unsubscribeUrl = `${base}/u/${unsubscribe}`;
  return {
    unsubscribeUrl,
    preferencesUrl: `${base}/p/${preferences}`,
    headers: listUnsubscribeHeaders(unsubscribeUrl, opts.mailto),
  };
}

/**
 * The two headers RFC 8058 asks for. The https entry comes first: providers that support
 * one-click use it, and the mailto entry is only a fallback for older clients (requests
 * that arrive that way are recorded by staff with POST /v1/contacts/{contact}/unsubscribe).
 */
export function listUnsubscribeHeaders(unsubscribeUrl: string, mailto?: string): ListUnsubscribeHeaders {
  const entries = [`<${unsubscribeUrl}>`];
  if (mailto) entries.push(`<mailto:${encodeURI(mailto)}?subject=unsubscribe>`);
  return {
    'List-Unsubscribe': entries.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
