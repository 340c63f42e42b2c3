// The page for a link that does not verify (forged, cut short, expired, or for a contact or
// topic that no longer exists). It says so plainly and points to /p, where a person can ask
// for a fresh link; it never says which check failed. A genuine link whose contact no longer
// exists gets DeletedDataPage instead: the data was deleted, and the link is not "too old".
import type { Config } from '../config';
import type { Messages } from './i18n';
import { BackToWebsite, Page } from './layout';

export function InvalidLinkPage({
  m,
  brand,
  requestLinkUrl,
}: {
  m: Messages;
  brand: Config['brand'];
  /** `/p` in the page's language and brand (`requestLinkPath`), so the new link comes from the same brand. */
  requestLinkUrl: string;
}) {
  return (
    <Page title={m.common.invalidLinkTitle} m={m} brand={brand}>
      <h1>{m.common.invalidLinkTitle}</h1>
      <p>{m.common.invalidLinkBody}</p>
      <p class="actions">
        <a class="button" href={requestLinkUrl}>
          {m.common.requestNewLink}
        </a>
      </p>
      <BackToWebsite m={m} brand={brand} />
    </Page>
  );
}

/** A well-signed link whose contact was erased (or deleted by retention): nothing is left to manage. */
export function DeletedDataPage({ m, brand }: { m: Messages; brand: Config['brand'] }) {
  return (
    <Page title={m.common.deletedLinkTitle} m={m} brand={brand}>
      <h1>{m.common.deletedLinkTitle}</h1>
      <p role="status" class="status">
        {m.common.deletedLinkBody}
      </p>
    </Page>
  );
}
