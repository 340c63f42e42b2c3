import { createRoute } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { putBrand } from '../../domain/brands';
import { jsonOnly, requireScope } from '../../http/middleware';
import { apiErrors, jsonBody, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { BrandInput, BrandKeyParam, BrandOutput, brandJson } from './schema';

export function registerPutBrand(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'put',
    path: '/v1/brands/{key}',
    operationId: 'upsertBrand',
    tags: ['Brands'],
    summary: 'Create or replace a brand',
    description:
      'A brand is one website or group company of the controller: its pages and mail show its name, logo, colour, website and privacy links. Storing `default` replaces the BRAND_* settings. An accent white text cannot be read on (below 4.5:1) is refused with 400 naming `accent`.',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin'), jsonOnly] as const,
    request: { params: BrandKeyParam, body: jsonBody(BrandInput) },
    responses: {
      200: jsonContent(BrandOutput, 'Replaced'),
      201: jsonContent(BrandOutput, 'Created'),
      ...apiErrors,
    },
  });
  router.openapi(route, async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const { brand, created } = await putBrand({
      ctx: domainContext(deps),
      input: {
        key,
        brand: {
          name: body.name,
          websiteUrl: body.website_url,
          publicUrl: body.public_url ?? null,
          logoUrl: body.logo_url ?? null,
          accent: body.accent ?? null,
          mailFrom: body.mail_from ?? null,
          privacyPolicyUrl: body.privacy_policy_url ?? null,
          privacyContact: body.privacy_contact ?? null,
          defaultLocale: body.default_locale ?? null,
        },
      },
    });
    return c.json(brandJson(brand), created ? 201 : 200);
  });
}
