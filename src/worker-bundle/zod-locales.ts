// zod's locale index as the Worker bundles it (wrangler.toml [alias]): English only. zod
// reaches every locale through `export * as locales` in namespace objects that
// @hono/zod-openapi passes around as values, so the bundler cannot drop the other 40-odd
// (about 260 KiB minified). The service never switches zod's locale: its error envelope
// carries its own messages, and zod's default is English.
export { default as en } from 'zod/v4/locales/en.js';
