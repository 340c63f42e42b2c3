// What connectors need from the runtime, built once per process by the entry point: a fetch
// that refuses private targets (the same rules as webhooks, checked before every request, so
// a name that later resolves elsewhere is still caught), and one gate per connector that caps
// its requests in flight across every dispatch round of the process.
import { createGate, type Fetch, type Gate } from './http';

export interface ConnectorRuntime {
  fetch: Fetch;
  gate(connectorId: string, max: number): Gate;
}

export function createConnectorRuntime(
  checkTargetUrl: (url: string) => Promise<void>,
  fetcher: Fetch = (input, init) => fetch(input, init),
): ConnectorRuntime {
  const gates = new Map<string, Gate>();
  return {
    async fetch(url, init) {
      try {
        await checkTargetUrl(url);
      } catch {
        throw new TypeError('address not allowed');
      }
      return fetcher(url, init);
    },
    gate(connectorId, max) {
      let gate = gates.get(connectorId);
      if (!gate) {
        gate = createGate(max);
        gates.set(connectorId, gate);
      }
      return gate;
    },
  };
}
