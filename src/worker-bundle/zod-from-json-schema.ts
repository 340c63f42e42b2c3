// `z.fromJSONSchema` (./from-json-schema.js in zod/v4/classic) as the Worker bundles it: absent.
// The service builds its schemas in code and never from a JSON Schema (wrangler.toml [alias]).
export function fromJSONSchema(): never {
  throw new Error("zod's fromJSONSchema is not part of the Worker bundle");
}
