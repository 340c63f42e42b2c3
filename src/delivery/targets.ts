// Opens the target a delivery goes to, by its type and id, with the capabilities it needs (the
// secret box to read its secrets, the sender or the connector runtime to reach it).
import { openConnector } from '../connectors/open';
import type { ConnectorRuntime } from '../connectors/runtime';
import { connectorTarget } from '../connectors/target';
import type { SecretBox } from '../crypto/secret-box';
import type { DeliveryTargetType } from '../db/schema';
import { findConnector } from '../domain/connectors';
import type { DbOrTx } from '../domain/context';
import type { DeliveryTarget } from '../domain/delivery-target';
import { forgetSecrets, requireWebhookEndpoint, signingSecrets } from '../domain/webhook-endpoints';
import type { HttpSender } from './http-sender';
import { webhookTarget } from './webhook-target';

export interface TargetDeps {
  db: DbOrTx;
  clock: { now(): Date };
  secretBox?: SecretBox;
  sender: HttpSender;
  timeoutMs: number;
  connectors?: ConnectorRuntime;
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
      // Deleted or disabled elsewhere (another process): its opened secret goes too.
      if (!endpoint) {
        forgetSecrets(deps.secretBox, id);
        return { problem: 'the endpoint no longer exists', lasting: true };
      }
      if (!endpoint.enabled) {
        forgetSecrets(deps.secretBox, id);
        return { problem: 'the endpoint is disabled', lasting: true };
      }
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
    case 'connector': {
      const connector = await findConnector(deps.db, id);
      if (!connector) return { problem: 'the connector no longer exists', lasting: true };
      if (!connector.enabled) return { problem: 'the connector is disabled', lasting: true };
      if (!deps.secretBox) return { problem: 'ENCRYPTION_KEY is not set', lasting: false };
      if (!deps.connectors) return { problem: 'connectors are not available here', lasting: false };
      try {
        const open = await openConnector({ ...deps, connectors: deps.connectors }, connector);
        return connectorTarget(open, { db: deps.db, now: () => deps.clock.now() });
      } catch {
        return { problem: 'the credentials do not open with the configured key', lasting: false };
      }
    }
  }
}
