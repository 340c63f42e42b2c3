// Entry of the presend reader thread (see split-reader.ts): loads the TypeScript side
// through tsx's API, so it runs however the main thread was started.
import { tsImport } from 'tsx/esm/api';

await tsImport('./reader-thread.ts', import.meta.url);
