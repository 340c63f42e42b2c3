// Presend keeps verified keys and topics for a few seconds (src/domain/read-cache.ts), and
// nothing else: a change through this server shows at once, one made elsewhere within
// READ_CACHE_TTL_MS, and the recipients' facts are read every time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domainContext } from '../../src/deps';
import { listApiKeys, revokeApiKey } from '../../src/domain/api-keys';
import { systemActor } from '../../src/domain/audit';
import { READ_CACHE_TTL_MS } from '../../src/domain/read-cache';
import { upsertTopic } from '../../src/domain/topic-changes';
import type { RunningServer } from '../../src/node/serve';
import { createKey, startTestServer, type TestEnv } from '../support/harness';
import { archiveTopic, contactWith, createTestEnv, createTopic } from './fixtures';

let env: TestEnv;
let server: RunningServer;

beforeAll(async () => {
  env = await createTestEnv();
  server = await startTestServer(env);
});
afterAll(async () => {
  await server.close();
  env.close();
});

const ask = (key: string, topic: string, email: string) =>
  fetch(`${server.url}/v1/presend`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ topic, email }),
  });

async function keyId(name: string): Promise<string> {
  const keys = await listApiKeys({ ctx: domainContext(env.deps) });
  return keys.find((k) => k.name === name)!.id;
}

describe('presend remembers keys and topics for a few seconds', () => {
  it('a key revoked through this server is refused by its very next presend call', async () => {
    const key = await createKey(env, ['presend'], 'revoked here');
    const topic = await createTopic(env);
    const email = await contactWith(env, { [topic]: 'subscribed' });
    expect((await ask(key, topic, email)).status).toBe(200);
    expect((await env.api('DELETE', `/v1/keys/${await keyId('revoked here')}`)).status).toBe(200);
    expect((await ask(key, topic, email)).status).toBe(401);
  });

  it(`a key revoked elsewhere (another process) is refused within ${READ_CACHE_TTL_MS / 1000} seconds`, async () => {
    const key = await createKey(env, ['presend'], 'revoked elsewhere');
    const topic = await createTopic(env);
    const email = await contactWith(env, { [topic]: 'subscribed' });
    expect((await ask(key, topic, email)).status).toBe(200);
    // Straight in the database, as the command line does from its own process.
    await revokeApiKey({ ctx: domainContext(env.deps), input: { id: await keyId('revoked elsewhere') } });
    env.clock.advance(READ_CACHE_TTL_MS + 1);
    expect((await ask(key, topic, email)).status).toBe(401);
  });

  it('a topic archived through this server is refused by the next call', async () => {
    const key = await createKey(env);
    const topic = await createTopic(env);
    const email = await contactWith(env, { [topic]: 'subscribed' });
    expect((await ask(key, topic, email)).status).toBe(200);
    await archiveTopic(env, topic);
    expect((await ask(key, topic, email)).status).toBe(409);
  });

  it(`a topic changed elsewhere is answered with the change within ${READ_CACHE_TTL_MS / 1000} seconds`, async () => {
    const key = await createKey(env);
    const topic = await createTopic(env);
    const email = await contactWith(env, { [topic]: 'subscribed' });
    expect((await ask(key, topic, email)).status).toBe(200);
    await upsertTopic({
      ctx: domainContext(env.deps),
      input: {
        key: topic,
        actor: systemActor,
        topic: { name: { en: 'Gone', nl: 'Weg' }, basis: 'consent', archived: true },
      },
    });
    env.clock.advance(READ_CACHE_TTL_MS + 1);
    expect((await ask(key, topic, email)).status).toBe(409);
  });

  it('a contact who unsubscribes is refused by the next call: facts are never kept', async () => {
    const key = await createKey(env);
    const topic = await createTopic(env);
    const email = await contactWith(env, { [topic]: 'subscribed' });
    expect(await (await ask(key, topic, email)).json()).toMatchObject({ send: true });
    await contactWith(env, { [topic]: 'unsubscribed' }, email);
    expect(await (await ask(key, topic, email)).json()).toMatchObject({
      send: false,
      reason: 'unsubscribed',
    });
  });
});
