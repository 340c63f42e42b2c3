// Someone who stopped mail and later signs up again on a brand's website form: the confirmed
// sign-up is a new, explicit opt-in for the topic asked for, at that brand only. Until it is
// confirmed nothing restarts; after it, the other brand stays stopped if they stopped it.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { choices, openPage, postForm } from '../preferences/support';
import { confirmPath, mailsTo, postJson } from '../subscribe/support';
import { createContact, createTestEnv, type TestEnv } from '../support/harness';
import { twoBrands, verdict } from './support';

let env: TestEnv;
let topics: { itcare: string; cloudcare: string };
beforeEach(async () => {
  env?.close();
  env = await createTestEnv();
  topics = await twoBrands(env);
});
afterAll(() => env.close());

async function stopped(choice: 'unsubscribe-all' | 'unsubscribe-every-brand') {
  const person = await createContact(env, {
    subscriptions: { [topics.itcare]: 'subscribed', [topics.cloudcare]: 'subscribed' },
  });
  const token = await env.deps.signer.sign({
    purpose: 'preferences',
    contactId: person.id,
    topic: null,
    brand: 'itcare',
  });
  const res = await postForm(env, `/p/${token}`, choices(await openPage(env, token), [], choice));
  expect(res.status).toBe(200);
  return person;
}

async function signUpAndConfirm(email: string, topic: string) {
  expect((await postJson(env, { email, topics: [topic] })).status).toBe(202);
  const [mail] = mailsTo(env, email).filter((m) => m.kind === 'confirm');
  expect(mail).toBeDefined();
  // Not yet: a sign-up that is not confirmed restarts nothing.
  expect(await verdict(env, topic, email)).toMatchObject({ send: false });
  const done = await env.app.request(confirmPath(mail), { method: 'POST' });
  expect(done.status).toBe(200);
}

describe('a confirmed sign-up after stopping', () => {
  it('everything at ITcare: ITcare’s topic mails again, CloudCare was never stopped', async () => {
    const person = await stopped('unsubscribe-all');
    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({ reason: 'unsubscribed_all' });
    await signUpAndConfirm(person.email, topics.itcare);
    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({ send: true });
    expect(await verdict(env, topics.cloudcare, person.email)).toMatchObject({ send: true });
  });

  it('every brand: ITcare’s topic mails again, CloudCare stays stopped', async () => {
    const person = await stopped('unsubscribe-every-brand');
    await signUpAndConfirm(person.email, topics.itcare);
    expect(await verdict(env, topics.itcare, person.email)).toMatchObject({ send: true });
    expect(await verdict(env, topics.cloudcare, person.email)).toMatchObject({
      send: false,
      reason: 'unsubscribed_all',
    });
  });
});
