// The import pages (/admin/import): upload a CSV, choose the topic and basis, then a page that
// shows the import's progress (a <progress> element and a "check progress" link; no script and
// no automatic reload, which would pull a screen reader back to the top) and, once done, the
// summary and the rejected rows as a download. The rules are the command line's: the same
// domain import (domain/import.ts) and writer (db/import-writer.ts).
import { createRoute, z } from '@hono/zod-openapi';
import { consoleAccess } from '../../../console/guard';
import { fill } from '../../../console/i18n';
import { ConsoleLayout } from '../../../console/layout';
import { consoleForm, consolePageResponses, renderConsole, staffActor } from '../../../console/routes';
import { consoleView } from '../../../console/view';
import { createImportWriter } from '../../../db/import-writer';
import { legalBases } from '../../../db/schema';
import { type AppDeps, domainContext } from '../../../deps';
import { recordAudit } from '../../../domain/audit';
import { csvLine, readCsv } from '../../../domain/csv';
import { AppError } from '../../../domain/errors';
import { importContacts } from '../../../domain/import';
import { listTopics, requireActiveTopic } from '../../../domain/topics';
import { htmlContent } from '../../../http/openapi';
import type { Router } from '../../../http/router';
import { createImportJobs } from './jobs';
import { importMessages } from './messages';
import { ImportForm, ImportJobPage } from './views';

const UploadForm = consoleForm({
  file: z
    .custom<File>((v) => typeof File !== 'undefined' && v instanceof File, 'choose a CSV file')
    .openapi({ type: 'string', format: 'binary' }),
  topic: z.string().min(1).max(64),
  basis: z.enum(['', ...legalBases]).default(''),
  source: z.string().trim().min(1, 'is required').max(200),
});

const JobParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'imp_3kTn9QpX2mLs' }),
});

export function registerImportPages(router: Router, deps: AppDeps) {
  const jobs = createImportJobs(() => deps.clock.now());

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/import',
      operationId: 'showConsoleImport',
      summary: 'The import form',
      ...consoleAccess(deps, 'staff'),
      responses: { 200: htmlContent('The form'), ...consolePageResponses },
    }),
    async (c) => {
      const view = await consoleView(c, deps);
      const topics = await listTopics({ ctx: domainContext(deps) });
      return renderConsole(
        c,
        <ConsoleLayout view={view} title={importMessages[view.locale].title}>
          <ImportForm view={view} topics={topics} limitBytes={deps.config.bodyLimitBytes} />
        </ConsoleLayout>,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/import',
      operationId: 'consoleStartImport',
      summary: 'Start an import of an uploaded CSV file',
      ...consoleAccess(deps, 'staff'),
      request: { body: { content: { 'multipart/form-data': { schema: UploadForm } }, required: true } },
      responses: { 200: htmlContent('The import’s progress page'), ...consolePageResponses },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const ctx = domainContext(deps);
      const topic = await requireActiveTopic({ ctx, input: { key: form.topic } });
      const text = await form.file.text();
      const job = jobs.start(topic.key, form.file.name.slice(0, 200) || 'import.csv', form.file.size);
      const actor = staffActor(c);
      deps.defer('console import', async () => {
        try {
          const summary = await importContacts(
            { ...ctx, writer: createImportWriter(deps.db) },
            readCsv([text]),
            {
              topic: topic.key,
              source: form.source,
              basis: form.basis || undefined,
              label: job.fileName,
              onProgress: (p) => {
                job.progress = p;
              },
              onReject: (r) => {
                job.rejects.push(csvLine([r.line, r.email, r.reason]));
              },
            },
          );
          job.summary = summary;
          job.progress = summary;
          await recordAudit({
            ctx,
            input: {
              actor,
              action: 'contacts.imported',
              subjectType: 'topic',
              subjectId: topic.key,
              details: {
                import_id: summary.importId,
                rows: summary.rows,
                subscribed: summary.subscribed,
                rejected: summary.rejected,
              },
            },
          });
        } catch (err) {
          // Refusals (a consent topic filled under legitimate interest, no email column) are
          // shown on the page; anything else is the runner's to log.
          job.failure =
            err instanceof AppError ? err.message : 'something went wrong; nothing more was imported';
          if (!(err instanceof AppError)) throw err;
        } finally {
          job.endedAt = deps.clock.now();
        }
      });
      // Its progress page; "check progress" there is a GET of /admin/import/{id}.
      const view = await consoleView(c, deps);
      return renderConsole(
        c,
        <ConsoleLayout view={view} title={fill(importMessages[view.locale].jobTitle, { file: job.fileName })}>
          <ImportJobPage view={view} job={job} />
        </ConsoleLayout>,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/import/{id}',
      operationId: 'showConsoleImportJob',
      summary: "An import's progress, and its summary once done",
      ...consoleAccess(deps, 'staff'),
      request: { params: JobParam },
      responses: { 200: htmlContent('The progress or the summary'), ...consolePageResponses },
    }),
    async (c) => {
      const view = await consoleView(c, deps);
      const job = jobs.get(c.req.valid('param').id);
      if (!job) throw new AppError('not_found', importMessages[view.locale].gone);
      return renderConsole(
        c,
        <ConsoleLayout view={view} title={fill(importMessages[view.locale].jobTitle, { file: job.fileName })}>
          <ImportJobPage view={view} job={job} />
        </ConsoleLayout>,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/import/{id}/rejects.csv',
      operationId: 'downloadConsoleImportRejects',
      summary: "An import's rejected rows: line, email, reason",
      ...consoleAccess(deps, 'staff'),
      request: { params: JobParam },
      responses: {
        200: { content: { 'text/csv': { schema: z.string() } }, description: 'The rejected rows' },
        ...consolePageResponses,
      },
    }),
    async (c) => {
      const job = jobs.get(c.req.valid('param').id);
      if (!job?.endedAt) throw new AppError('not_found', 'no finished import with this id');
      return c.body([csvLine(['line', 'email', 'reason']), ...job.rejects].join(''), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="rejected-${job.id}.csv"`,
        'Cache-Control': 'no-store',
      });
    },
  );
}
