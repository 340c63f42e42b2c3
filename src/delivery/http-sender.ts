// The port a webhook target sends through: one POST, no redirects followed, a deadline, and an
// answer in our words. Node sends with node:https and checks the address inside the
// connection's own DNS lookup (src/node/webhook-sender.ts); Workers send with fetch
// (fetch-sender.ts).

export interface HttpPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export type HttpAnswer =
  | { kind: 'response'; status: number; retryAfter?: string }
  /** No HTTP answer: `timeout`, `connection refused`, `address not allowed`, … */
  | { kind: 'failed'; error: string };

export interface HttpSender {
  post(request: HttpPost): Promise<HttpAnswer>;
}
