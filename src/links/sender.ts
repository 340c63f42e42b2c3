// The sender-side helper: builds a recipient's unsubscribe and preference URLs and the
// List-Unsubscribe headers locally from the signing keys, so a mail sender (Node or Workers)
// need not call POST /v1/links for every recipient. It produces exactly what the API does.
// Depends on jose only (through signer.ts); no database, no Node built-ins.
import { createSigner, parseSigningKeys, type SigningKey } from './signer';
import { type RecipientLinks, recipientLinks } from './urls';

export type { ListUnsubscribeHeaders, RecipientLinks } from './urls';

export interface UnsubscribeHeadersInput {
  /** The service's PUBLIC_URL, e.g. `https://prefs.example.com`. */
  publicUrl: string;
  /** The service's SIGNING_KEYS (`kid:secret[,kid:secret…]`, the first signs), or parsed keys. */
  signingKeys: string | SigningKey[];
  /** The contact's opaque id (the `contact_id` that POST /v1/links and GET /v1/contacts return). */
  contactId: string;
  /** A topic key, or null for an "unsubscribe from everything" link. */
  topic: string | null;
  /** Recorded in the consent trail when the recipient unsubscribes. */
  campaign?: string;
  /** The service's UNSUBSCRIBE_MAILTO, if set: adds a mailto entry after the https one. */
  mailto?: string;
  /** Signing time; defaults to now. */
  now?: Date;
}

/** Links for one recipient. For many recipients, `createLinkBuilder` reuses the parsed keys. */
export async function unsubscribeHeaders(input: UnsubscribeHeadersInput): Promise<RecipientLinks> {
  const { contactId, topic, campaign, ...shared } = input;
  return createLinkBuilder(shared)({ contactId, topic, campaign });
}

export function createLinkBuilder(
  opts: Pick<UnsubscribeHeadersInput, 'publicUrl' | 'signingKeys' | 'mailto' | 'now'>,
): (recipient: Pick<UnsubscribeHeadersInput, 'contactId' | 'topic' | 'campaign'>) => Promise<RecipientLinks> {
  const keys = typeof opts.signingKeys === 'string' ? parseSigningKeys(opts.signingKeys) : opts.signingKeys;
  const signer = createSigner({ keys, clock: { now: () => opts.now ?? new Date() } });
  return (recipient) => recipientLinks(signer, opts.publicUrl, { ...recipient, mailto: opts.mailto });
}
