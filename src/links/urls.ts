// The public URLs a mailing carries for one recipient. Built from the signer and PUBLIC_URL
// only, so the same function serves the API (/v1/links), the command line and the mail the
// service sends itself.
import type { Signer } from './signer';

export interface RecipientLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
}

export async function recipientLinks(
  signer: Signer,
  publicUrl: string,
  opts: { contactId: string; topic: string | null; campaign?: string },
): Promise<RecipientLinks> {
  const [unsubscribe, preferences] = await Promise.all([
    signer.sign({
      purpose: 'unsubscribe',
      contactId: opts.contactId,
      topic: opts.topic,
      campaign: opts.campaign,
    }),
    signer.sign({ purpose: 'preferences', contactId: opts.contactId, topic: null }),
  ]);
  return { unsubscribeUrl: `${publicUrl}/u/${unsubscribe}`, preferencesUrl: `${publicUrl}/p/${preferences}` };
}
