// Shared steps for the link tests: issue links through the API and read a contact back.
import { expect } from 'vitest';
import type { TestEnv } from '../support/harness';

export interface IssuedLinks {
  contact_id: string;
  unsubscribe_url: string;
  preferences_url: string;
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': string };
}

export async function issueLinks(
  env: TestEnv,
  body: { email: string; topic: string | null; campaign?: string; locale?: 'en' | 'nl' },
): Promise<IssuedLinks> {
  const res = await env.api('POST', '/v1/links', body);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as IssuedLinks;
}

/** The path of a link, for app.request (links carry PUBLIC_URL, not the test server's). */
export function pathOf(url: string): string {
  return new URL(url).pathname;
}

export interface ContactView {
  id: string;
  unsubscribed_all: boolean;
  subscriptions: Record<string, string>;
  consent_trail: Array<Record<string, unknown>>;
}

export async function contactOf(env: TestEnv, email: string): Promise<ContactView> {
  const res = await env.api('GET', `/v1/contacts/${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as ContactView;
}

/** `List-Unsubscribe` parsed as an RFC 2369 list: angle-bracketed URLs separated by commas. */
export function parseRfc2369(value: string): string[] {
  expect(value).toMatch(/^<[^<>\s]+>(\s*,\s*<[^<>\s]+>)*$/);
  return [...value.matchAll(/<([^<>]+)>/g)].map((m) => m[1]);
}

/** The token with the character at `i` replaced by a different base64url character. */
export function flipAt(token: string, i: number): string {
  const c = token[i];
  const replacement = c === 'A' ? 'B' : c === '.' ? 'A' : 'A';
  return token.slice(0, i) + replacement + token.slice(i + 1);
}
