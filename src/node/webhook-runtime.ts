// Webhook sealing, target checks and sending for Node: built by the server's dependencies and,
// on its own, by the webhook dispatcher's thread (dispatcher/thread.ts), which so loads only this.
import { lookup } from 'node:dns/promises';
import type { Config } from '../config';
import { cachingSecretBox, createSecretBox } from '../crypto/secret-box';
import { createTargetUrlCheck } from '../delivery/target-check';
import type { WebhookRuntime } from '../deps';
import { createNodeWebhookSender } from './webhook-sender';

export function nodeWebhookRuntime(
  config: Pick<Config, 'webhooks'>,
  encryptionKey: string | undefined,
): WebhookRuntime {
  const rules = { allowPrivate: config.webhooks.allowPrivateTargets };
  return {
    // The process opens each endpoint's secret once (src/crypto/secret-box.ts says when again).
    secretBox: encryptionKey ? cachingSecretBox(createSecretBox(encryptionKey), ['webhook:']) : undefined,
    checkTargetUrl: createTargetUrlCheck(rules, async (host) =>
      (await lookup(host, { all: true, verbatim: true })).map((a) => a.address),
    ),
    sender: createNodeWebhookSender(rules),
  };
}
