// Entry of the one-click writer thread (see writer.ts): loads the TypeScript side through
// tsx's API, so it runs however the main thread was started.
import { tsImport } from 'tsx/esm/api';

await tsImport('./writer-thread.ts', import.meta.url);
