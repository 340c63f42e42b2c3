// The webhook settings are parsed with the rest of the configuration, and the Node server's
// generated encryption key outlives a restart, so stored secrets stay readable.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE, parseConfig } from '../../src/config';
import { createEventsEnv, type EventsEnv, recordUnsubscribed } from '../support/events';
import { createContact } from '../support/harness';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../support/webhook-receiver';

describe('webhook settings', () => {
  it('default to the documented schedule, https only, 10 s and a 60 s lease', () => {
    const { webhooks, encryptionKey } = parseConfig({});
    expect(webhooks).toEqual({
      retrySchedule: [0, 5, 300, 1800, 7200, 18000, 36000, 36000],
      allowPrivateTargets: false,
      timeoutMs: 10_000,
      leaseMs: 60_000,
    });
    expect(DEFAULT_RETRY_SCHEDULE).toEqual(webhooks.retrySchedule);
    expect(encryptionKey).toBeUndefined();
  });

  it('reads WEBHOOK_RETRY_SCHEDULE as seconds and WEBHOOK_ALLOW_PRIVATE_TARGETS as a flag', () => {
    const { webhooks } = parseConfig({
      WEBHOOK_RETRY_SCHEDULE: ' 0, 30 ,600',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    });
    expect(webhooks.retrySchedule).toEqual([0, 30, 600]);
    expect(webhooks.allowPrivateTargets).toBe(true);
  });

  it.each([
    [
      { WEBHOOK_RETRY_SCHEDULE: '0,5m' },
      'WEBHOOK_RETRY_SCHEDULE: must be up to 50 comma-separated whole seconds',
    ],
    [{ WEBHOOK_RETRY_SCHEDULE: '-1' }, 'WEBHOOK_RETRY_SCHEDULE'],
    [{ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' }, 'WEBHOOK_ALLOW_PRIVATE_TARGETS'],
    [{ ENCRYPTION_KEY: 'too-short' }, 'ENCRYPTION_KEY'],
    [{ WEBHOOK_TIMEOUT_SECONDS: '30', WEBHOOK_LEASE_SECONDS: '20' }, 'WEBHOOK_LEASE_SECONDS: must be longer'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrowError(message);
  });
});

describe('the generated encryption key', () => {
  let first: EventsEnv | undefined;
  let second: EventsEnv | undefined;
  let receiver: WebhookReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    second?.close();
    first?.close();
  });

  it('is kept in data/secrets.json, so a restarted server still signs with the stored secret', async () => {
    receiver = await startWebhookReceiver();
    // Zero configuration: no keys in the environment, so all three are generated into the file.
    const env = { SIGNING_KEYS: '', SUPPRESSION_HASH_KEY: '', ENCRYPTION_KEY: '' };
    first = await createEventsEnv({ dispatch: false, env });
    const { secret } = await first.register(receiver.url);
    const stored = JSON.parse(readFileSync(join(dirname(first.dbPath), 'secrets.json'), 'utf8'));
    expect(stored.encryptionKey).toEqual(expect.any(String));
    expect(JSON.stringify(stored)).not.toContain(secret);

    second = await createEventsEnv({ dbPath: first.dbPath, env });
    await recordUnsubscribed(second, await createContact(second));
    const [hook] = await receiver.waitFor(1);
    expect(verifyWebhook(secret, hook)).toMatchObject({ type: 'contact.unsubscribed' });
  });
});
