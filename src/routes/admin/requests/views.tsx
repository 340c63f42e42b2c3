// The data requests pages: the register (open ones by due date, recent completed ones, the form
// to record one) and one request with its "complete" form, which says what completing does.
import { CsrfForm } from '../../../console/form';
import { formatDay, formatTime } from '../../../console/format';
import { fill } from '../../../console/i18n';
import { ScrollTable } from '../../../console/scroll-table';
import type { ConsoleView } from '../../../console/view';
import { requestChannels, requestTypes } from '../../../db/schema';
import { type DataRequest, isOverdue } from '../../../domain/data-requests';
import type { RequestOutcome } from '../../../domain/mailer';
import { messages } from '../../../web/i18n';
import { type RecordsMessages, recordsMessages } from '../records-messages';

type Notice = { kind: 'ok' | 'error'; text: string };

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

/** A day in the page's language, with the ISO day kept for machines and for sorting. */
function Day({ iso, view }: { iso: string; view: ConsoleView }) {
  return <time datetime={iso}>{formatDay(iso, view.locale)}</time>;
}

function DueCell(props: {
  request: DataRequest;
  now: Date;
  r: RecordsMessages['requests'];
  view: ConsoleView;
}) {
  const { request, now, r } = props;
  return (
    <td>
      <Day iso={request.dueDate} view={props.view} />
      {isOverdue(request, now) ? (
        <>
          {' '}
          <strong class="overdue">{r.overdue}</strong>
        </>
      ) : null}
    </td>
  );
}

export function RequestsPage(props: {
  view: ConsoleView;
  open: DataRequest[];
  completed: DataRequest[];
  now: Date;
  dueWorkingDays: number;
  notice?: Notice;
}) {
  const { view, now } = props;
  const r = recordsMessages[view.locale].requests;
  const today = now.toISOString().slice(0, 10);
  return (
    <>
      <h1>{r.title}</h1>
      <NoticeLine notice={props.notice} />
      <p>{fill(r.intro, { days: String(props.dueWorkingDays) })}</p>

      <h2 id="open">{r.open}</h2>
      {props.open.length === 0 ? (
        <p class="muted">{r.none}</p>
      ) : (
        <ScrollTable head={[r.email, r.type, r.receivedAt, r.due]} labelledBy="open">
          {props.open.map((request) => (
            <tr>
              <th scope="row">
                <a href={view.href(`/admin/requests/${request.id}`)}>{request.email}</a>
              </th>
              <td>{r.types[request.type]}</td>
              <td>
                <Day iso={request.receivedAt.toISOString().slice(0, 10)} view={view} />
              </td>
              <DueCell request={request} now={now} r={r} view={view} />
            </tr>
          ))}
        </ScrollTable>
      )}

      <h2 id="new">{r.newTitle}</h2>
      <CsrfForm view={view} action="/admin/requests" label={r.newTitle}>
        <label for="email">{r.email}</label>
        <input id="email" name="email" type="email" required autocomplete="off" />
        <label for="type">{r.type}</label>
        <select id="type" name="type" required>
          {requestTypes.map((t) => (
            <option value={t}>{r.types[t]}</option>
          ))}
        </select>
        <label for="channel">{r.channel}</label>
        <select id="channel" name="channel" required>
          {requestChannels.map((ch) => (
            <option value={ch}>{r.channels[ch]}</option>
          ))}
        </select>
        <label for="received_on">{r.receivedAt}</label>
        <input id="received_on" name="received_on" type="date" required max={today} value={today} />
        <label for="received_time">{r.receivedTime}</label>
        <input id="received_time" name="received_time" type="time" />
        <label for="locale">{r.locale}</label>
        <select id="locale" name="locale">
          <option value="">{r.localeAuto}</option>
          {Object.values(messages).map((language) => (
            <option value={language.lang} lang={language.lang}>
              {language.languageName}
            </option>
          ))}
        </select>
        <label for="note">{r.note}</label>
        <textarea id="note" name="note" maxlength={2000} />
        <p class="actions">
          <button type="submit">{r.newSubmit}</button>
        </p>
      </CsrfForm>

      <h2 id="completed">{r.completed}</h2>
      {props.completed.length === 0 ? (
        <p class="muted">{r.none}</p>
      ) : (
        <ScrollTable head={[r.completedAt, r.type, r.outcome, r.due]} labelledBy="completed">
          {props.completed.map((request) => (
            <tr>
              <th scope="row">
                <a href={view.href(`/admin/requests/${request.id}`)}>
                  {request.completedAt
                    ? formatDay(request.completedAt.toISOString().slice(0, 10), view.locale)
                    : ''}
                </a>
              </th>
              <td>{r.types[request.type]}</td>
              <td>{request.outcome ? r.outcomes[request.outcome as RequestOutcome] : ''}</td>
              <td>
                <Day iso={request.dueDate} view={view} />
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
    </>
  );
}

export function RequestPage({
  view,
  request,
  now,
  notice,
}: {
  view: ConsoleView;
  request: DataRequest;
  now: Date;
  notice?: Notice;
}) {
  const r = recordsMessages[view.locale].requests;
  const open = request.status === 'open';
  return (
    <>
      <h1>{fill(r.detailTitle, { id: request.id })}</h1>
      <NoticeLine notice={notice} />
      <dl class="facts">
        <dt>{r.email}</dt>
        <dd>{request.email ?? r.addressGone}</dd>
        <dt>{r.type}</dt>
        <dd>{r.types[request.type]}</dd>
        <dt>{r.channel}</dt>
        <dd>{r.channels[request.channel]}</dd>
        <dt>{r.receivedAt}</dt>
        <dd>{formatTime(request.receivedAt, view.locale)}</dd>
        <dt>{r.due}</dt>
        <dd>
          <Day iso={request.dueDate} view={view} />
          {isOverdue(request, now) ? (
            <>
              {' '}
              <strong class="overdue">{r.overdue}</strong>
            </>
          ) : null}
        </dd>
        <dt>{r.status}</dt>
        <dd>{open ? r.open_ : r.outcomes[request.outcome as RequestOutcome]}</dd>
        {request.note ? (
          <>
            <dt>{r.noteShown}</dt>
            <dd>{request.note}</dd>
          </>
        ) : null}
        {request.completedAt ? (
          <>
            <dt>{r.completedAt}</dt>
            <dd>{formatTime(request.completedAt, view.locale)}</dd>
            <dt>{r.completedBy}</dt>
            <dd>
              {fill(r.actor[request.completedByType ?? 'system'] ?? '', { id: request.completedBy ?? '' })}
            </dd>
          </>
        ) : null}
      </dl>
      {open ? (
        <section aria-labelledby="complete">
          <h2 id="complete">{r.completeTitle}</h2>
          <p>{r.what[request.type]}</p>
          <CsrfForm view={view} action={`/admin/requests/${request.id}/complete`} label={r.completeTitle}>
            <label for="note">{r.completeNote}</label>
            <textarea id="note" name="note" maxlength={2000} />
            <p class="actions">
              <button type="submit" class={request.type === 'erasure' ? 'danger' : undefined}>
                {r.completeSubmit}
              </button>
            </p>
          </CsrfForm>
        </section>
      ) : null}
      <p>
        <a href={view.href('/admin/requests')}>{r.title}</a>
      </p>
    </>
  );
}
