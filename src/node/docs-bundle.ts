// Reads the API reference's browser bundle from the installed @scalar/api-reference (resolved
// like an import, so it follows wherever npm put the package). Read and gzipped once, on the
// first request for it: the server starts no slower and the CLI never touches it.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { DocsBundle } from '../routes/system/docs-bundle';

export function scalarBundleFile(): string {
  const entry = createRequire(import.meta.url).resolve('@scalar/api-reference');
  return join(dirname(entry), 'browser', 'standalone.js');
}

export function nodeDocsBundle(): DocsBundle {
  let bytes: ReturnType<DocsBundle['read']> | undefined;
  return {
    read() {
      bytes ??= (async () => {
        const raw = await readFile(scalarBundleFile());
        return { raw, gzip: await promisify(gzip)(raw) };
      })();
      // A failed read is tried again next time rather than remembered.
      bytes.catch(() => {
        bytes = undefined;
      });
      return bytes;
    },
  };
}
