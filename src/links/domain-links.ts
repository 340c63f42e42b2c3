// The domain's Links capability on the signer and PUBLIC_URL: confirmation links for sign-ups,
// and a recipient's links as POST /v1/links hands them out.
import type { Links } from '../domain/signed-links';
import type { Signer } from './signer';
import { recipientLinks } from './urls';

export function createDomainLinks(opts: { signer: Signer; publicUrl: string; mailto?: string }): Links {
  return {
    async confirmUrl({ contactId, topics, tokenId }) {
      const token = await opts.signer.sign({ purpose: 'confirm', contactId, topic: null, topics, tokenId });
      return `${opts.publicUrl}/c/${token}`;
    },
    forRecipient: ({ baseUrl, ...recipient }) =>
      recipientLinks(opts.signer, baseUrl ?? opts.publicUrl, { ...recipient, mailto: opts.mailto }),
  };
}
