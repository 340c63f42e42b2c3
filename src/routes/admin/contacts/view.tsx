// The contact page: facts, subscriptions per topic, customer relationship, suppression state,
// the actions (record an unsubscribe, download, erase) and the consent trail as a timeline.
import { CsrfForm } from '../../../console/form';
import { formatDay, formatTime } from '../../../console/format';
import { fill } from '../../../console/i18n';
import { ConsoleLayout } from '../../../console/layout';
import { ScrollTable } from '../../../console/scroll-table';
import type { ConsoleView } from '../../../console/view';
import type { ConsentEvent } from '../../../domain/consent';
import type { ContactRecord } from '../../../domain/contact-record';
import { staffChannels } from '../../../domain/staff-actions';
import { localise } from '../../../domain/topics';

export type Notice = { kind: 'ok' | 'error'; text: string };

export function ContactPage({
  view,
  record,
  notice,
}: {
  view: ConsoleView;
  record: ContactRecord;
  notice?: Notice;
}) {
  const c = view.m.contacts;
  const { contact } = record;
  const base = `/admin/contacts/${contact.id}`;
  const active = record.topics.filter((t) => !t.topic.archivedAt);
  return (
    <ConsoleLayout view={view} title={contact.email}>
      <p>
        <a href={view.href('/admin/contacts')}>{c.back}</a>
      </p>
      <h1>{contact.email}</h1>
      {notice ? (
        <p
          role={notice.kind === 'error' ? 'alert' : 'status'}
          class={`status${notice.kind === 'error' ? ' error' : ''}`}
        >
          {notice.text}
        </p>
      ) : null}
      <dl class="facts">
        <dt>{c.created}</dt>
        <dd>{formatTime(contact.createdAt, view.locale)}</dd>
        <dt>{c.language}</dt>
        <dd>{contact.locale ?? '–'}</dd>
        <dt>{c.relationship}</dt>
        <dd>
          {contact.customerSince
            ? `${c.customerSince} ${formatDay(contact.customerSince, view.locale)}${contact.customerUntil ? `, ${c.customerUntil} ${formatDay(contact.customerUntil, view.locale)}` : ` (${c.currentCustomer})`}`
            : c.notCustomer}
        </dd>
        <dt>{c.suppression}</dt>
        <dd>
          {record.suppressedFor.length
            ? fill(c.suppressedFor, { reasons: record.suppressedFor.map((r) => c.reasons[r]).join(', ') })
            : c.notSuppressed}
        </dd>
      </dl>

      <h2>{c.subscriptions}</h2>
      {contact.unsubscribedAllAt ? (
        <p class="status">
          {fill(c.everythingOff, { date: formatTime(contact.unsubscribedAllAt, view.locale) })}
        </p>
      ) : null}
      <ScrollTable head={[c.topic, c.basis, c.status]}>
        {record.topics.map(({ topic, subscription }) => (
          <tr>
            <td>{`${localise(topic.name, view.locale)} (${topic.key})`}</td>
            <td>{c.bases[topic.basis]}</td>
            <td>{c.statuses[subscription?.status ?? 'none']}</td>
          </tr>
        ))}
      </ScrollTable>

      <h2 id="record">{c.record}</h2>
      <CsrfForm view={view} action={`${base}/unsubscribe`} label={c.record}>
        <label for="topic">{c.recordTopic}</label>
        <select id="topic" name="topic">
          <option value="*">{c.everything}</option>
          {active.map(({ topic }) => (
            <option value={topic.key}>{`${localise(topic.name, view.locale)} (${topic.key})`}</option>
          ))}
        </select>
        <fieldset>
          <legend>{c.channel}</legend>
          {staffChannels.map((channel, i) => (
            <label class="choice">
              <input type="radio" name="channel" value={channel} checked={i === 0} />
              {c.channels[channel]}
            </label>
          ))}
        </fieldset>
        <label for="note">{c.recordNote}</label>
        <textarea id="note" name="note" maxlength={2000} />
        <p class="actions">
          <button type="submit">{c.recordSubmit}</button>
        </p>
      </CsrfForm>

      <h2>{c.data}</h2>
      <p class="actions">
        <a class="button secondary" href={view.href(`${base}/export`)} download>
          {c.export}
        </a>
        <a class="button danger" href={view.href(`${base}/erase`)}>
          {c.erase}
        </a>
      </p>
      <p>
        <a href={view.href(`/admin/audit?subject_type=contact&subject_id=${contact.id}`)}>{c.auditLink}</a>
      </p>

      <h2>{c.trail}</h2>
      <p class="muted">{c.trailIntro}</p>
      {record.trail.length === 0 ? <p>{c.noTrail}</p> : <Timeline view={view} trail={record.trail} />}
    </ConsoleLayout>
  );
}

function Timeline({ view, trail }: { view: ConsoleView; trail: ConsentEvent[] }) {
  const c = view.m.contacts;
  return (
    <ol class="timeline">
      {trail.map((e) => (
        <li>
          <p class="when">
            <time datetime={e.occurredAt.toISOString()}>{formatTime(e.occurredAt, view.locale)}</time>
          </p>
          <p>
            <strong>{c.actions[e.action]}</strong>
            {` · ${e.topicKey ?? c.allTopics} · ${c.source}: ${e.source}`}
          </p>
          <dl class="facts">
            {e.wording ? (
              <>
                <dt>{c.wording}</dt>
                <dd>{e.wording.length > 300 ? `${e.wording.slice(0, 300)}…` : e.wording}</dd>
              </>
            ) : null}
            {e.ip ? (
              <>
                <dt>{c.ip}</dt>
                <dd>{e.ip}</dd>
              </>
            ) : null}
            {e.campaign ? (
              <>
                <dt>{c.campaign}</dt>
                <dd>{e.campaign}</dd>
              </>
            ) : null}
            {e.note ? (
              <>
                <dt>{c.note}</dt>
                <dd>{e.note}</dd>
              </>
            ) : null}
          </dl>
        </li>
      ))}
    </ol>
  );
}
