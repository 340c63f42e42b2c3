// Every console page and form the OpenAPI document declares runs through the session suite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv } from '../support/harness';
import {
  consoleOperations,
  describeSessionSuite,
  makeSuiteUsers,
  type SuiteUsers,
} from '../support/session-suite';

const env = await createTestEnv();
afterAll(() => env.close());
let users: SuiteUsers;
beforeAll(async () => {
  users = await makeSuiteUsers(env);
});

const document = env.app.getOpenAPI31Document({
  openapi: '3.1.0',
  info: { title: 'mailprefs', version: '1' },
});
const operations = consoleOperations(document);

describe('the console operations', () => {
  it('are every page and form under /admin but the sign-in', () => {
    const ids = operations.map((op) => op.operationId);
    expect(ids).toEqual(expect.arrayContaining(['showConsoleHome', 'consoleLogout']));
    expect(ids).not.toContain('consoleLogin');
    const adminPaths = Object.keys(document.paths ?? {}).filter((p) => p.startsWith('/admin'));
    const declared = new Set(operations.map((op) => op.url.split('/').slice(0, 3).join('/')));
    for (const path of adminPaths.filter((p) => p !== '/admin/login')) {
      expect(declared.has(path.split('/').slice(0, 3).join('/'))).toBe(true);
    }
  });
});

describeSessionSuite(
  () => env,
  () => users,
  operations,
);
