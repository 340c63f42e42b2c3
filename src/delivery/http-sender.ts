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

/** Seconds from a Retry-After header (seconds or an HTTP date), if it has a usable value. */
export function retryAfterSeconds(header: string | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d{1,9}$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
