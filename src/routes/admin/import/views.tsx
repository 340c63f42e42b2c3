// The import form and an import's progress page.
import { CsrfForm } from '../../../console/form';
import { formatNumber } from '../../../console/format';
import { fill } from '../../../console/i18n';
import type { ConsoleView } from '../../../console/view';
import { legalBases } from '../../../db/schema';
import { localise, type Topic } from '../../../domain/topics';
import type { ImportJob } from './jobs';
import { importMessages } from './messages';

export function ImportForm({
  view,
  topics,
  limitBytes,
}: {
  view: ConsoleView;
  topics: Topic[];
  limitBytes: number;
}) {
  const t = importMessages[view.locale];
  return (
    <>
      <h1>{t.title}</h1>
      <p>{t.intro}</p>
      <p class="muted">{fill(t.limit, { size: formatNumber(Math.floor(limitBytes / 1024), view.locale) })}</p>
      {topics.length === 0 ? (
        <p class="status">{t.noTopics}</p>
      ) : (
        <CsrfForm view={view} action="/admin/import" enctype="multipart/form-data" label={t.title}>
          <label for="file">{t.file}</label>
          <input id="file" name="file" type="file" accept=".csv,text/csv" required />
          <label for="topic">{t.topic}</label>
          <select id="topic" name="topic" required>
            {topics.map((topic) => (
              <option value={topic.key}>{localise(topic.name, view.locale)}</option>
            ))}
          </select>
          <label for="basis">{t.basis}</label>
          <select id="basis" name="basis">
            <option value="">{t.basisTopic}</option>
            {legalBases.map((b) => (
              <option value={b}>{t.bases[b]}</option>
            ))}
          </select>
          <label for="source">{t.source}</label>
          <input
            id="source"
            name="source"
            type="text"
            required
            maxlength={200}
            aria-describedby="source-hint"
          />
          <p id="source-hint" class="muted">
            {t.sourceHint}
          </p>
          <p class="actions">
            <button type="submit">{t.submit}</button>
          </p>
        </CsrfForm>
      )}
    </>
  );
}

export function ImportJobPage({ view, job }: { view: ConsoleView; job: ImportJob }) {
  const t = importMessages[view.locale];
  const s = job.summary;
  return (
    <>
      <h1>{fill(t.jobTitle, { file: job.fileName })}</h1>
      {job.failure ? (
        <p role="alert" class="status error">
          {fill(t.failed, { reason: job.failure })}
        </p>
      ) : job.endedAt ? (
        <p role="status" class="status">
          {fill(t.done, { rows: formatNumber(job.progress.rows, view.locale) })}
        </p>
      ) : (
        <>
          <label for="progress">{t.progress}</label>
          <progress id="progress" />
          <p role="status">{fill(t.running, { rows: formatNumber(job.progress.rows, view.locale) })}</p>
          <p>
            <a href={view.href(`/admin/import/${job.id}`)}>{t.check}</a>
          </p>
        </>
      )}
      {s ? (
        <dl class="facts">
          <dt>{t.subscribed}</dt>
          <dd>{formatNumber(s.subscribed, view.locale)}</dd>
          <dt>{t.unchanged}</dt>
          <dd>{formatNumber(s.unchanged, view.locale)}</dd>
          <dt>{t.created}</dt>
          <dd>{formatNumber(s.contactsCreated, view.locale)}</dd>
          <dt>{t.rejected}</dt>
          <dd>{formatNumber(s.rejected, view.locale)}</dd>
        </dl>
      ) : null}
      {job.endedAt && job.rejects.length > 0 ? (
        <p>
          <a href={view.href(`/admin/import/${job.id}/rejects.csv`)} download>
            {t.rejects}
          </a>
        </p>
      ) : null}
      <p>
        <a href={view.href(`/admin/import/${job.id}`)}>{t.link}</a>
        {' · '}
        <a href={view.href('/admin/import')}>{t.another}</a>
      </p>
    </>
  );
}
