// The pages of the double opt-in confirmation: the Confirm button, the "you are subscribed"
// answer, "nothing to confirm", and the broken-link page. The wording next to the button is
// built by one function, so the consent trail stores exactly what the page showed.
import type { Config } from '../../config';
import type { Messages } from '../../web/i18n';
import { BackToWebsite, Page } from '../../web/layout';

type Brand = Config['brand'];

/** The text the person agrees to by pressing Confirm; stored verbatim in the consent trail. */
export function confirmWording(m: Messages, topicNames: string[]): string {
  return [m.subscribe.confirmAgree, ...topicNames.map((n) => `- ${n}`), m.subscribe.confirmAnyTime].join(
    '\n',
  );
}

export function ConfirmPage(props: {
  m: Messages;
  brand: Brand;
  maskedEmail: string;
  topicNames: string[];
  action: string;
}) {
  const { m } = props;
  return (
    <Page title={m.subscribe.confirmTitle} m={m} brand={props.brand}>
      <h1>{m.subscribe.confirmTitle}</h1>
      <p class="muted">{m.subscribe.confirmFor.replace('{email}', props.maskedEmail)}</p>
      <form method="post" action={props.action}>
        {/* The consent text exactly as stored, topics included, in one box: the first person
            belongs to this quote only. */}
        <blockquote class="consent">
          <p>{m.subscribe.confirmAgree}</p>
          <ul>
            {props.topicNames.map((name) => (
              <li>{name}</li>
            ))}
          </ul>
          <p>{m.subscribe.confirmAnyTime}</p>
        </blockquote>
        <div class="actions">
          <button type="submit">{m.subscribe.confirmButton}</button>
        </div>
      </form>
    </Page>
  );
}

export function ConfirmedPage(props: {
  m: Messages;
  brand: Brand;
  topicNames: string[];
  preferencesUrl: string;
}) {
  const { m } = props;
  return (
    <Page title={m.subscribe.confirmedTitle} m={m} brand={props.brand}>
      <h1>{m.subscribe.confirmedTitle}</h1>
      <div class="status" role="status">
        <p>{m.subscribe.confirmedBody}</p>
        <ul>
          {props.topicNames.map((name) => (
            <li>{name}</li>
          ))}
        </ul>
      </div>
      <p>{m.subscribe.confirmedAnyTime}</p>
      <p>
        <a href={props.preferencesUrl}>{m.common.backToPreferences}</a>
      </p>
      <BackToWebsite m={m} brand={props.brand} />
    </Page>
  );
}

export function NothingToConfirmPage(props: { m: Messages; brand: Brand }) {
  const { m } = props;
  return (
    <Page title={m.subscribe.nothingTitle} m={m} brand={props.brand}>
      <h1>{m.subscribe.nothingTitle}</h1>
      <p>{m.subscribe.nothingBody}</p>
      <BackToWebsite m={m} brand={props.brand} />
    </Page>
  );
}

export function InvalidLinkPage(props: { m: Messages; brand: Brand }) {
  const { m } = props;
  return (
    <Page title={m.common.invalidLinkTitle} m={m} brand={props.brand}>
      <h1>{m.common.invalidLinkTitle}</h1>
      <p class="status error">{m.subscribe.linkInvalidBody}</p>
      <BackToWebsite m={m} brand={props.brand} />
    </Page>
  );
}
