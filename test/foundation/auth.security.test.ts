// Every operation the OpenAPI document marks as secured runs through the shared auth suite; the
// only hand-kept facts are which operations take a key scope other than admin.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyScope } from '../../src/db/schema';
import { describeAuthSuite, makeSuiteKeys, type SuiteKeys, securedOperations } from '../support/auth-suite';
import { createTestEnv } from '../support/harness';

const secret = () => `whsec_${randomBytes(24).toString('base64')}`;
// Both webhook secrets are set, so a signed route refuses a bad signature rather than answer 503.
const env = await createTestEnv({
  env: { PRESEND_WEBHOOK_SECRET: secret(), RESEND_WEBHOOK_SECRET: secret() },
});
afterAll(() => env.close());
let keys: SuiteKeys;
beforeAll(async () => {
  keys = await makeSuiteKeys(env);
});

const scopesBeyondAdmin: Record<string, ApiKeyScope[]> = {
  checkPresend: ['presend'],
  createLinks: ['links'],
  createLinksBatch: ['links'],
};
const document = env.app.getOpenAPI31Document({
  openapi: '3.1.0',
  info: { title: 'mailprefs', version: '1' },
});
// Console pages and forms take the session cookie, not keys: test/console/access.security.test.ts.
const operations = securedOperations(document, scopesBeyondAdmin).filter(
  (op) => !op.schemes.includes('consoleSession'),
);

describe('the secured operations', () => {
  it('are every operation the document gives a security requirement', () => {
    const ids = operations.map((op) => op.operationId);
    expect(ids).toEqual(expect.arrayContaining(['upsertTopic', 'getPresendStats', 'receiveResendEvent']));
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const id of Object.keys(scopesBeyondAdmin)) expect(ids).toContain(id);
  });
});

describeAuthSuite(
  () => env,
  () => keys,
  operations,
);

describe('responses', () => {
  it('never set cookies and always carry nosniff and a request id', async () => {
    const res = await env.api('GET', '/v1/topics');
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });
});
