// /openapi.json as the Worker serves it: generated on Node when the Worker is deployed (the
// [build] command, scripts/worker-assets.ts) and uploaded as a static asset, so the Worker's
// script does not carry the document generator. The build writes it for a stand-in public URL,
// and the Worker puts its own PUBLIC_URL in, so both runtimes answer the same bytes.
import { AppError } from '../../domain/errors';

/** Where the deploy's static assets hold the document (wrangler.toml routes it to the Worker). */
export const OPENAPI_ASSET_PATH = '/openapi.json';
/** The public URL the build writes the document for; it appears nowhere else in it. */
export const TEMPLATE_PUBLIC_URL = 'https://mailprefs-public-url.invalid';

/** The assets binding (`ASSETS` in wrangler.toml), as far as this module uses it. */
export interface AssetFetcher {
  fetch(url: string): Promise<Response>;
}

/** The prebuilt document for `publicUrl`, from the template the build wrote. */
export function documentFor(template: string, publicUrl: string): string {
  // Inside JSON strings, so the URL is written with JSON's escapes, as Node's generator does.
  const inJson = (text: string) => JSON.stringify(text).slice(1, -1);
  return template.replaceAll(inJson(TEMPLATE_PUBLIC_URL), inJson(publicUrl));
}

/** Reads the template once per isolate; a failed read is tried again on the next request. */
export function prebuiltOpenApiDocument(assets: AssetFetcher | undefined, publicUrl: string) {
  let document: Promise<string> | undefined;
  const load = async () => {
    const res = await assets?.fetch(`https://assets.invalid${OPENAPI_ASSET_PATH}`);
    if (!res?.ok) {
      throw new AppError(
        'service_unavailable',
        'the OpenAPI document is not among the static assets of this deploy (wrangler.toml [assets])',
      );
    }
    return documentFor(await res.text(), publicUrl);
  };
  return (): Promise<string> => {
    document ??= load().catch((err) => {
      document = undefined;
      throw err;
    });
    return document;
  };
}
