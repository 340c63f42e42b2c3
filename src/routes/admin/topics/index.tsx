// The topics pages (/admin/topics): list, create, edit names and descriptions per language,
// change the basis (only with its explicit confirmation) and archive, for every signed-in user.
// The change itself is the API's verb (domain/topic-changes.ts), audited with the user.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { consoleAccess } from '../../../console/guard';
import { ConsoleLayout } from '../../../console/layout';
import {
  consoleForm,
  consolePageResponses,
  formBody,
  renderConsole,
  staffActor,
} from '../../../console/routes';
import { consoleView } from '../../../console/view';
import { type LegalBasis, legalBases } from '../../../db/schema';
import { type AppDeps, domainContext } from '../../../deps';
import { AppError } from '../../../domain/errors';
import { upsertTopic } from '../../../domain/topic-changes';
import { findTopic, listTopics, type Topic, type TopicInput } from '../../../domain/topics';
import { htmlContent } from '../../../http/openapi';
import type { AppEnv, Router } from '../../../http/router';
import { TopicKey } from '../../topics/schema';
import { topicMessages } from './messages';
import { type FormLanguage, fieldsOf, formLanguages, type TopicFields, TopicPage, TopicsPage } from './views';

const text = (max: number) => z.string().trim().max(max).default('');
const topicShape = {
  name_en: z.string().trim().min(1, 'is required').max(500),
  name_nl: z.string().trim().min(1, 'is required').max(500),
  name_fr: text(500),
  name_de: text(500),
  description_en: text(2000),
  description_nl: text(2000),
  description_fr: text(2000),
  description_de: text(2000),
  basis: z.enum(legalBases),
  archived: z.literal('1').optional(),
  confirm_basis_change: z.literal('1').optional(),
};
const CreateForm = consoleForm({ key: TopicKey, ...topicShape });
const EditForm = consoleForm(topicShape);
const KeyParam = z.object({ key: TopicKey });
const NoticeQuery = z.object({
  lang: z.string().max(10).optional(),
  saved: z.enum(['created', 'saved']).optional(),
});

type Form = z.infer<typeof EditForm>;

/**
 * The verb's input from the form. English and Dutch names are required, French and German ones
 * optional (pages fall back to the brand's language, then English); a description, when given,
 * is at least in English and Dutch. A blank French or German field removes that language;
 * languages the form does not show are kept.
 */
function topicInput(
  form: Form,
  existing?: { name: Record<string, string>; description: Record<string, string> | null },
): TopicInput {
  const described = formLanguages.some((lang) => form[`description_${lang}`]);
  if (described && !(form.description_en && form.description_nl)) {
    const field = form.description_en ? 'description_nl' : 'description_en';
    throw new AppError(
      'validation_failed',
      `${field}: give the description in English and Dutch, or in no language`,
      [{ field, message: 'give the description in English and Dutch, or in no language' }],
    );
  }
  return {
    name: perLanguage(existing?.name, (lang) => form[`name_${lang}`]),
    description: described ? perLanguage(existing?.description, (lang) => form[`description_${lang}`]) : null,
    basis: form.basis,
    archived: form.archived === '1',
  };
}

/** The form's languages' texts (blank ones left out) over the other languages a topic has. */
function perLanguage(
  existing: Record<string, string> | null | undefined,
  text: (lang: FormLanguage) => string,
): Record<string, string> {
  const out = Object.fromEntries(
    Object.entries(existing ?? {}).filter(([lang]) => !(formLanguages as readonly string[]).includes(lang)),
  );
  for (const lang of formLanguages) if (text(lang)) out[lang] = text(lang);
  return out;
}

const fieldsFrom = (form: Form, key?: string): TopicFields => ({
  key,
  name_en: form.name_en,
  name_nl: form.name_nl,
  name_fr: form.name_fr,
  name_de: form.name_de,
  description_en: form.description_en,
  description_nl: form.description_nl,
  description_fr: form.description_fr,
  description_de: form.description_de,
  basis: form.basis,
  archived: form.archived === '1',
});

