// The preference center page (/p/{token}) and the short pages around it: a link that does
// not work, and a form refused because it came from another site. Plain HTML forms; every
// text from the database goes through JSX, which escapes it.
import type { Config } from '../../config';
import type { LegalBasis, SubscriptionStatus } from '../../db/schema';
import { fill, type Messages } from '../i18n';
import { Page } from '../layout';
import { PauseSection } from './pause';

export interface TopicRow {
  key: string;
  name: string;
  description: string;
  basis: LegalBasis;
  status: SubscriptionStatus | null;
  ticked: boolean;
}

export interface StatusMessage {
  kind: 'ok' | 'error';
  text: string;
  /** Further sentences, each on its own line (what a save changed). */
  lines?: string[];
  /** Move focus to the message when the page loads: it answers what the person just did. */
  focus?: boolean;
}

export interface PreferencesPageProps {
  m: Messages;
  brand: Config['brand'];
  /** With several brands: every brand's name, for the choice that stops them all. */
  everyBrand?: string[];
  maskedEmail: string;
  topics: TopicRow[];
  unsubscribedAll: boolean;
  formAction: string;
  /** POST targets of "Download my data" and "Delete my data" (step 1). */
  downloadAction: string;
  deleteAction: string;
  formToken: string;
  status?: StatusMessage;
  /** The end of a running pause of all mail, or null. */
  pausedUntil: Date | null;
}

export function PreferencesPage(props: PreferencesPageProps) {
  const { m, brand, topics } = props;
  const p = m.preferences;
  const names = { brand: brand.name, brands: (props.everyBrand ?? []).join(m.unsubscribe.listSeparator) };
  return (
    <Page title={p.title} m={m} brand={brand}>
      <h1>{p.title}</h1>
      <StatusBox status={props.status} />
      <p>
        {p.addressLabel} <strong>{props.maskedEmail}</strong>
      </p>
      <p>{p.intro}</p>
      {/* Not twice: right after "unsubscribe from everything" the status says it already. */}
      {props.unsubscribedAll &&
      props.status?.text !== fill(p.unsubscribedAll, names) &&
      props.status?.text !== fill(p.unsubscribedEveryBrand, names) ? (
        <p class="status">{fill(p.unsubscribedAllNote, names)}</p>
      ) : null}
      <form method="post" action={props.formAction}>
        <input type="hidden" name="form_token" value={props.formToken} />
        <fieldset>
          <legend>{p.legend}</legend>
          {topics.length === 0 ? <p>{p.noTopics}</p> : null}
          {topics.map((t) => (
            <TopicChoice topic={t} m={m} />
          ))}
          <BasisLines m={m} kinds={[...new Set(topics.map((t) => t.basis))]} />
        </fieldset>
        <div class="actions">
          <button type="submit" name="action" value="save">
            {p.save}
          </button>
        </div>
      </form>
      <PauseSection
        m={m}
        action={props.formAction}
        formToken={props.formToken}
        pausedUntil={props.pausedUntil}
      />
      <form method="post" action={props.formAction}>
        <input type="hidden" name="form_token" value={props.formToken} />
        <section aria-labelledby="stop-all">
          <h2 id="stop-all">{fill(p.stopAllHeading, names)}</h2>
          <p id="stop-all-help">{fill(p.stopAllHelp, names)}</p>
          <div class="actions">
            <button
              type="submit"
              name="action"
              value="unsubscribe-all"
              class="secondary"
              aria-describedby="stop-all-help"
            >
              {p.unsubscribeAll}
            </button>
          </div>
        </section>
        {props.everyBrand ? (
          <section aria-labelledby="stop-every-brand" class="every-brand">
            <h2 id="stop-every-brand">{p.everyBrandHeading}</h2>
            <p id="stop-every-brand-help">{fill(p.everyBrandHelp, names)}</p>
            <div class="actions">
              <button
                type="submit"
                name="action"
                value="unsubscribe-every-brand"
                class="secondary"
                aria-describedby="stop-every-brand-help"
              >
                {p.unsubscribeEveryBrand}
              </button>
            </div>
          </section>
        ) : null}
      </form>
      {/* POST forms, not links: link scanners open links, and the data must not reach them. */}
      <section id="your-data" aria-labelledby="your-data-heading">
        <h2 id="your-data-heading">{p.yourDataHeading}</h2>
        <p>{p.yourDataBody}</p>
        <DataActionForm
          id="download"
          action={props.downloadAction}
          formToken={props.formToken}
          help={m.yourData.downloadHelp}
          button={m.yourData.downloadButton}
        />
        <DataActionForm
          id="delete"
          action={props.deleteAction}
          formToken={props.formToken}
          help={m.yourData.deleteHelp}
          button={m.yourData.deleteButton}
          danger
        />
      </section>
    </Page>
  );
}

