// An inbound call from a tool: `…/webhooks/connectors/{id}/{secret}`. A wrong id or secret is
// 404 and changes nothing. The tool parses the call (verifying a signature or token where it
// has one) into opt-outs and suppressions only, which are applied with the tool as the trail
// source and the connector as the origin, so the outbound event never goes back to it. A
// replay finds nothing left to change.
import { constantTimeEqual } from '../crypto/random';
import { type Connector, findConnector, logActivity } from '../domain/connectors';
import { findContactByEmail } from '../domain/contacts';
import { withTransaction } from '../domain/context';
import { AppError } from '../domain/errors';
import { setPreferences } from '../domain/preferences';
import { addSuppression } from '../domain/suppressions';
import { listTopics } from '../domain/topics';
import { ToolHttpError } from './http';
import type { ConnectorContext } from './manage';
import { inboundSecretContext, openConnector, requireSecretBox } from './open';
import type { InboundChange, InboundRequest } from './types';

export interface InboundSummary {
  received: true;
  applied: number;
  unchanged: number;
  ignored: number;
}

/** The connector the URL names, or 404: the same answer for a wrong id and a wrong secret. */
export async function connectorForInbound(
  ctx: ConnectorContext,
  id: string,
  secret: string,
): Promise<Connector> {
  const connector = await findConnector(ctx.db, id);
  const box = requireSecretBox(ctx.secretBox);
  const expected = connector
    ? await box.open(connector.inboundSecret, inboundSecretContext(connector.id)).catch(() => null)
    : null;
  if (!connector || !expected || !constantTimeEqual(expected, secret))
    throw new AppError('not_found', 'not found');
  return connector;
}

type Applied = 'applied' | 'unchanged' | 'unknown contact';

/** Applies one opt-out or suppression; never opts anyone in. */
export async function applyInboundChange(
  ctx: ConnectorContext,
  connector: Pick<Connector, 'id'>,
  source: string,
  change: Extract<InboundChange, { kind: 'opt_out' | 'suppress' }>,
): Promise<Applied> {
  const consent = { source, origin: connector.id, note: change.what };
  if (change.kind === 'suppress') {
    const listed = await addSuppression({
      ctx,
      input: {
        email: change.email,
        reason: change.reason,
        source,
        consent: { origin: connector.id, note: change.what },
      },
    });
    return listed ? 'applied' : 'unchanged';
  }
  return withTransaction(ctx, async (tx) => {
    const contact = await findContactByEmail({ ctx: tx, input: { email: change.email } });
    if (!contact) return 'unknown contact';
    const known = new Set((await listTopics({ ctx: tx })).map((t) => t.key));
    const topics = change.topics.filter((t) => known.has(t));
    if (topics.length === 0) return 'unchanged';
    const changed = await setPreferences({
      ctx: tx,
      input: {
        contactId: contact.id,
        changes: Object.fromEntries(topics.map((t) => [t, 'unsubscribed' as const])),
        actor: 'staff',
        consent,
      },
    });
    return changed.length > 0 ? 'applied' : 'unchanged';
  });
}

export async function receiveInbound(
  ctx: ConnectorContext,
  input: { id: string; secret: string; request: InboundRequest },
): Promise<InboundSummary> {
  const connector = await connectorForInbound(ctx, input.id, input.secret);
  const open = await openConnector(ctx, connector);
  let changes: InboundChange[];
  try {
    changes = open.tool.parseInbound(input.request, open.settings, open.credentials);
  } catch (err) {
    if (err instanceof AppError && err.code === 'unauthorized') {
      await logActivity(ctx.db, ctx.clock.now(), [
        {
          connectorId: connector.id,
          direction: 'inbound',
          what: 'call',
          outcome: 'refused (does not verify)',
        },
      ]);
    }
    throw err;
  }
  const summary: InboundSummary = { received: true, applied: 0, unchanged: 0, ignored: 0 };
  const log: Parameters<typeof logActivity>[2] = [];
  for (let change of changes) {
    if (change.kind === 'recheck') {
      const member = await open.tool.readMember(open.client, open.settings, change.email).catch((err) => {
        // The tool retries a call that failed; by then it may answer.
        if (err instanceof ToolHttpError)
          throw new AppError('service_unavailable', 'the tool could not be read back; try again');
        throw err;
      });
      change = member?.optedOut.length
        ? { kind: 'opt_out', email: change.email, topics: member.optedOut, what: change.what }
        : { kind: 'ignore', what: `${change.what} (nothing opted out)` };
    }
    if (change.kind === 'ignore') {
      summary.ignored += 1;
      log.push({ connectorId: connector.id, direction: 'inbound', what: change.what, outcome: 'ignored' });
      continue;
    }
    const outcome = await applyInboundChange(ctx, connector, open.tool.source, change);
    if (outcome === 'applied') summary.applied += 1;
    else if (outcome === 'unchanged') summary.unchanged += 1;
    else summary.ignored += 1;
    log.push({ connectorId: connector.id, direction: 'inbound', what: change.what, outcome });
  }
  await logActivity(ctx.db, ctx.clock.now(), log);
  return summary;
}
