// zod's JSON Schema conversion (`z.toJSONSchema`, each schema's `.toJSONSchema()` and
// `~standard.jsonSchema`) as the Worker bundles it: absent (wrangler.toml [alias] points zod's
// to-json-schema.js, json-schema-processors.js and json-schema-generator.js here). Nothing in
// the service converts a schema; the OpenAPI document has its own converter
// (@asteasolutions/zod-to-openapi). zod's getters such as `.minLength` and `.format` read
// `aggregateChecks`, which lives in the processors module, so that one function is the real one.
export { aggregateChecks } from '../../node_modules/zod/v4/core/json-schema-processors.js';

const absent = (name: string) => () => {
  throw new Error(`zod's ${name} is not part of the Worker bundle`);
};
const convert = absent('JSON Schema conversion');

export const toJSONSchema = convert;
export const createToJSONSchemaMethod = () => convert;
export const createStandardJSONSchemaMethod = () => convert;
// to-json-schema.js's building blocks, which the real processors module imports by name.
export const [extractDefs, finalize, handleUnrepresentable, initializeContext, process, processSchema] =
  Array.from({ length: 6 }, () => convert);
export class JSONSchemaGenerator {
  constructor() {
    convert();
  }
}
// The processors each schema type installs as `_zod.processJSONSchema`; only a conversion calls them.
export const allProcessors = {};
export const [
  anyProcessor,
  arrayProcessor,
  bigintProcessor,
  booleanProcessor,
  catchProcessor,
  customProcessor,
  dateProcessor,
  defaultProcessor,
  enumProcessor,
  fileProcessor,
  functionProcessor,
  intersectionProcessor,
  lazyProcessor,
  literalProcessor,
  mapProcessor,
  nanProcessor,
  neverProcessor,
  nonoptionalProcessor,
  nullProcessor,
  nullableProcessor,
  numberProcessor,
  objectProcessor,
  optionalProcessor,
  pipeProcessor,
  prefaultProcessor,
  promiseProcessor,
  readonlyProcessor,
  recordProcessor,
  setProcessor,
  stringProcessor,
  successProcessor,
  symbolProcessor,
  templateLiteralProcessor,
  transformProcessor,
  tupleProcessor,
  undefinedProcessor,
  unionProcessor,
  unknownProcessor,
  voidProcessor,
] = Array.from({ length: 39 }, () => convert);
