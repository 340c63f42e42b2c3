// The signed links the domain hands out, as a capability: the entry points build it from the
// signer and PUBLIC_URL (links/domain-links.ts), so no domain module signs anything itself.

export interface ListUnsubscribeHeaders {
  /** RFC 2369: `<https://…/u/TOKEN>` and, when configured, `, <mailto:…>` after it. */
  'List-Unsubscribe': string;
  /** RFC 8058: tells mailbox providers the https link takes a one-click POST. */
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
}

export interface RecipientLinks {
  unsubscribeUrl: string;
  preferencesUrl: string;
  headers: ListUnsubscribeHeaders;
}

export interface Links {
  /** The double opt-in link for a sign-up's topics. */
  confirmUrl(claims: { contactId: string; topics: string[]; tokenId: string }): Promise<string>;
  /** A mailing recipient's unsubscribe and preference links, with the List-Unsubscribe headers. */
  forRecipient(recipient: {
    contactId: string;
    topic: string | null;
    campaign?: string;
    /** The brand the links are for: its preference center, and "everything" of it. */
    brand?: string;
    /** The brand's own public_url, when it has one: the links are built on it. */
    baseUrl?: string | null;
  }): Promise<RecipientLinks>;
}
