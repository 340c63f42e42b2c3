// What /openapi.json promises about itself: it passes Redocly's recommended rules, names every
// operation and who may call it, publishes patterns that every engine reads the same way, and
// says which fields exclude each other, exactly as validation enforces it.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContact, createTestEnv, createTopic, type TestEnv } from '../support/harness';

const run = promisify(execFile);
const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

interface Operation {
  operationId?: string;
  security?: Array<Record<string, string[]>>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
}

let env: TestEnv;
let doc: Document;
const dir = mkdtempSync(join(tmpdir(), 'mailprefs-openapi-'));

beforeAll(async () => {
  env = await createTestEnv();
  doc = (await (await env.api('GET', '/openapi.json', undefined, { key: null })).json()) as Document;
});
afterAll(() => {
  env?.close();
  rmSync(dir, { recursive: true, force: true });
});

function operations() {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );
}

/** Every schema with a pattern, with the example beside it if it has one. */
function patternsIn(node: unknown, at = '#'): Array<{ at: string; pattern: string; example?: unknown }> {
  if (Array.isArray(node)) return node.flatMap((v, i) => patternsIn(v, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  const schema = node as { pattern?: unknown; example?: unknown };
  const here =
    typeof schema.pattern === 'string' ? [{ at, pattern: schema.pattern, example: schema.example }] : [];
  return [...here, ...Object.entries(node).flatMap(([key, value]) => patternsIn(value, `${at}/${key}`))];
}

describe('/openapi.json', () => {
  it('passes Redocly lint (recommended rules) with no errors, offline', { timeout: 60_000 }, async () => {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(doc));
    const { stdout } = await run(
      process.execPath,
      [redocly, 'lint', file, '--config', 'redocly.yaml', '--format', 'json'],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        timeout: 60_000,
      },
    );
    const report = JSON.parse(stdout) as {
      totals: { errors: number };
      problems: Array<{ ruleId: string; severity: string; location: Array<{ pointer: string }> }>;
    };
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}`);
    expect(report.totals.errors, problems.join('\n')).toBe(0);
    // The one warning left: a health check has no 4xx answer to document.
    expect(problems).toEqual(['warn operation-4xx-response #/paths/~1healthz/get/responses']);
  });

  it('gives every operation a readable, unique operationId', () => {
    const ids = operations().map(({ name, op }) => {
      expect(op.operationId, name).toMatch(/^[a-z][a-zA-Z]+$/);
      return op.operationId;
    });
    expect(ids.length).toBeGreaterThan(25);
    expect(new Set(ids).size).toBe(ids.length);
    const byName = Object.fromEntries(operations().map(({ name, op }) => [name, op.operationId]));
    expect(byName).toMatchObject({
      'POST /v1/contacts': 'upsertContact',
      'POST /u/{token}': 'oneClickUnsubscribe',
      'POST /v1/presend': 'checkPresend',
    });
  });

  it('says for every operation who may call it, public ones with security: []', () => {
    const schemes = Object.keys(doc.components.securitySchemes);
    for (const { name, op } of operations()) {
      expect(op.security, name).toBeDefined();
      for (const requirement of op.security!) {
        for (const scheme of Object.keys(requirement)) expect(schemes, name).toContain(scheme);
      }
    }
    const security = Object.fromEntries(operations().map(({ name, op }) => [name, op.security]));
    expect(security['GET /healthz']).toEqual([]);
    expect(security['POST /v1/subscribe']).toEqual([]);
    expect(security['POST /u/{token}']).toEqual([]);
    expect(security['POST /webhooks/resend']).toEqual([{ resendSignature: [] }]);
    expect(security['GET /v1/topics']).toEqual([{ bearer: [] }]);
  });

  it('publishes only patterns that compile without flags, mean the same with u, and fit their examples', () => {
    const found = patternsIn(doc);
    expect(found.length).toBeGreaterThan(0);
    for (const { at, pattern, example } of found) {
      if (typeof example === 'string') expect(new RegExp(pattern).test(example), at).toBe(true);
    }
    const probes = [
      'a',
      'p',
      'C',
      '{',
      'news-2026',
      'x\u0000y',
      'tab\there',
      'del\u007f',
      'nel\u0085',
      'é',
      '😀',
    ];
    for (const { at, pattern } of found) {
      const plain = new RegExp(pattern);
      const unicode = new RegExp(pattern, 'u');
      for (const probe of probes)
        expect(plain.test(probe), `${at} on ${JSON.stringify(probe)}`).toBe(unicode.test(probe));
    }
  });

  it('publishes the campaign pattern that POST /v1/links enforces', async () => {
    const campaign = (doc.components.schemas.LinkRequest.properties as Record<string, { pattern: string }>)
      .campaign;
    const pattern = new RegExp(campaign.pattern);
    const topic = await createTopic(env);
    const { email } = await createContact(env);
    const probes = [
      '2026-02',
      'spring {sale}',
      'Zomer 2026 – €5',
      'p{Cc}',
      'tab\there',
      'bell\u0007',
      'c1\u0085',
      'del\u007f',
    ];
    for (const value of probes) {
      const res = await env.api('POST', '/v1/links', { email, topic, campaign: value });
      expect([value, res.status], await res.clone().text()).toEqual([value, pattern.test(value) ? 200 : 400]);
    }
  });
});

describe('mutually exclusive fields', () => {
  // Each pair is a oneOf of `required` in the schema, and validation refuses both and neither.
  const cases = [
    {
      schema: 'StaffUnsubscribe',
      fields: ['topic', 'all'],
      send: async (body: Record<string, unknown>) => {
        const { email } = await createContact(env);
        return env.api('POST', `/v1/contacts/${encodeURIComponent(email)}/unsubscribe`, {
          source: 'phone',
          ...body,
        });
      },
      a: { topic: 'news' },
      b: { all: true },
    },
    {
      schema: 'PresendRequest',
      fields: ['recipients', 'email'],
      send: async (body: Record<string, unknown>) =>
        env.api('POST', '/v1/presend', { topic: await createTopic(env), ...body }),
      a: { recipients: ['jan@example.nl'] },
      b: { email: 'jan@example.nl' },
    },
    {
      schema: 'SubscribeRequest',
      fields: ['topics', 'topics[]'],
      send: async (body: Record<string, unknown>) =>
        env.api('POST', '/v1/subscribe', { email: 'jan@example.nl', ...body }, { key: null }),
      a: { topics: ['news'] },
      b: { 'topics[]': ['news'] },
    },
  ];

  it.each(cases)('$schema: $fields.0 or $fields.1, described as a oneOf', ({ schema, fields }) => {
    expect(doc.components.schemas[schema].oneOf).toEqual([
      { required: [fields[0]] },
      { required: [fields[1]] },
    ]);
  });

  it.each(cases)('$schema: both $fields.0 and $fields.1 are refused with a 400 naming both', async (c) => {
    const res = await c.send({ ...c.a, ...c.b });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message).toContain(c.fields[0]);
    expect(error.message).toContain(c.fields[1]);
    expect(error.message).toMatch(/not both/);
  });

  it.each(cases)('$schema: neither $fields.0 nor $fields.1 is refused with a 400', async (c) => {
    const res = await c.send({});
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('validation_failed');
    expect(error.message.startsWith(`${c.fields[0]}: `)).toBe(true);
  });
});