export function registerTopicPages(router: Router, deps: AppDeps) {
  // A form's answer is the topic's page saying what happened (as the contacts pages do).
  const showTopic = async (c: Context<AppEnv>, topic: Topic, happened?: 'created' | 'saved') => {
    const view = await consoleView(c, deps);
    const t = topicMessages[view.locale];
    const notice = happened
      ? { kind: 'ok' as const, text: happened === 'created' ? t.created : t.saved }
      : undefined;
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={t.title}>
        <TopicPage view={view} topic={topic} fields={fieldsOf(topic)} notice={notice} />
      </ConsoleLayout>,
    );
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/topics',
      operationId: 'showConsoleTopics',
      summary: 'The topics, with the form to create one',
      ...consoleAccess(deps, 'staff'),
      responses: { 200: htmlContent('The topics'), ...consolePageResponses },
    }),
    async (c) => {
      const view = await consoleView(c, deps);
      const topics = await listTopics({ ctx: domainContext(deps), input: { includeArchived: true } });
      return renderConsole(
        c,
        <ConsoleLayout view={view} title={topicMessages[view.locale].title}>
          <TopicsPage view={view} topics={topics} />
        </ConsoleLayout>,
      );
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/topics',
      operationId: 'consoleCreateTopic',
      summary: 'Create a topic',
      ...consoleAccess(deps, 'staff'),
      request: { body: formBody(CreateForm) },
      responses: {
        ...consolePageResponses,
        200: htmlContent('The new topic, saying it was created'),
        409: htmlContent('The key is taken'),
      },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const ctx = domainContext(deps);
      if (await findTopic({ ctx, input: { key: form.key } })) {
        throw new AppError('conflict', topicMessages[(await consoleView(c, deps)).locale].exists);
      }
      const { topic: created } = await upsertTopic({
        ctx,
        input: {
          key: form.key,
          topic: topicInput(form),
          actor: staffActor(c),
          softOptInMonths: deps.config.softOptInMonths,
        },
      });
      return showTopic(c, created, 'created');
    },
  );

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/topics/{key}',
      operationId: 'showConsoleTopic',
      summary: "A topic's edit form",
      ...consoleAccess(deps, 'staff'),
      request: { params: KeyParam, query: NoticeQuery },
      responses: { 200: htmlContent('The edit form'), ...consolePageResponses },
    }),
    async (c) => {
      const topic = await findTopic({ ctx: domainContext(deps), input: { key: c.req.valid('param').key } });
      if (!topic) throw new AppError('not_found', 'topic not found');
      return showTopic(c, topic);
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/topics/{key}',
      operationId: 'consoleUpdateTopic',
      summary: 'Change a topic: names, descriptions, basis (with confirm_basis_change) and archiving',
      ...consoleAccess(deps, 'staff'),
      request: { params: KeyParam, body: formBody(EditForm) },
      responses: {
        ...consolePageResponses,
        200: htmlContent('The topic, saying the change was saved'),
        409: htmlContent('A basis change waits for its confirmation: the form again, with the warning'),
      },
    }),
    async (c) => {
      const { key } = c.req.valid('param');
      const form = c.req.valid('form');
      const ctx = domainContext(deps);
      const existing = await findTopic({ ctx, input: { key } });
      if (!existing) throw new AppError('not_found', 'topic not found');
      let saved: Topic;
      try {
        ({ topic: saved } = await upsertTopic({
          ctx,
          input: {
            key,
            topic: topicInput(form, existing),
            actor: staffActor(c),
            confirmBasisChange: form.confirm_basis_change === '1',
            softOptInMonths: deps.config.softOptInMonths,
          },
        }));
      } catch (err) {
        const details =
          err instanceof AppError && err.code === 'conflict'
            ? (err.details as { from?: LegalBasis; to?: LegalBasis; verdicts_changed?: number } | undefined)
            : undefined;
        if (!details?.from || !details.to) throw err;
        const view = await consoleView(c, deps);
        return renderConsole(
          c,
          <ConsoleLayout view={view} title={topicMessages[view.locale].basisTitle}>
            <TopicPage
              view={view}
              topic={existing}
              fields={fieldsFrom(form, key)}
              basisChange={{ from: details.from, to: details.to, count: details.verdicts_changed ?? 0 }}
            />
          </ConsoleLayout>,
          409,
        );
      }
      return showTopic(c, saved, 'saved');
    },
  );
}
