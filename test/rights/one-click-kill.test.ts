// An acknowledged unsubscribe survives a crash: one-click opt-outs arrive in a burst (group
// commit batches them, src/node/group-commit.ts), the server is killed with -9 in the middle,
// and every opt-out it answered 200 is in the database with its consent-trail entry and its
// outbox event.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, ENCRYPTION_KEY, SIGNING_KEYS, SUPPRESSION_KEY } from '../support/harness';
import { seedOneClickContacts, unsubscribedOf } from '../support/one-click-seed';
import { spawnServer } from '../support/spawn-server';

const dir = mkdtempSync(join(tmpdir(), 'mailprefs-one-click-kill-'));
const env = {
  DATABASE_URL: `file:${join(dir, 'kill.db')}`,
  ADMIN_API_KEY: ADMIN_KEY,
  SIGNING_KEYS,
  SUPPRESSION_HASH_KEY: SUPPRESSION_KEY,
  ENCRYPTION_KEY,
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  RETENTION_INTERVAL_MINUTES: '0',
  LOG_LEVEL: 'error',
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one-click unsubscribes and a kill -9', () => {
  it('loses none of the unsubscribes the server acknowledged before it was killed', async () => {
    // An endpoint that listens for contact.unsubscribed, on a port nobody answers: events are
    // written (and wait for delivery), which is what this test looks for.
    const people = await seedOneClickContacts(env, {
      dataDir: dir,
      count: 120,
      webhookUrl: 'http://127.0.0.1:9/hook',
    });
    const server = await spawnServer(env);
    const acknowledged: string[] = [];
    const exited = new Promise<void>((resolve) => {
      const watch = setInterval(() => {
        try {
          process.kill(server.pid, 0);
        } catch {
          clearInterval(watch);
          resolve();
        }
      }, 20);
    });
    // All at once, so they queue for the writer; killed once a third have been answered.
    await Promise.all(
      people.map(async ({ contactId, path }) => {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }).catch(() => undefined);
        if (res?.status !== 200) return;
        acknowledged.push(contactId);
        if (acknowledged.length === 40) process.kill(server.pid, 'SIGKILL');
      }),
    );
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(40);

    const found = await unsubscribedOf(env, { dataDir: dir, contactIds: acknowledged });
    const lost = acknowledged.filter(
      (id) => !found.unsubscribed.has(id) || !found.trailed.has(id) || !found.evented.has(id),
    );
    expect(lost).toEqual([]);
  }, 60_000);
});
