// The dashboard's page: what needs doing first (open data requests by due date, failing
// deliveries), then subscriptions per topic, the weekly chart per topic and the mail figures
// (with the sign-ups whose confirmation mail waits for a retry or was given up today).
import { formatDay, formatNumber, formatTime } from '../../../console/format';
import { fill } from '../../../console/i18n';
import { ScrollTable } from '../../../console/scroll-table';
import type { ConsoleView } from '../../../console/view';
import type { Dashboard } from '../../../domain/dashboard';
import { isOverdue } from '../../../domain/data-requests';
import { localise } from '../../../domain/topics';
import { recordsMessages } from '../records-messages';
import { WeeklyChart, WeeklyTable } from './chart';

export function DashboardPage({ view, data, now }: { view: ConsoleView; data: Dashboard; now: Date }) {
  const { dashboard: m, requests: r } = recordsMessages[view.locale];
  const count = (n: number) => formatNumber(n, view.locale);
  const charted = [
    ...data.topics
      .filter((t) => !t.topic.archivedAt)
      .map((t) => ({ key: t.topic.key, label: localise(t.topic.name, view.locale) })),
    { key: '', label: m.allTopics },
  ];
  return (
    <>
      <h1>{m.title}</h1>

      <section aria-labelledby="requests">
        <h2 id="requests">{m.requests}</h2>
        <p>
          {fill(m.requestsSummary, {
            total: count(data.openRequests.total),
            overdue: count(data.openRequests.overdue),
          })}
        </p>
        {data.openRequests.soonest.length === 0 ? (
          <p class="muted">{m.noRequests}</p>
        ) : (
          <ScrollTable head={[r.due, r.type, r.channel, r.status]}>
            {data.openRequests.soonest.map((request) => (
              <tr>
                <th scope="row">
                  <a href={view.href(`/admin/requests/${request.id}`)}>
                    <time datetime={request.dueDate}>{formatDay(request.dueDate, view.locale)}</time>
                  </a>
                </th>
                <td>{r.types[request.type]}</td>
                <td>{r.channels[request.channel]}</td>
                <td>{isOverdue(request, now) ? <strong class="overdue">{r.overdue}</strong> : r.open_}</td>
              </tr>
            ))}
          </ScrollTable>
        )}
        <p>
          <a href={view.href('/admin/requests')}>{m.allRequests}</a>
        </p>
      </section>

      <section aria-labelledby="failing">
        <h2 id="failing">{m.failing}</h2>
        {data.failingTargets.length === 0 ? (
          <p class="muted">{m.noFailing}</p>
        ) : (
          <ul>
            {data.failingTargets.map((t) => (
              <li>
                {`${m.kinds[t.kind] ?? t.kind}: ${t.label} — ${m.reasons[t.reason] ?? t.reason}`}
                {t.since ? ` (${fill(m.failingSince, { since: formatTime(t.since, view.locale) })})` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="topics">
        <h2 id="topics">{m.topics}</h2>
        {data.topics.length === 0 ? (
          <p class="muted">{m.noTopics}</p>
        ) : (
          <ScrollTable head={[m.topic, m.subscribed, m.unsubscribed, m.pending]}>
            {data.topics.map((t) => (
              <tr>
                <th scope="row">
                  {localise(t.topic.name, view.locale)} {t.topic.archivedAt ? m.archived : ''}
                </th>
                <td>{count(t.subscribed)}</td>
                <td>{count(t.unsubscribed)}</td>
                <td>{count(t.pending)}</td>
              </tr>
            ))}
          </ScrollTable>
        )}
      </section>

      <section aria-labelledby="weekly">
        <h2 id="weekly">{m.chartTitle}</h2>
        <p class="muted">{m.chartIntro}</p>
        {charted.map((topic, i) => {
          const weeks = data.weekly.get(topic.key) ?? [];
          return (
            <section aria-labelledby={`chart-${i}`}>
              <h3 id={`chart-${i}`}>{topic.label}</h3>
              <div class="charts">
                <WeeklyChart id={`chart-${i}-svg`} label={topic.label} weeks={weeks} m={m} />
                <WeeklyTable label={topic.label} weeks={weeks} m={m} locale={view.locale} />
              </div>
            </section>
          );
        })}
      </section>

      <section aria-labelledby="mail">
        <h2 id="mail">{m.mail}</h2>
        <dl class="facts">
          <dt>{m.bounced}</dt>
          <dd>{count(data.suppressions.bounced)}</dd>
          <dt>{m.complained}</dt>
          <dd>{count(data.suppressions.complained)}</dd>
          <dt>{m.presendToday}</dt>
          <dd>{count(data.presendCallsToday)}</dd>
          <dt>{m.signUpsWaiting}</dt>
          <dd>{count(data.signUps.waiting)}</dd>
          <dt>{m.signUpsGaveUpToday}</dt>
          {/* Any at all is worth a look (the contact's trail has the note), so it stands out. */}
          <dd>
            {data.signUps.gaveUpToday > 0 ? (
              <strong class="overdue">{count(data.signUps.gaveUpToday)}</strong>
            ) : (
              count(0)
            )}
          </dd>
        </dl>
      </section>
    </>
  );
}
