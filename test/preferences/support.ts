// Helpers for preference-center tests: signed links made with the app's own signer, the page
// fetched and its form read back, and the form posted the way a browser posts it.
import type { TestEnv } from '../support/harness';

export async function preferenceToken(env: TestEnv, contactId: string): Promise<string> {
  return env.deps.signer.sign({ purpose: 'preferences', contactId, topic: null });
}

export interface OpenedPage {
  res: Response;
  html: string;
  formToken: string;
  shown: string[];
  ticked: string[];
}

export async function openPage(
  env: TestEnv,
  token: string,
  opts: { query?: string; headers?: Record<string, string> } = {},
): Promise<OpenedPage> {
  const res = await env.app.request(`/p/${token}${opts.query ?? ''}`, { headers: opts.headers });
  const html = await res.text();
  return { res, html, ...readForm(html) };
}

export function readForm(html: string) {
  return {
    formToken: html.match(/name="form_token" value="([^"]+)"/)?.[1] ?? '',
    shown: [...html.matchAll(/name="shown" value="([^"]+)"/g)].map((m) => m[1]),
    ticked: [...html.matchAll(/<input type="checkbox"[^>]*value="([^"]+)"[^>]*checked=""/g)].map((m) => m[1]),
  };
}

/** Posts the form like a browser on our own page (Sec-Fetch-Site: same-origin). */
export async function postForm(
  env: TestEnv,
  path: string,
  fields: Array<[string, string]>,
  headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', origin: 'null' },
): Promise<Response> {
  return env.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The fields a browser sends for a page with `ticked` boxes ticked. */
export function choices(page: { formToken: string; shown: string[] }, ticked: string[], action = 'save') {
  return [
    ['form_token', page.formToken],
    ...page.shown.map((k) => ['shown', k]),
    ...ticked.map((k) => ['topic', k]),
    ['action', action],
  ] as Array<[string, string]>;
}

export function statusText(html: string): string | undefined {
  return html.match(/role="status"[^>]*>(?:<p>)?([^<]*)<\/p>/)?.[1];
}
