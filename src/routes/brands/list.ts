import { createRoute, z } from '@hono/zod-openapi';
import { type AppDeps, domainContext } from '../../deps';
import { listBrands } from '../../domain/brands';
import { requireScope } from '../../http/middleware';
import { apiErrors, jsonContent } from '../../http/openapi';
import type { Router } from '../../http/router';
import { BrandOutput, brandJson } from './schema';

export function registerListBrands(router: Router, deps: AppDeps) {
  const route = createRoute({
    method: 'get',
    path: '/v1/brands',
    operationId: 'listBrands',
    tags: ['Brands'],
    summary: 'List brands, the default one first',
    security: [{ bearer: [] }],
    middleware: [requireScope(deps, 'admin')] as const,
    responses: { 200: jsonContent(z.object({ brands: z.array(BrandOutput) }), 'Brands'), ...apiErrors },
  });
  router.openapi(route, async (c) => {
    const fallback = deps.config.brand;
    const brands = await listBrands({ ctx: domainContext(deps), input: { fallback } });
    return c.json({ brands: brands.map((b) => brandJson(b, b === fallback)) }, 200);
  });
}
