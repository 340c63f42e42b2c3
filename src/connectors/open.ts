// Opens a stored connector for use: its credentials unsealed and checked by its tool, and a
// ToolClient on its base URL through the runtime's guarded fetch and the connector's gate.
import type { SecretBox } from '../crypto/secret-box';
import type { Connector } from '../domain/connectors';
import type { DbOrTx } from '../domain/context';
import { AppError } from '../domain/errors';
import { createToolClient, type ToolClient } from './http';
import { toolFor } from './registry';
import type { ConnectorRuntime } from './runtime';
import type { ConnectorTool } from './types';

export const credentialsContext = (id: string) => `connector:${id}`;
export const inboundSecretContext = (id: string) => `connector-inbound:${id}`;

export interface OpenDeps {
  db: DbOrTx;
  secretBox?: SecretBox;
  connectors: ConnectorRuntime;
  timeoutMs: number;
}

export interface OpenConnector {
  connector: Connector;
  // biome-ignore lint/suspicious/noExplicitAny: each tool validates its own shapes
  tool: ConnectorTool<any, any>;
  settings: unknown;
  credentials: unknown;
  client: ToolClient;
}

export function requireSecretBox(box: SecretBox | undefined): SecretBox {
  if (!box) {
    throw new AppError(
      'service_unavailable',
      'connector credentials cannot be stored: set ENCRYPTION_KEY (32+ random characters)',
    );
  }
  return box;
}

export async function openConnector(deps: OpenDeps, connector: Connector): Promise<OpenConnector> {
  const tool = toolFor(connector.type);
  const box = requireSecretBox(deps.secretBox);
  const credentials = tool.credentials.parse(
    JSON.parse(await box.open(connector.credentials, credentialsContext(connector.id))),
  );
  const settings = tool.settings.parse(connector.settings);
  const client = createToolClient({
    base: connector.apiBase ?? tool.defaultApiBase(credentials),
    headers: tool.authHeaders(credentials),
    fetch: deps.connectors.fetch,
    gate: deps.connectors.gate(connector.id, tool.maxConcurrent),
    timeoutMs: deps.timeoutMs,
    retryAfterHeaders: tool.retryAfterHeaders,
  });
  return { connector, tool, settings, credentials, client };
}
