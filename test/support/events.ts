// Helpers for outbound-event tests: an app whose webhooks may reach 127.0.0.1, on a clock that
// runs with real time (receivers check webhook-timestamp against their own clock) and can be
// moved ahead, with the Node dispatcher running.
import { eq } from 'drizzle-orm';
import { deliveryAttempts, eventDeliveries, outboxEvents } from '../../src/db/schema';
import { recordEvent } from '../../src/domain/events';
import type { OutboxStore } from '../../src/domain/outbox-store';
import type { Logger } from '../../src/logger';
import { openPreparedOutboxStore } from '../../src/node/dispatcher/prepared-outbox-store';
import { startThreadedDispatcher } from '../../src/node/dispatcher/threaded';
import { type EventDispatcher, startEventDispatcher } from '../../src/node/event-dispatcher';
import type { TestClock } from './clock';
import { createTestEnv, type TestEnv } from './harness';

/** A clock that follows real time; `advance` and `set` move it relative to it. */
export function realTimeClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    set: (date) => {
      offset = new Date(date).getTime() - Date.now();
    },
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface EventsEnv extends TestEnv {
  dispatcher: EventDispatcher;
  /** The store the dispatcher runs the outbox's SQL on, when not drizzle's. */
  outboxStore?: OutboxStore;
  /** Registers an endpoint through the API and returns its id and secret. */
  register(url: string, body?: Record<string, unknown>): Promise<{ id: string; secret: string }>;
}

export async function createEventsEnv(
  opts: {
    env?: Record<string, string>;
    dbPath?: string;
    /** false: no dispatcher; 'thread': the server's, in a thread of its own (on real time). */
    dispatch?: boolean | 'thread';
    /** 'prepared': the in-process dispatcher on the dispatcher thread's store of the outbox's SQL. */
    store?: 'drizzle' | 'prepared';
    logger?: Logger;
  } = {},
): Promise<EventsEnv> {
  const env = await createTestEnv({
    clock: realTimeClock(),
    dbPath: opts.dbPath,
    logger: opts.logger,
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_RETRY_SCHEDULE: '0,1,1', ...opts.env },
  });
  const outboxStore = opts.store === 'prepared' ? openPreparedOutboxStore(env.dbPath) : undefined;
  const dispatcher =
    opts.dispatch === false
      ? { wake() {}, idle: async () => {}, stop: async () => {} }
      : opts.dispatch === 'thread'
        ? startThreadedDispatcher(env.deps, {
            url: `file:${env.dbPath}`,
            encryptionKey: env.config.encryptionKey,
            pollMs: 200,
          })
        : startEventDispatcher({ ...env.deps, outboxStore }, { pollMs: 200 });
  const close = env.close;
  return {
    ...env,
    dispatcher,
    async register(url, body = {}) {
      const res = await env.api('POST', '/v1/webhooks', { url, ...body });
      if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
      return (await res.json()) as { id: string; secret: string };
    },
    outboxStore,
    close: () => {
      void dispatcher.stop().finally(() => outboxStore?.close());
      close();
    },
  };
}

export async function deliveriesOf(env: TestEnv, eventId: number) {
  return env.deps.db.select().from(eventDeliveries).where(eq(eventDeliveries.eventId, eventId));
}

export async function attemptsOf(env: TestEnv, deliveryId: number) {
  return env.deps.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, deliveryId));
}

export async function eventRow(env: TestEnv, eventId: number) {
  const [row] = await env.deps.db.select().from(outboxEvents).where(eq(outboxEvents.id, eventId));
  return row;
}

/** Waits until `check` passes (or throws its last failure after `timeoutMs`). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

/** Records a contact.unsubscribed event the way a change does: in its own transaction. */
export async function recordUnsubscribed(
  env: TestEnv,
  contact: { id: string; email: string },
  topic: string | null = 'news',
): Promise<number | null> {
  return env.deps.db.transaction((tx) =>
    recordEvent(tx, {
      type: 'contact.unsubscribed',
      at: env.clock.now(),
      data: { contact_id: contact.id, email: contact.email, topic, source: 'one-click' },
    }),
  );
}

/** A logger that keeps its lines, to check what was said (and that nothing personal was). */
export function capturingLogger(): Logger & {
  lines: Array<{ level: string; msg: string; fields?: object }>;
} {
  const lines: Array<{ level: string; msg: string; fields?: object }> = [];
  const at = (level: string) => (msg: string, fields?: object) => void lines.push({ level, msg, fields });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
