// The webhook dispatcher's thread (threaded.ts starts it): the same dispatcher as in
// event-dispatcher.ts, on a database connection of its own, so its claims, its completion
// transactions, its waits for the write lock and the disk, the signing and the HTTP client all
// run beside the main thread instead of between its requests. What crosses is small: a wake
// after each commit, the forgetting of a deleted endpoint's secret, log lines, and stop.
import { parentPort, workerData } from 'node:worker_threads';
import { createConnectorRuntime } from '../../connectors/runtime';
import { embeddedPath, openNodeDatabase } from '../../db/node';
import { systemClock } from '../../domain/clock';
import { createOutboxSignal, notifyAfterCommit } from '../../domain/outbox-notifier';
import type { LogFields, Logger, LogLevel } from '../../logger';
import { startEventDispatcher } from '../event-dispatcher';
import { sharedRequestGauge } from '../request-gauge';
import { nodeWebhookRuntime } from '../webhook-runtime';
import { openPreparedOutboxStore } from './prepared-outbox-store';
import {
  type DispatcherAnswer,
  type DispatcherRequest,
  type DispatcherThreadData,
  STARTED,
} from './protocol';

const port = parentPort!;
const data = workerData as DispatcherThreadData;
const say = (answer: DispatcherAnswer) => port.postMessage(answer);

// Lines go to the main thread's logger, so they read (and are filtered) as the server's own.
const log =
  (level: LogLevel) =>
  (msg: string, fields?: LogFields): void =>
    say({ log: level, msg, fields });
const logger: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };

// The dispatcher never hashes an address, sends a mail or signs a link; these say so if it did.
const notHere = (what: string) => () => {
  throw new Error(`${what} is not available in the webhook dispatcher's thread`);
};

// A server stopped while this thread was still loading does not wait for it: if it went first,
// nothing is opened or claimed here and it ends the thread at once (threaded.ts).
if (Atomics.compareExchange(new Int32Array(data.state), 0, 0, STARTED) !== 0) {
  say({ stopped: true });
  await new Promise(() => {});
}

const database = await openNodeDatabase(data.url, data.authToken);
// The round's claim, event read and completion on a connection of their own, prepared once.
const path = embeddedPath(data.url);
const outboxStore = path ? openPreparedOutboxStore(path) : undefined;
const outbox = createOutboxSignal();
notifyAfterCommit(database.db, outbox);
const webhooks = nodeWebhookRuntime({ webhooks: data.webhooks }, data.encryptionKey);
const dispatcher = startEventDispatcher(
  {
    db: database.db,
    clock: systemClock,
    hasher: { hash: notHere('the suppression hash'), fingerprint: notHere('the suppression hash') },
    mailer: { send: notHere('mail') },
    links: { confirmUrl: notHere('links'), forRecipient: notHere('links') },
    logger,
    config: { webhooks: data.webhooks },
    webhooks,
    connectors: createConnectorRuntime(webhooks.checkTargetUrl),
    outbox,
    outboxStore,
  },
  { ...data.options, yieldTo: data.gauge ? sharedRequestGauge(data.gauge) : undefined },
);

port.on('message', (request: DispatcherRequest) => {
  if ('wake' in request) outbox.committed([]);
  else if ('forget' in request) webhooks.secretBox?.forget?.(request.forget);
  else if ('idle' in request) void dispatcher.idle().then(() => say({ idle: request.idle }));
  else if ('stop' in request) {
    void dispatcher.stop().then(() => {
      outboxStore?.close();
      database.close();
      say({ stopped: true });
    });
  }
});
say({ ready: true });
