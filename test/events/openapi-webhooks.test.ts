// The outbound events are declared in /openapi.json under `webhooks` (OpenAPI 3.1), from the
// same zod schemas that type what is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventEnvelopeSchema, subscribableEventTypes } from '../../src/domain/event-types';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
// biome-ignore lint/suspicious/noExplicitAny: a JSON document
let doc: any;

beforeAll(async () => {
  env = await createTestEnv();
  doc = await (await env.app.request('/openapi.json')).json();
});
afterAll(() => env.close());

describe('the OpenAPI webhooks section', () => {
  it('declares every event type with its body and the Standard Webhooks headers', () => {
    expect(doc.openapi).toMatch(/^3\.1/);
    expect(Object.keys(doc.webhooks).sort()).toEqual([...subscribableEventTypes, 'webhook.test'].sort());
    for (const type of Object.keys(doc.webhooks)) {
      const op = doc.webhooks[type].post;
      expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
        'header:webhook-id',
        'header:webhook-timestamp',
        'header:webhook-signature',
      ]);
      const ref = op.requestBody.content['application/json'].schema.$ref as string;
      const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
      expect(schema.properties.type).toEqual({ type: 'string', enum: [type] });
      expect(schema.required).toEqual(['type', 'timestamp', 'data']);
    }
  });

  it('describes each data shape as the code sends it', () => {
    const unsubscribed = doc.components.schemas.ContactUnsubscribedEvent.properties.data;
    expect(unsubscribed.properties.topic.type).toEqual(['string', 'null']);
    expect(unsubscribed.required).toEqual(
      expect.arrayContaining(['contact_id', 'email', 'topic', 'source', 'occurred_at']),
    );
    expect(unsubscribed.required).not.toContain('campaign');
    const suppressed = doc.components.schemas.ContactSuppressedEvent.properties.data;
    expect(suppressed.properties.reason.enum).toEqual(['bounced', 'complained', 'erased']);
    const topic = doc.components.schemas.TopicUpdatedEvent.properties.data;
    expect(topic.properties.previous_basis.enum).toEqual(['consent', 'legitimate_interest', null]);
    // The schema the document was made from accepts what is sent, and refuses a wrong type.
    const body = {
      type: 'contact.unsubscribed',
      timestamp: '2026-01-15T10:00:00.000Z',
      data: {
        contact_id: 'c_1',
        email: 'jan@example.nl',
        topic: null,
        source: 'one-click',
        occurred_at: '2026-01-15T10:00:00.000Z',
      },
    };
    expect(eventEnvelopeSchema('contact.unsubscribed').parse(body)).toEqual(body);
    expect(eventEnvelopeSchema('contact.subscribed').safeParse(body).success).toBe(false);
  });

  it('lists the admin operations for endpoints apart from the inbound Resend webhook', () => {
    expect(doc.paths['/v1/webhooks'].post.tags).toEqual(['Webhook endpoints']);
    expect(doc.paths['/v1/webhooks/{id}/deliveries/{delivery_id}/retry'].post.security).toEqual([
      { bearer: [] },
    ]);
    expect(doc.paths['/webhooks/resend'].post.tags).toEqual(['Webhooks']);
  });
});
