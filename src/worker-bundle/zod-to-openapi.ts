// @asteasolutions/zod-to-openapi as the Worker bundles it (wrangler.toml [alias]): the registry
// that route definitions register into and the `.openapi()` extension of zod, without the
// document generator. The Worker serves /openapi.json prebuilt (routes/system/openapi-prebuilt.ts),
// and @hono/zod-openapi names the generators in methods the Worker never calls (`doc31`,
// `getOpenAPI31Document`), so the bundler could not drop them by itself. The relative path to
// the package's file is what keeps this module from matching its own alias.
export {
  extendZodWithOpenApi,
  getOpenApiMetadata,
  OpenAPIRegistry,
  // @ts-expect-error: the package declares its types for its entry point, not for this file by path.
} from '../../node_modules/@asteasolutions/zod-to-openapi/dist/index.mjs';

class AbsentGenerator {
  constructor() {
    throw new Error('the OpenAPI document generator is not part of the Worker bundle');
  }
}

export { AbsentGenerator as OpenApiGeneratorV3, AbsentGenerator as OpenApiGeneratorV31 };
