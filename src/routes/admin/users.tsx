// GET /admin/users, POST /admin/users and POST /admin/users/{id}/disable: console accounts, for
// admins only (staff get 403). The same verbs as `mailprefs users`, with the audit log naming
// the admin. A new account gets a generated password, shown once on the answer page.
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { CsrfForm } from '../../console/form';
import { formatTime } from '../../console/format';
import { consoleAccess } from '../../console/guard';
import { fill } from '../../console/i18n';
import { ConsoleLayout } from '../../console/layout';
import { consoleForm, consolePageResponses, formBody, renderConsole, staffActor } from '../../console/routes';
import { ScrollTable } from '../../console/scroll-table';
import { type ConsoleView, consoleView } from '../../console/view';
import { staffRoles } from '../../db/schema';
import { type AppDeps, domainContext } from '../../deps';
import { AppError } from '../../domain/errors';
import {
  createStaffUser,
  disableStaffUser,
  findStaffUserById,
  listStaffUsers,
  type PublicStaffUser,
} from '../../domain/staff-users';
import { htmlContent } from '../../http/openapi';
import type { AppEnv, Router } from '../../http/router';

const CreateForm = consoleForm({ email: z.string().max(320), role: z.enum(staffRoles) });
const UserIdParam = z.object({
  id: z
    .string()
    .regex(/^usr_[A-Za-z0-9_-]{1,40}$/)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'usr_Ab3dE5gH7jK9mN1p' }),
});

type Notice = { text: string; secret?: string };

function UsersPage({
  view,
  users,
  notice,
}: {
  view: ConsoleView;
  users: PublicStaffUser[];
  notice?: Notice;
}) {
  const m = view.m.users;
  return (
    <ConsoleLayout view={view} title={m.title}>
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      {notice ? (
        <div role="status" class="status">
          <p>{notice.text}</p>
          {notice.secret ? (
            <p>
              <code>{notice.secret}</code>
            </p>
          ) : null}
        </div>
      ) : null}
      <ScrollTable head={[m.email, m.role, m.created, m.state]}>
        {users.map((u) => (
          <tr>
            <td>{u.email}</td>
            <td>{view.m.shell.roles[u.role]}</td>
            <td>{formatTime(u.createdAt, view.locale)}</td>
            <td>
              {u.disabledAt ? (
                fill(m.disabled, { date: formatTime(u.disabledAt, view.locale) })
              ) : u.id === view.staff?.user.id ? (
                m.active
              ) : (
                <CsrfForm
                  view={view}
                  action={`/admin/users/${u.id}/disable`}
                  label={fill(m.disableLabel, { email: u.email })}
                >
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={fill(m.disableLabel, { email: u.email })}
                  >
                    {m.disable}
                  </button>
                </CsrfForm>
              )}
            </td>
          </tr>
        ))}
      </ScrollTable>
      <h2>{m.create}</h2>
      <CsrfForm view={view} action="/admin/users" label={m.create}>
        <label for="new-email">{m.email}</label>
        <input id="new-email" name="email" type="email" autocomplete="off" required />
        <fieldset>
          <legend>{m.role}</legend>
          {staffRoles.map((role) => (
            <label class="choice">
              <input type="radio" name="role" value={role} checked={role === 'staff'} />
              {view.m.shell.roles[role]}
            </label>
          ))}
        </fieldset>
        <p class="actions">
          <button type="submit">{m.createSubmit}</button>
        </p>
      </CsrfForm>
    </ConsoleLayout>
  );
}

export function registerConsoleUsers(router: Router, deps: AppDeps) {
  const answer = async (c: Context<AppEnv>, notice?: Notice) => {
    const users = await listStaffUsers({ ctx: domainContext(deps), input: undefined });
    return renderConsole(c, <UsersPage view={await consoleView(c, deps)} users={users} notice={notice} />);
  };

  const show = createRoute({
    method: 'get',
    path: '/admin/users',
    operationId: 'showConsoleUsers',
    summary: 'Console accounts (admins only)',
    ...consoleAccess(deps, 'admin'),
    responses: { 200: htmlContent('The accounts'), ...consolePageResponses },
  });
  router.openapi(show, (c) => answer(c));

  const create = createRoute({
    method: 'post',
    path: '/admin/users',
    operationId: 'createConsoleUser',
    summary: 'Add a console account with a generated password (admins only)',
    ...consoleAccess(deps, 'admin'),
    request: { body: formBody(CreateForm) },
    responses: { 200: htmlContent('Made: the password, shown once'), ...consolePageResponses },
  });
  router.openapi(create, async (c) => {
    const form = c.req.valid('form');
    const { user, generatedPassword } = await createStaffUser({
      ctx: domainContext(deps),
      input: { email: form.email, role: form.role, actor: staffActor(c) },
    });
    const m = (await consoleView(c, deps)).m.users;
    return answer(c, { text: fill(m.created_, { email: user.email }), secret: generatedPassword });
  });

  const disable = createRoute({
    method: 'post',
    path: '/admin/users/{id}/disable',
    operationId: 'disableConsoleUser',
    summary: 'Disable a console account and end its sessions (admins only)',
    ...consoleAccess(deps, 'admin'),
    request: { params: UserIdParam, body: formBody(consoleForm({})) },
    responses: { 200: htmlContent('Disabled'), ...consolePageResponses },
  });
  router.openapi(disable, async (c) => {
    const ctx = domainContext(deps);
    const user = await findStaffUserById({ ctx, input: { id: c.req.valid('param').id } });
    if (!user) throw new AppError('not_found', 'no such account');
    const m = (await consoleView(c, deps)).m.users;
    // An admin who disabled themselves would be locked out mid-sentence.
    if (user.id === c.get('staff')?.user.id) throw new AppError('conflict', m.notYourself);
    await disableStaffUser({ ctx, input: { email: user.email, actor: staffActor(c) } });
    return answer(c, { text: fill(m.disabledDone, { email: user.email }) });
  });
}
