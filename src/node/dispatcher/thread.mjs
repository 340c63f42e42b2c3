// Entry of the webhook dispatcher's thread (see threaded.ts): loads the TypeScript side through
// tsx's API, so it runs however the main thread was started.
import { tsImport } from 'tsx/esm/api';

await tsImport('./thread.ts', import.meta.url);
