// The "Delete my data" pages of the preference center: the confirmation (step 1) that says
// what goes and what stays, the result after erasure, and the page when the confirmation
// mail could not be sent (nothing deleted). Plain forms, no scripts.
import type { Config } from '../../config';
import { fill, type Messages } from '../i18n';
import { BackToWebsite, Page } from '../layout';
import { StatusBox, type StatusMessage } from './preferences';

interface Common {
  m: Messages;
  brand: Config['brand'];
}

export function DeleteConfirmPage(
  props: Common & {
    maskedEmail: string;
    formAction: string;
    formToken: string;
    cancelUrl: string;
    status?: StatusMessage;
  },
) {
  const { m } = props;
  const d = m.yourData;
  return (
    <Page title={d.confirmTitle} m={m} brand={props.brand}>
      <h1>{d.confirmTitle}</h1>
      <StatusBox status={props.status} />
      <p>{fill(d.confirmIntro, { email: props.maskedEmail })}</p>
      <ul>
        <li>{d.confirmWhatContact}</li>
        <li>{d.confirmWhatChoices}</li>
        <li>{d.confirmWhatTrail}</li>
      </ul>
      <p>{d.confirmKept}</p>
      <p>{d.confirmReceipt}</p>
      <p id="delete-final">
        <strong>{d.confirmFinal}</strong>
      </p>
      <form method="post" action={props.formAction}>
        <input type="hidden" name="form_token" value={props.formToken} />
        <div class="actions">
          <button type="submit" name="confirm" value="delete" class="danger" aria-describedby="delete-final">
            {d.confirmButton}
          </button>
          <a class="button secondary" href={props.cancelUrl}>
            {d.cancel}
          </a>
        </div>
      </form>
    </Page>
  );
}

export function DeletedPage(props: Common & { maskedEmail: string; receiptSent: boolean }) {
  const { m } = props;
  const d = m.yourData;
  return (
    <Page title={d.deletedTitle} m={m} brand={props.brand}>
      <h1>{d.deletedTitle}</h1>
      <p role="status" class="status">
        {props.receiptSent ? fill(d.deletedBody, { email: props.maskedEmail }) : d.deletedNoReceipt}
      </p>
      <p>{d.deletedKept}</p>
      <BackToWebsite m={m} brand={props.brand} />
    </Page>
  );
}

export function DeleteFailedPage(props: Common & { backUrl: string }) {
  const { m } = props;
  const d = m.yourData;
  return (
    <Page title={d.failedTitle} m={m} brand={props.brand}>
      <h1>{d.failedTitle}</h1>
      <p role="status" class="status error">
        {d.failedBody}
      </p>
      <p>
        <a href={props.backUrl}>{m.common.backToPreferences}</a>
      </p>
    </Page>
  );
}