function TopicChoice({ topic, m }: { topic: TopicRow; m: Messages }) {
  const id = `topic-${topic.key}`;
  const described = [
    topic.description ? `${id}-desc` : '',
    topic.basis === 'legitimate_interest' ? `${id}-tag` : '',
    `basis-${topic.basis}`,
    topic.status === 'pending' ? `${id}-pending` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div class="topic">
      <input type="hidden" name="shown" value={topic.key} />
      <input
        type="checkbox"
        id={id}
        name="topic"
        value={topic.key}
        checked={topic.ticked}
        aria-describedby={described}
      />
      <div>
        <label for={id}>{topic.name}</label>
        {topic.basis === 'legitimate_interest' ? (
          <span id={`${id}-tag`} class="tag">
            {m.preferences.customerTag}
          </span>
        ) : null}
        {topic.description ? <p id={`${id}-desc`}>{topic.description}</p> : null}
        {topic.status === 'pending' ? (
          <p id={`${id}-pending`} class="muted">
            {m.preferences.pending}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The legal basis, once per kind of topic on the page rather than under every topic. */
function BasisLines({ m, kinds }: { m: Messages; kinds: LegalBasis[] }) {
  if (kinds.length === 0) return null;
  return (
    <div class="basis">
      <p class="muted">
        <strong>{m.preferences.basisHeading}</strong>
      </p>
      {kinds.sort().map((kind) => (
        <p id={`basis-${kind}`} class="muted">
          {kind === 'legitimate_interest' ? <span class="tag">{m.preferences.customerTag}</span> : null}{' '}
          {m.basis[kind]}
        </p>
      ))}
    </div>
  );
}

export function StatusBox({ status }: { status?: StatusMessage }) {
  if (!status) return null;
  // Focusable only by script-free autofocus, so the message is what a screen reader reads next.
  return (
    <div
      id="status"
      role="status"
      class={status.kind === 'error' ? 'status error' : 'status'}
      tabindex={status.focus ? -1 : undefined}
      autofocus={status.focus || undefined}
    >
      <p>{status.text}</p>
      {status.lines?.map((line) => (
        <p>{line}</p>
      ))}
    </div>
  );
}

/** A form that came from another site: nothing was changed. */
export function RefusedPage({ m, brand }: { m: Messages; brand: Config['brand'] }) {
  return (
    <Page title={m.preferences.refusedTitle} m={m} brand={brand}>
      <h1>{m.preferences.refusedTitle}</h1>
      <p role="status" class="status error">
        {m.preferences.refusedBody}
      </p>
    </Page>
  );
}

/**
 * A form from our own page whose form token is not good for this link (from an older page, or
 * signed with a key since retired): nothing was changed, and reloading gives a fresh form.
 * Said without blaming another website, because the browser said it was our page.
 */
export function StaleFormPage({
  m,
  brand,
  reloadUrl,
}: {
  m: Messages;
  brand: Config['brand'];
  reloadUrl: string;
}) {
  return (
    <Page title={m.preferences.staleTitle} m={m} brand={brand}>
      <h1>{m.preferences.staleTitle}</h1>
      <p role="status" class="status error">
        {m.preferences.staleBody}
      </p>
      <p class="actions">
        <a class="button" href={reloadUrl}>
          {m.preferences.reload}
        </a>
      </p>
    </Page>
  );
}

/** One button of the "Your data" section: a POST form with its explanation tied to the button. */
function DataActionForm(props: {
  id: string;
  action: string;
  formToken: string;
  help: string;
  button: string;
  /** A destructive action: styled apart from the others. */
  danger?: boolean;
}) {
  return (
    <form method="post" action={props.action}>
      <input type="hidden" name="form_token" value={props.formToken} />
      <p id={`${props.id}-help`}>{props.help}</p>
      <div class="actions">
        <button
          type="submit"
          class={props.danger ? 'danger' : 'secondary'}
          aria-describedby={`${props.id}-help`}
        >
          {props.button}
        </button>
      </div>
    </form>
  );
}
