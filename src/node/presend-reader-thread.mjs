// Entry of the presend reader thread (see presend-reader.ts): loads the TypeScript side
// through tsx's API, so it runs however the main thread was started.
import { tsImport } from 'tsx/esm/api';

await tsImport('./presend-reader-thread.ts', import.meta.url);
