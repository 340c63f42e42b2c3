// A connector on the Worker, bundled by wrangler as it deploys and run in workerd (Miniflare)
// with a real local Queue: an opt-out committed by a request goes through the queue to the
// Brevo stand-in, and Brevo's own unsubscribe webhook, received by the Worker, stops presend.
import type { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrevoStandIn, startBrevoStandIn } from '../support/brevo-stand-in';
import { eventually } from '../support/events';
import { type AdminCall, type BuiltWorker, startOutboundWorker } from '../support/worker-harness';

let worker: BuiltWorker;
let mf: Miniflare;
let call: AdminCall;
let brevo: BrevoStandIn;

beforeAll(async () => {
  brevo = await startBrevoStandIn();
  ({ worker, mf, call } = await startOutboundWorker('worker-connectors'));
}, 120_000);

afterAll(async () => {
  await worker?.close();
  await brevo?.close();
});

describe('a connector on the Worker', () => {
  it('pushes an opt-out through the queue to the tool, and takes the tool’s own opt-out back', async () => {
    expect(
      (await call('PUT', '/v1/topics/news', { name: { en: 'News', nl: 'Nieuws' }, basis: 'consent' })).status,
    ).toBeLessThan(300);
    const created = await call('POST', '/v1/connectors', {
      type: 'brevo',
      name: 'Brevo',
      credentials: { api_key: brevo.apiKey },
      api_base: brevo.apiBase,
      settings: { topics: { news: { list_id: 7 } } },
    });
    expect(created.status).toBe(201);
    const connector = (await created.json()) as { id: string; inbound_url: string };
    const consent = { source: 'website', text: 'Yes, send me news' };
    for (const email of ['first@example.nl', 'second@example.nl']) {
      const made = await call('POST', '/v1/contacts', {
        email,
        subscriptions: { news: 'subscribed' },
        consent,
      });
      expect(made.status).toBeLessThan(300);
      brevo.add({ email, listIds: [7] });
    }

    const res = await call('POST', `/v1/contacts/${encodeURIComponent('first@example.nl')}/unsubscribe`, {
      topic: 'news',
      source: 'phone',
    });
    expect(res.status).toBe(200);
    await eventually(() => expect(brevo.contacts.get('first@example.nl')?.listIds).toEqual([]), 20_000);
    const push = brevo.handled.find((c) => c.method === 'PUT');
    expect(push).toMatchObject({ path: '/v3/contacts/first@example.nl', body: { unlinkListIds: [7] } });

    const inbound = await mf.dispatchFetch(connector.inbound_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'unsubscribed', email: 'second@example.nl' }),
    });
    expect(await inbound.json()).toMatchObject({ received: true, applied: 1 });
    const verdict = await call('POST', '/v1/presend', { topic: 'news', email: 'second@example.nl' });
    expect(await verdict.json()).toMatchObject({ send: false, reason: 'unsubscribed' });
  });
});
