// What every public page promises, checked on an answer: a full standards-mode HTML document
// with the page headers (nothing loaded from elsewhere, no referrer, never cached, no cookie).
import { expect } from 'vitest';

export async function expectPage(res: Response, status: number): Promise<string> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('set-cookie')).toBeNull();
  const html = await res.text();
  expect(html.startsWith('<!doctype html><html lang=')).toBe(true);
  return html;
}
