// The topics pages: the list with the form to create one, and one topic's edit form (names and
// descriptions per language, basis, archiving). A basis change comes back with its warning and
// a box to tick: only a post with the box ticked changes the basis.
import { CsrfForm } from '../../../console/form';
import { fill } from '../../../console/i18n';
import { ScrollTable } from '../../../console/scroll-table';
import type { ConsoleView } from '../../../console/view';
import { type LegalBasis, legalBases } from '../../../db/schema';
import { supportedLocales } from '../../../domain/locales';
import { localise, type Topic } from '../../../domain/topics';
import { type TopicMessages, topicMessages } from './messages';

/** The languages a topic's names and descriptions are edited in: those of the public pages. */
export const formLanguages = supportedLocales;
export type FormLanguage = (typeof formLanguages)[number];
/** Languages a topic must be named in; the others are optional. */
const requiredLanguages: readonly FormLanguage[] = ['en', 'nl'];

export type TopicFields = { key?: string; basis: LegalBasis; archived: boolean } & Record<
  `name_${FormLanguage}` | `description_${FormLanguage}`,
  string
>;

export type Notice = { kind: 'ok' | 'error'; text: string };

export function fieldsOf(topic: Topic): TopicFields {
  const fields = { key: topic.key, basis: topic.basis, archived: topic.archivedAt !== null } as TopicFields;
  for (const lang of formLanguages) {
    fields[`name_${lang}`] = topic.name[lang] ?? '';
    fields[`description_${lang}`] = topic.description?.[lang] ?? '';
  }
  return fields;
}

function NoticeLine({ notice }: { notice?: Notice }) {
  if (!notice) return null;
  return (
    <p
      role={notice.kind === 'error' ? 'alert' : 'status'}
      class={`status${notice.kind === 'error' ? ' error' : ''}`}
    >
      {notice.text}
    </p>
  );
}

function TopicFieldset({
  t,
  fields,
  withArchive,
}: {
  t: TopicMessages;
  fields?: TopicFields;
  withArchive: boolean;
}) {
  return (
    <>
      {formLanguages.map((lang) => (
        <>
          <label for={`name_${lang}`}>
            {fill(requiredLanguages.includes(lang) ? t.nameIn : t.nameInOptional, {
              language: t.languages[lang],
            })}
          </label>
          <input
            id={`name_${lang}`}
            name={`name_${lang}`}
            type="text"
            lang={lang}
            required={requiredLanguages.includes(lang)}
            maxlength={500}
            value={fields?.[`name_${lang}`] ?? ''}
          />
        </>
      ))}
      {formLanguages.map((lang) => (
        <>
          <label for={`description_${lang}`}>{fill(t.descriptionIn, { language: t.languages[lang] })}</label>
          <textarea id={`description_${lang}`} name={`description_${lang}`} lang={lang} maxlength={2000}>
            {fields?.[`description_${lang}`] ?? ''}
          </textarea>
        </>
      ))}
      <fieldset>
        <legend>{t.basis}</legend>
        {legalBases.map((basis) => (
          <label class="choice">
            <input type="radio" name="basis" value={basis} checked={(fields?.basis ?? 'consent') === basis} />
            {t.bases[basis]}
          </label>
        ))}
      </fieldset>
      {withArchive ? (
        <label class="choice">
          <input type="checkbox" name="archived" value="1" checked={fields?.archived ?? false} />
          {t.archive}
        </label>
      ) : null}
    </>
  );
}

export function TopicsPage({
  view,
  topics,
  notice,
  fields,
}: {
  view: ConsoleView;
  topics: Topic[];
  notice?: Notice;
  fields?: TopicFields;
}) {
  const t = topicMessages[view.locale];
  return (
    <>
      <h1>{t.title}</h1>
      <NoticeLine notice={notice} />
      <p>{t.intro}</p>
      {topics.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ScrollTable head={[t.name, t.key, t.basis, t.status]}>
          {topics.map((topic) => (
            <tr>
              <th scope="row">
                <a href={view.href(`/admin/topics/${topic.key}`)}>{localise(topic.name, view.locale)}</a>
              </th>
              <td>{topic.key}</td>
              <td>{t.bases[topic.basis].split(':')[0]}</td>
              <td>{topic.archivedAt ? t.archived : t.active}</td>
            </tr>
          ))}
        </ScrollTable>
      )}
      <h2 id="new">{t.newTitle}</h2>
      <CsrfForm view={view} action="/admin/topics" label={t.newTitle}>
        <label for="key">{t.key}</label>
        <input
          id="key"
          name="key"
          type="text"
          required
          pattern="[a-z0-9][a-z0-9_\-]{0,63}"
          aria-describedby="key-hint"
          value={fields?.key ?? ''}
        />
        <p id="key-hint" class="muted">
          {t.keyHint}
        </p>
        <TopicFieldset t={t} fields={fields} withArchive={false} />
        <p class="actions">
          <button type="submit">{t.create}</button>
        </p>
      </CsrfForm>
    </>
  );
}

export function TopicPage(props: {
  view: ConsoleView;
  topic: Topic;
  fields: TopicFields;
  notice?: Notice;
  /** A basis change waiting for its confirmation, with how many verdicts it flips. */
  basisChange?: { from: LegalBasis; to: LegalBasis; count: number };
}) {
  const { view, topic, fields, basisChange } = props;
  const t = topicMessages[view.locale];
  return (
    <>
      <h1>{fill(t.edit, { topic: localise(topic.name, view.locale) })}</h1>
      <NoticeLine notice={props.notice} />
      <p class="muted">
        {t.key}: {topic.key}
      </p>
      <CsrfForm view={view} action={`/admin/topics/${topic.key}`} label={fill(t.edit, { topic: topic.key })}>
        {basisChange ? (
          <section class="status error" aria-labelledby="basis-title">
            <h2 id="basis-title">{t.basisTitle}</h2>
            <p>
              {fill(t.basisWarning, {
                from: t.bases[basisChange.from].split(':')[0],
                to: t.bases[basisChange.to].split(':')[0],
                count: String(basisChange.count),
              })}
            </p>
            <label class="choice">
              <input type="checkbox" name="confirm_basis_change" value="1" required />
              {t.basisConfirm}
            </label>
          </section>
        ) : null}
        <TopicFieldset t={t} fields={fields} withArchive={true} />
        <p class="actions">
          <button type="submit">{t.save}</button>
        </p>
      </CsrfForm>
      <p>
        <a href={view.href('/admin/topics')}>{t.back}</a>
      </p>
    </>
  );
}
