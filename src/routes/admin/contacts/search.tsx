// GET /admin/contacts: find a contact by its exact address (any spelling: the address is made
// canonical, domain/email.ts) and see the latest changes of all contacts. The page's own form
// posts the address (POST /admin/contacts) so it never ends up in a URL, history or log;
// `?q=` works as well, for a link from elsewhere.
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CsrfForm } from '../../../console/form';
import { formatTime } from '../../../console/format';
import { consoleAccess } from '../../../console/guard';
import { ConsoleLayout } from '../../../console/layout';
import { consolePageResponses, formBody, renderConsole } from '../../../console/routes';
import { ScrollTable } from '../../../console/scroll-table';
import { type ConsoleView, consoleView } from '../../../console/view';
import { type AppDeps, domainContext } from '../../../deps';
import { findContactByEmail } from '../../../domain/contacts';
import { normaliseEmail } from '../../../domain/email';
import { type RecentChange, recentChanges } from '../../../domain/staff-actions';
import { isErased } from '../../../domain/suppressions';
import { htmlContent } from '../../../http/openapi';
import type { AppEnv, Router } from '../../../http/router';
import { SearchForm, SearchQuery } from './schema';

const RECENT = 20;

function SearchPage({
  view,
  q,
  notice,
  recent,
}: {
  view: ConsoleView;
  q: string;
  notice?: string;
  recent: RecentChange[];
}) {
  const { m } = view;
  const c = m.contacts;
  return (
    <ConsoleLayout view={view} title={c.title}>
      <h1>{c.title}</h1>
      <CsrfForm view={view} action="/admin/contacts" label={c.search}>
        <label for="q">{c.searchLabel}</label>
        <input
          id="q"
          name="q"
          type="search"
          inputmode="email"
          autocomplete="off"
          value={q}
          aria-describedby="q-hint"
          required
        />
        <p id="q-hint" class="muted">
          {c.searchHint}
        </p>
        <p class="actions">
          <button type="submit">{c.search}</button>
        </p>
      </CsrfForm>
      {notice ? (
        <p role="status" class="status error">
          {notice}
        </p>
      ) : null}
      <h2>{c.recent}</h2>
      {recent.length === 0 ? (
        <p class="muted">{c.noRecent}</p>
      ) : (
        <ScrollTable head={[c.when, c.contact, c.change, c.source]}>
          {recent.map((r) => (
            <tr>
              <td>{formatTime(r.occurredAt, view.locale)}</td>
              <td>
                <a href={view.href(`/admin/contacts/${r.contactId}`)}>{r.email}</a>
              </td>
              <td>{`${c.actions[r.action]} · ${r.topicKey ?? c.allTopics}`}</td>
              <td>{r.source}</td>
            </tr>
          ))}
        </ScrollTable>
      )}
    </ConsoleLayout>
  );
}

/** The contact page for an address, or the search page saying why there is none. */
async function find(c: Context<AppEnv>, deps: AppDeps, q: string) {
  const ctx = domainContext(deps);
  const email = normaliseEmail(q);
  const view = await consoleView(c, deps);
  if (email) {
    const contact = await findContactByEmail({ ctx, input: { email } });
    if (contact) return c.redirect(view.href(`/admin/contacts/${contact.id}`), 303);
  }
  const erased = email ? await isErased({ ctx, input: { email } }) : false;
  const notice = erased ? view.m.contacts.erasedAddress : view.m.contacts.notFound;
  const recent = await recentChanges({ ctx, input: { limit: RECENT } });
  return renderConsole(c, <SearchPage view={view} q={q} notice={notice} recent={recent} />);
}

export function registerContactSearch(router: Router, deps: AppDeps) {
  const show = createRoute({
    method: 'get',
    path: '/admin/contacts',
    operationId: 'showConsoleContacts',
    summary: 'Find a contact by address; the latest changes',
    ...consoleAccess(deps, 'staff'),
    request: { query: SearchQuery },
    responses: { 200: htmlContent('The search form and recent changes'), ...consolePageResponses },
  });
  router.openapi(show, async (c) => {
    const { q } = c.req.valid('query');
    if (q?.trim()) return find(c, deps, q);
    const view = await consoleView(c, deps);
    const recent = await recentChanges({ ctx: domainContext(deps), input: { limit: RECENT } });
    return renderConsole(c, <SearchPage view={view} q="" recent={recent} />);
  });

  const search = createRoute({
    method: 'post',
    path: '/admin/contacts',
    operationId: 'searchConsoleContacts',
    summary: 'Find a contact by address (the address stays out of the URL)',
    ...consoleAccess(deps, 'staff'),
    request: { body: formBody(SearchForm) },
    responses: {
      200: htmlContent('No contact with this address: the search page says so'),
      ...consolePageResponses,
      303: { description: 'Found: to the contact page (not signed in: to /admin/login)' },
    },
  });
  router.openapi(search, async (c) => find(c, deps, c.req.valid('form').q));
}
