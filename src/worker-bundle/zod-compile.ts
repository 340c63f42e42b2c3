// zod's compiler (`z.compile`, ./compile.js in zod/v4/core) as the Worker bundles it: absent.
// The service never compiles a schema, and the compiler builds its parsers with `new Function`,
// which Workers refuse anyway. Only the names zod's index re-exports are kept (wrangler.toml
// [alias]); calling one says where it went.
const absent = (name: string) => () => {
  throw new Error(`zod's ${name} is not part of the Worker bundle`);
};

export const INVALID = Symbol.for('zod.compile.invalid');
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
export const compile = absent('compile');
export const compileFn = absent('compileFn');
export const withParser = absent('withParser');
