// GET/POST /admin/keys and POST /admin/keys/{id}/revoke (admins only): the API keys, making one
// (its secret shown once, on the answer to the form, never in a URL) and revoking one, each in
// the audit log. The verbs are the API's (domain/api-keys.ts).
import { createRoute, z } from '@hono/zod-openapi';
import { CsrfForm } from '../../../console/form';
import { formatTime } from '../../../console/format';
import { consoleAccess } from '../../../console/guard';
import { type ConsoleLocale, fill } from '../../../console/i18n';
import { ConsoleLayout } from '../../../console/layout';
import {
  consoleForm,
  consolePageResponses,
  formBody,
  renderConsole,
  staffActor,
} from '../../../console/routes';
import { ScrollTable } from '../../../console/scroll-table';
import { type ConsoleView, consoleView } from '../../../console/view';
import { apiKeyScopes } from '../../../db/schema';
import { type AppDeps, domainContext } from '../../../deps';
import { createApiKey, listApiKeys, type PublicApiKey, revokeApiKey } from '../../../domain/api-keys';
import { recordAudit } from '../../../domain/audit';
import { htmlContent } from '../../../http/openapi';
import type { Router } from '../../../http/router';
import { settingsMessages } from './messages';

const NewKeyForm = consoleForm({
  name: z.string().trim().min(1, 'is required').max(100),
  scopes: z
    .union([z.enum(apiKeyScopes), z.array(z.enum(apiKeyScopes))])
    .transform((s) => (Array.isArray(s) ? s : [s])),
});
const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'key_3kTn9QpX2mLs' }),
});

const when = (d: Date | null, locale: ConsoleLocale) => (d ? formatTime(d, locale) : null);

function KeysPage({
  view,
  keys,
  secret,
  notice,
}: {
  view: ConsoleView;
  keys: PublicApiKey[];
  secret?: string;
  notice?: string;
}) {
  const t = settingsMessages[view.locale].keys;
  return (
    <>
      <h1>{t.title}</h1>
      {secret ? (
        <section class="status" aria-labelledby="secret">
          <h2 id="secret">{t.secretTitle}</h2>
          <p>{t.secretBody}</p>
          <p>
            <code>{secret}</code>
          </p>
        </section>
      ) : null}
      {notice ? (
        <p role="status" class="status">
          {notice}
        </p>
      ) : null}
      <p>{t.intro}</p>
      {keys.length === 0 ? (
        <p class="muted">{t.none}</p>
      ) : (
        <ScrollTable head={[t.name, t.prefix, t.scopes, t.lastUsed, t.state]}>
          {keys.map((key) => (
            <tr>
              <th scope="row">{key.name}</th>
              <td>
                <code>{key.prefix}</code>
              </td>
              <td>{key.scopes.join(', ')}</td>
              <td>{when(key.lastUsedAt, view.locale) ?? t.never}</td>
              <td>
                {key.revokedAt ? (
                  fill(t.revoked, { at: when(key.revokedAt, view.locale) ?? '' })
                ) : (
                  <CsrfForm view={view} action={`/admin/keys/${key.id}/revoke`}>
                    <button type="submit" class="secondary">
                      {fill(t.revoke, { name: key.name })}
                    </button>
                  </CsrfForm>
                )}
              </td>
            </tr>
          ))}
        </ScrollTable>
      )}
      <h2 id="new">{t.newTitle}</h2>
      <CsrfForm view={view} action="/admin/keys" label={t.newTitle}>
        <label for="name">{t.name}</label>
        <input id="name" name="name" type="text" required maxlength={100} />
        <fieldset>
          <legend>{t.scopes}</legend>
          {apiKeyScopes.map((scope) => (
            <label class="choice">
              <input type="checkbox" name="scopes" value={scope} checked={scope === 'presend'} />
              {t.scopeNames[scope]}
            </label>
          ))}
        </fieldset>
        <p class="actions">
          <button type="submit">{t.create}</button>
        </p>
      </CsrfForm>
    </>
  );
}

export function registerKeyPages(router: Router, deps: AppDeps) {
  const show = async (
    c: Parameters<Parameters<Router['openapi']>[1]>[0],
    extra: { secret?: string; notice?: string } = {},
  ) => {
    const view = await consoleView(c, deps);
    const keys = await listApiKeys({ ctx: domainContext(deps) });
    return renderConsole(
      c,
      <ConsoleLayout view={view} title={settingsMessages[view.locale].keys.title}>
        <KeysPage view={view} keys={keys} {...extra} />
      </ConsoleLayout>,
    );
  };

  router.openapi(
    createRoute({
      method: 'get',
      path: '/admin/keys',
      operationId: 'showConsoleKeys',
      summary: 'The API keys',
      ...consoleAccess(deps, 'admin'),
      request: {
        query: z.object({ revoked: z.literal('1').optional(), lang: z.string().max(10).optional() }),
      },
      responses: { 200: htmlContent('The keys'), ...consolePageResponses },
    }),
    async (c) => {
      const revoked = c.req.valid('query').revoked;
      const view = await consoleView(c, deps);
      return show(c, revoked ? { notice: settingsMessages[view.locale].keys.revokedNotice } : {});
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/keys',
      operationId: 'consoleCreateKey',
      summary: 'Make an API key; the answer shows its secret once',
      ...consoleAccess(deps, 'admin'),
      request: { body: formBody(NewKeyForm) },
      responses: { ...consolePageResponses, 200: htmlContent('The keys, with the new secret') },
    }),
    async (c) => {
      const form = c.req.valid('form');
      const ctx = domainContext(deps);
      const { key, secret } = await createApiKey({ ctx, input: { name: form.name, scopes: form.scopes } });
      await recordAudit({
        ctx,
        input: {
          actor: staffActor(c),
          action: 'key.created',
          subjectType: 'api_key',
          subjectId: key.id,
          details: { scopes: key.scopes },
        },
      });
      // The secret is on this page only: it must not be cached or kept in history as a URL.
      c.header('Cache-Control', 'no-store');
      return show(c, { secret });
    },
  );

  router.openapi(
    createRoute({
      method: 'post',
      path: '/admin/keys/{id}/revoke',
      operationId: 'consoleRevokeKey',
      summary: 'Revoke an API key',
      ...consoleAccess(deps, 'admin'),
      request: { params: IdParam, body: formBody(consoleForm({})) },
      responses: { 200: htmlContent('The keys, saying the key was revoked'), ...consolePageResponses },
    }),
    async (c) => {
      const ctx = domainContext(deps);
      const key = await revokeApiKey({ ctx, input: { id: c.req.valid('param').id } });
      await recordAudit({
        ctx,
        input: { actor: staffActor(c), action: 'key.revoked', subjectType: 'api_key', subjectId: key.id },
      });
      const view = await consoleView(c, deps);
      return show(c, { notice: settingsMessages[view.locale].keys.revokedNotice });
    },
  );
}
