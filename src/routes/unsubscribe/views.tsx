// The unsubscribe pages: the question (GET) with "everything" and "pause" beside it, the
// confirmation with the optional "why?" question and the undo (after the page's button), and
// the results of the undo, the answer and a pause. Plain forms, no scripts; names are escaped by JSX.
import type { Config } from '../../config';
import { leaveReasons } from '../../domain/leave-reasons';
import { fill, type Messages } from '../../web/i18n';
import { BackToWebsite, Page } from '../../web/layout';
import { PauseSection } from '../../web/pages/pause';

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

/** The pause form of the unsubscribe page: where it posts, its form token, a running pause. */
export interface PauseProps {
  action: string;
  formToken: string;
  pausedUntil: Date | null;
}

export function UnsubscribeQuestion(
  props: Common & { action: string; alreadyDone: boolean; maskedEmail: string; pause: PauseProps },
) {
  const { m, topicName } = props;
  const u = m.unsubscribe;
  const brand = { brand: props.brand.name };
  const title = topicName === null ? fill(u.titleAll, brand) : fill(u.title, { topic: topicName });
  return (
    <Page title={title} m={m} brand={props.brand}>
      <h1>{title}</h1>
      <p>{fill(u.addressLine, { email: props.maskedEmail })}</p>
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
      {topicName !== null ? (
        <section aria-labelledby="or-all">
          <h2 id="or-all">{u.orAllHeading}</h2>
          <p id="or-all-help">{u.orAllHelp}</p>
          <form method="post" action={props.action} class="actions">
            <input type="hidden" name="source" value="page" />
            <input type="hidden" name="scope" value="all" />
            <button type="submit" class="secondary" aria-describedby="or-all-help">
              {u.buttonAll}
            </button>
          </form>
        </section>
      ) : null}
      <PauseSection m={m} {...props.pause} />
      <PreferencesLink m={m} href={props.preferencesUrl} />
    </Page>
  );
}

export function UnsubscribeDone(
  props: Common & {
    undoAction: string;
    undoToken: string | null;
    maskedEmail: string;
    /** Everything, also when the link was for one topic. */
    all: boolean;
    reason: { action: string; formToken: string };
  },
) {
  const { m, topicName } = props;
  const u = m.unsubscribe;
  const email = props.maskedEmail;
  return (
    <Page title={u.doneTitle} m={m} brand={props.brand}>
      <h1>{u.doneTitle}</h1>
      <p class="status" role="status">
        {props.all || topicName === null
          ? fill(u.doneAll, { email, brand: props.brand.name })
          : fill(u.done, { email, topic: topicName })}
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
      <LeaveReasonForm m={m} {...props.reason} />
      <PreferencesLink m={m} href={props.preferencesUrl} />
      <BackToWebsite m={m} brand={props.brand} />
    </Page>
  );
}

/** The one optional question after an unsubscribe: fixed answers, nothing to type. */
export function LeaveReasonForm(props: { m: Messages; action: string; formToken: string; error?: boolean }) {
  const l = props.m.leave;
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="form_token" value={props.formToken} />
      <fieldset aria-describedby={props.error ? 'leave-error' : undefined}>
        <legend>{l.legend}</legend>
        {props.error ? (
          <p id="leave-error" class="status error">
            {l.missing}
          </p>
        ) : null}
        {leaveReasons.map((reason) => (
          <label class="choice">
            <input type="radio" name="reason" value={reason} /> {l[reason]}
          </label>
        ))}
      </fieldset>
      <p class="actions">
        <button type="submit" class="secondary">
          {l.submit}
        </button>
      </p>
    </form>
  );
}

/** The answer to a leave-reason form, a pause or a resume: a title and one plain sentence. */
export function StatusPage(props: Common & { title: string; text: string; error?: boolean }) {
  return (
    <Page title={props.title} m={props.m} brand={props.brand}>
      <h1>{props.title}</h1>
      <p class={props.error ? 'status error' : 'status'} role="status">
        {props.text}
      </p>
      <PreferencesLink m={props.m} href={props.preferencesUrl} />
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
