// Staff record the customer relationship that soft opt-in rests on: `customer_since` and
// `customer_until` through POST /v1/contacts, shown wherever the contact is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createTestEnv, type TestEnv, uniqueEmail } from '../support/harness';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

interface ContactBody {
  customer_since: string | null;
  customer_until: string | null;
}

const upsert = (body: Record<string, unknown>) => env.api('POST', '/v1/contacts', body);

async function read(email: string) {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  return { status: res.status, body: (await res.json()) as ContactBody };
}

async function expectInvalid(res: Response, field: string) {
  expect(res.status).toBe(400);
  const body = (await res.json()) as { error: { code: string; details: Array<{ field: string }> } };
  expect(body.error.code).toBe('validation_failed');
  expect(body.error.details[0].field).toBe(field);
}

describe('customer dates on a contact', () => {
  it('are set, shown by GET and in the data export, and null for a contact who is no customer', async () => {
    const email = uniqueEmail('customer');
    const res = await upsert({ email, customer_since: '2023-04-01', customer_until: '2025-03-31' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ customer_since: '2023-04-01', customer_until: '2025-03-31' });
    expect((await read(email)).body).toMatchObject({
      customer_since: '2023-04-01',
      customer_until: '2025-03-31',
    });
    const exported = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}/export`);
    expect(((await exported.json()) as { contact: ContactBody }).contact).toMatchObject({
      customer_since: '2023-04-01',
      customer_until: '2025-03-31',
    });
    const other = await createContact(env);
    expect((await read(other.email)).body).toMatchObject({ customer_since: null, customer_until: null });
  });

  it('are kept when absent, cleared by an explicit null, and may be completed one at a time', async () => {
    const email = uniqueEmail('customer');
    await upsert({ email, customer_since: '2022-01-10' });
    // Another update that says nothing about the relationship keeps it.
    expect((await upsert({ email, locale: 'nl' })).status).toBe(200);
    expect((await read(email)).body).toMatchObject({ customer_since: '2022-01-10', customer_until: null });
    // The relationship ends: only the end date is sent.
    expect((await upsert({ email, customer_until: '2026-01-01' })).status).toBe(200);
    expect((await read(email)).body).toMatchObject({
      customer_since: '2022-01-10',
      customer_until: '2026-01-01',
    });
    // A customer again: the end is cleared.
    expect((await upsert({ email, customer_until: null })).status).toBe(200);
    expect((await read(email)).body).toMatchObject({ customer_since: '2022-01-10', customer_until: null });
    expect((await upsert({ email, customer_since: null })).status).toBe(200);
    expect((await read(email)).body).toMatchObject({ customer_since: null, customer_until: null });
  });

  it('must be real dates written YYYY-MM-DD', async () => {
    for (const since of ['2024-02-30', '01-03-2024', '2024-03-01T00:00:00Z', '', 20240301]) {
      await expectInvalid(await upsert({ email: uniqueEmail(), customer_since: since }), 'customer_since');
    }
    await expectInvalid(
      await upsert({ email: uniqueEmail(), customer_since: '2024-03-01', customer_until: 'soon' }),
      'customer_until',
    );
  });

  it('refuse an end before the start, or without one, and store nothing then', async () => {
    const email = uniqueEmail('customer');
    await expectInvalid(
      await upsert({ email, customer_since: '2024-03-01', customer_until: '2024-02-29' }),
      'customer_until',
    );
    await expectInvalid(await upsert({ email, customer_until: '2024-02-29' }), 'customer_until');
    // The contact was not even created.
    expect((await read(email)).status).toBe(404);

    await upsert({ email, customer_since: '2024-03-01', customer_until: '2024-06-30' });
    // A start moved after the stored end, or a start cleared under a stored end, is refused too.
    await expectInvalid(await upsert({ email, customer_since: '2024-07-01' }), 'customer_until');
    await expectInvalid(await upsert({ email, customer_since: null }), 'customer_until');
    expect((await read(email)).body).toMatchObject({
      customer_since: '2024-03-01',
      customer_until: '2024-06-30',
    });
    // The same day for both is a relationship of one day.
    expect((await upsert({ email, customer_since: '2024-06-30' })).status).toBe(200);
  });

  it('are described in the OpenAPI document as nullable dates', async () => {
    const doc = (await (await env.api('GET', '/openapi.json', undefined, { key: null })).json()) as {
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const upsertSchema = JSON.stringify(doc.components.schemas.ContactUpsert.properties.customer_since);
    expect(upsertSchema).toContain('"format":"date"');
    expect(upsertSchema).toContain('null');
    expect(doc.components.schemas.Contact.properties).toHaveProperty('customer_until');
  });
});
