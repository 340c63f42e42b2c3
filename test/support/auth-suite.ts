// One authentication suite for every operation the OpenAPI document marks as secured, so a new
// route is covered the day it is declared. Bodies are left empty: authentication must answer
// before validation does.
import { describe, expect, it } from 'vitest';
import type { ApiKeyScope } from '../../src/db/schema';
import type { TestEnv } from './harness';

export interface SecuredOperation {
  operationId: string;
  method: string;
  /** The path with plausible values in its parameters. */
  url: string;
  /** The security schemes the operation accepts (any one of them). */
  schemes: string[];
  /** Key scopes it accepts besides `admin`, which is accepted everywhere a key is. */
  scopes: ApiKeyScope[];
}

interface OpenApiOperation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ name: string; in: string; schema?: { example?: unknown } }>;
}

/** Every operation with a non-empty `security`; `scopesBeyondAdmin` by operationId. */
export function securedOperations(
  doc: { paths?: Record<string, object | undefined> },
  scopesBeyondAdmin: Record<string, ApiKeyScope[]>,
): SecuredOperation[] {
  const operations: SecuredOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, value] of Object.entries(item ?? {})) {
      const op = value as OpenApiOperation;
      const schemes = (op.security ?? []).flatMap((requirement) => Object.keys(requirement));
      if (schemes.length === 0) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const param = op.parameters?.find((p) => p.in === 'path' && p.name === name);
        return encodeURIComponent(String(param?.schema?.example ?? `${name}_x`));
      });
      const operationId = op.operationId ?? `${method} ${path}`;
      operations.push({
        operationId,
        method: method.toUpperCase(),
        url,
        schemes,
        scopes: scopesBeyondAdmin[operationId] ?? [],
      });
    }
  }
  return operations;
}

const NON_ADMIN_SCOPES: ApiKeyScope[] = ['presend', 'links'];

/** A key for each scope on its own, and an admin key that has been revoked. */
export interface SuiteKeys {
  scoped: Record<ApiKeyScope, string>;
  revoked: string;
}

export async function makeSuiteKeys(env: TestEnv): Promise<SuiteKeys> {
  const scoped = {} as Record<ApiKeyScope, string>;
  for (const scope of ['admin', ...NON_ADMIN_SCOPES] as ApiKeyScope[]) {
    const res = await env.api('POST', '/v1/keys', { name: `${scope} key`, scopes: [scope] });
    scoped[scope] = ((await res.json()) as { secret: string }).secret;
  }
  const made = await env.api('POST', '/v1/keys', { name: 'revoked admin key', scopes: ['admin'] });
  const { id, secret } = (await made.json()) as { id: string; secret: string };
  const revoke = await env.api('DELETE', `/v1/keys/${id}`);
  if (revoke.status !== 200) throw new Error(`revoking the suite's key: ${revoke.status}`);
  return { scoped, revoked: secret };
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Refused before anything else looks at the request. */
async function expectRefused(res: Response, status: 401 | 403) {
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ error: { code: status === 401 ? 'unauthorized' : 'forbidden' } });
  if (status === 401) {
    expect(res.headers.get('www-authenticate')).toMatch(/^(Bearer|Webhook-Signature) realm="mailprefs"/);
  }
}

const KEY_CHALLENGE = 'Bearer realm="mailprefs"';
const SIGNATURE_CHALLENGE = 'Webhook-Signature realm="mailprefs"';

/** Past authentication: whatever the answer is (400, 404, 415…), it is not a refusal. */
function expectAccepted(res: Response) {
  expect([401, 403]).not.toContain(res.status);
}

export function describeAuthSuite(env: () => TestEnv, keys: () => SuiteKeys, operations: SecuredOperation[]) {
  const call = (op: SecuredOperation, headers: Record<string, string> = {}) =>
    env().app.request(op.url, { method: op.method, headers });

  describe.each(operations.map((op) => [`${op.method} ${op.url} (${op.operationId})`, op] as const))(
    '%s is protected',
    (_, op) => {
      const takesKeys = op.schemes.includes('bearer');
      const signed = op.schemes.filter((s) => s !== 'bearer');

      // The challenges name what the operation accepts: a key, a signature, or either.
      const challenges = [
        ...(takesKeys ? [KEY_CHALLENGE] : []),
        ...(signed.length ? [SIGNATURE_CHALLENGE] : []),
      ];

      it('answers 401 with WWW-Authenticate in the envelope without credentials', async () => {
        const res = await call(op);
        await expectRefused(res, 401);
        expect(res.headers.get('www-authenticate')).toBe(challenges.join(', '));
      });

      it('answers 401 for a wrong or malformed key', async () => {
        for (const key of ['mp_wrong', 'test-admin-key-0123456788', "' OR 1=1 --"]) {
          const res = await call(op, bearer(key));
          await expectRefused(res, 401);
          const challenge = res.headers.get('www-authenticate');
          if (takesKeys) expect(challenge).toMatch(/^Bearer realm="mailprefs", error="invalid_token"/);
          else expect(challenge).toBe(SIGNATURE_CHALLENGE);
        }
        await expectRefused(await call(op, { authorization: 'Basic YWRtaW46YWRtaW4=' }), 401);
      });

      it('answers 401 for a revoked key', async () => {
        await expectRefused(await call(op, bearer(keys().revoked)), 401);
      });

      if (signed.length > 0) {
        it(`answers 401 for a forged signature (${signed.join(', ')})`, async () => {
          const now = String(Math.floor(env().clock.now().getTime() / 1000));
          const forged = { id: 'msg_forged', timestamp: now, signature: 'v1,Zm9yZ2VkLXNpZ25hdHVyZQ==' };
          const headers: Record<string, string> = {};
          for (const prefix of ['webhook', 'svix']) {
            for (const [name, value] of Object.entries(forged)) headers[`${prefix}-${name}`] = value;
          }
          const res = await call(op, headers);
          await expectRefused(res, 401);
          expect(res.headers.get('www-authenticate')).toBe(SIGNATURE_CHALLENGE);
        });
      }

      if (takesKeys) {
        it('accepts an admin key', async () => {
          expectAccepted(await call(op, bearer(keys().scoped.admin)));
        });
        for (const scope of NON_ADMIN_SCOPES) {
          if (op.scopes.includes(scope)) {
            it(`accepts a key with the ${scope} scope`, async () => {
              expectAccepted(await call(op, bearer(keys().scoped[scope])));
            });
          } else {
            it(`answers 403 for a key with only the ${scope} scope`, async () => {
              await expectRefused(await call(op, bearer(keys().scoped[scope])), 403);
            });
          }
        }
      } else {
        it('refuses API keys, even an admin key: only its signature counts', async () => {
          await expectRefused(await call(op, bearer(keys().scoped.admin)), 401);
        });
      }
    },
  );
}
