// Opens the target a delivery goes to, by its type and id, with the capabilities it needs (the
// secret box to read its secrets, the sender to reach it). Connectors will add their kind here.
import type { SecretBox } from '../crypto/secret-box';
import type { DeliveryTargetType } from '../db/schema';
import type { DbOrTx } from '../domain/context';
import type { DeliveryTarget } from '../domain/delivery-target';
import { requireWebhookEndpoint, signingSecrets } from '../domain/webhook-endpoints';
import type { HttpSender } from './http-sender';
import { webhookTarget } from './webhook-target';

export interface TargetDeps {
  db: DbOrTx;
  clock: { now(): Date };
  secretBox?: SecretBox;
  sender: HttpSender;
  timeoutMs: number;
}

/** Why a target cannot be sent to now; `lasting` when waiting will not change it. */
export interface TargetProblem {
  problem: string;
  lasting: boolean;
}

/** The target, or why it cannot be sent to (gone, disabled, its secret unreadable). */
export async function openTarget(
  deps: TargetDeps,
  type: DeliveryTargetType,
  id: string,
): Promise<DeliveryTarget | TargetProblem> {
  switch (type) {
    case 'webhook': {
      const endpoint = await requireWebhookEndpoint({ ctx: deps, input: id }).catch(() => undefined);
      if (!endpoint) return { problem: 'the endpoint no longer exists', lasting: true };
      if (!endpoint.enabled) return { problem: 'the endpoint is disabled', lasting: true };
      // A configuration mistake: the schedule's retries give the operator time to fix it.
      if (!deps.secretBox) return { problem: 'ENCRYPTION_KEY is not set', lasting: false };
      let secrets: string[];
      try {
        secrets = await signingSecrets(deps.secretBox, endpoint, deps.clock.now());
      } catch {
        return { problem: 'the signing secret does not open with the configured key', lasting: false };
      }
      return webhookTarget({
        url: endpoint.url,
        secrets,
        sender: deps.sender,
        timeoutMs: deps.timeoutMs,
        now: () => deps.clock.now(),
      });
    }
  }
}
