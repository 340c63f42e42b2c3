// The unsubscribe pages: the question (GET), the confirmation with its undo (after the page's
// button) and the result of the undo. Plain forms, no scripts; names are escaped by JSX.
import type { Config } from '../../config';
import { fill, type Messages } from '../../web/i18n';
import { BackToWebsite, Page } from '../../web/layout';

interface Common {
  m: Messages;
  brand: Config['brand'];
  /** The token's topic name, or null for an all-topics link. */
  topicName: string | null;
  preferencesUrl: string;
}

function PreferencesLink({ m, href }: { m: Messages; href: string }) {
  return (
    <p>
      <a href={href}>{m.common.backToPreferences}</a>
    </p>
  );
}

export function UnsubscribeQuestion(props: Common & { action: string; alreadyDone: boolean }) {
  const { m, topicName } = props;
  const u = m.unsubscribe;
  const brand = { brand: props.brand.name };
  const title = topicName === null ? fill(u.titleAll, brand) : fill(u.title, { topic: topicName });
  return (
    <Page title={title} m={m} brand={props.brand}>
      <h1>{title}</h1>
      {props.alreadyDone ? (
        <p class="status" role="status">
          {topicName === null ? fill(u.alreadyDoneAll, brand) : fill(u.alreadyDone, { topic: topicName })}
        </p>
      ) : (
        <>
          <p>{topicName === null ? fill(u.introAll, brand) : fill(u.intro, { topic: topicName })}</p>
          <form method="post" action={props.action} class="actions">
            {/* Tells the handler this came from the page, not a mail client's one-click POST. */}
            <input type="hidden" name="source" value="page" />
            <button type="submit">{topicName === null ? u.buttonAll : u.button}</button>
          </form>
        </>
      )}
      <PreferencesLink m={m} href={props.preferencesUrl} />
    </Page>
  );
}

export function UnsubscribeDone(props: Common & { undoAction: string; undoToken: string | null }) {
  const { m, topicName } = props;
  const u = m.unsubscribe;
  return (
    <Page title={u.doneTitle} m={m} brand={props.brand}>
      <h1>{u.doneTitle}</h1>
      <p class="status" role="status">
        {topicName === null
          ? fill(u.doneAll, { brand: props.brand.name })
          : fill(u.done, { topic: topicName })}
      </p>
      {props.undoToken ? (
        <form method="post" action={props.undoAction}>
          <h2>{u.undoQuestion}</h2>
          {/* Signed: it says what the undo gives back, so nothing posted can add to that. */}
          <input type="hidden" name="form_token" value={props.undoToken} />
          <p class="actions">
            <button type="submit" class="secondary">
              {u.undoButton}
            </button>
          </p>
        </form>
      ) : null}
      <PreferencesLink m={m} href={props.preferencesUrl} />
      <BackToWebsite m={m} brand={props.brand} />
    </Page>
  );
}

export function UndoDone(props: Common & { restored: string | null; expired?: boolean }) {
  const { m } = props;
  const u = m.unsubscribe;
  const title = props.restored ? u.undoneTitle : u.doneTitle;
  const text = props.restored
    ? fill(u.undone, { topic: props.restored })
    : props.expired
      ? u.undoExpired
      : u.undoneNothing;
  return (
    <Page title={title} m={m} brand={props.brand}>
      <h1>{title}</h1>
      <p class={props.expired ? 'status error' : 'status'} role="status">
        {text}
      </p>
      <PreferencesLink m={m} href={props.preferencesUrl} />
    </Page>
  );
}
