// Entry of the import's worker thread (see import-pipeline.ts): loads the TypeScript worker
// through tsx's API, so it runs however the main thread was started.
import { tsImport } from 'tsx/esm/api';

await tsImport('./import-worker.ts', import.meta.url);
