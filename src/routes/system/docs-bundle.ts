// The API reference's browser bundle (the pinned @scalar/api-reference standalone build), served
// from our own host under a path that names its version, so it can be cached for good. Node
// serves the file from the installed package (src/node/docs-bundle.ts); the Worker ships it as
// a static asset (wrangler.toml [assets], laid out by scripts/worker-assets.ts).

/** The version of @scalar/api-reference in package.json; a test keeps the two equal. */
export const SCALAR_VERSION = '1.72.1';

export const SCALAR_BUNDLE_PATH = `/docs/scalar/${SCALAR_VERSION}/standalone.js`;

/** The bundle's bytes, for a runtime that serves it itself. */
export interface DocsBundle {
  read(): Promise<{ raw: Uint8Array<ArrayBuffer>; gzip: Uint8Array<ArrayBuffer> }>;
}
