// `mailprefs import <file.csv> --topic <key> --source <text> [--basis …] [--rejects FILE]
// [--customer-since DATE] [--customer-until DATE]`: streams the file through the import core,
// shows progress on stderr, writes rejected rows to a CSV beside the input, and prints a
// summary on stdout.
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createImportWriter } from '../../db/import-writer';
import { embeddedPath } from '../../db/node';
import { legalBases } from '../../db/schema';
import { domainContext } from '../../deps';
import { csvLine } from '../../domain/csv';
import { isIsoDate } from '../../domain/customer-relationship';
import { importPrepared } from '../../domain/import';
import { DEFAULT_DATABASE_URL } from '../../node/deps';
import { prepareInWorker } from '../import-pipeline';
import { type CliIO, formatCount, openOutputFile, UsageError, write } from '../io';
import { createProgress } from '../progress';

export const importUsage =
  'import <file.csv> --topic <key> --source <text> [--basis consent|legitimate_interest] [--rejects FILE]\n' +
  '         [--customer-since YYYY-MM-DD] [--customer-until YYYY-MM-DD]';

export async function importCommand(args: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      topic: { type: 'string' },
      source: { type: 'string' },
      basis: { type: 'string' },
      rejects: { type: 'string' },
      'batch-size': { type: 'string' },
      // Customer dates for every row whose own cell is empty (or for a file without the columns).
      'customer-since': { type: 'string' },
      'customer-until': { type: 'string' },
    },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('give exactly one CSV file to import');
  if (!values.topic) throw new UsageError('--topic is required');
  if (!values.source?.trim()) throw new UsageError('--source is required (where the addresses came from)');
  const basis = values.basis;
  if (basis !== undefined && !(legalBases as readonly string[]).includes(basis)) {
    throw new UsageError(`--basis must be one of: ${legalBases.join(', ')}`);
  }
  const customer = { since: values['customer-since'], until: values['customer-until'] };
  for (const [flag, value] of [
    ['--customer-since', customer.since],
    ['--customer-until', customer.until],
  ] as const) {
    if (value !== undefined && !isIsoDate(value))
      throw new UsageError(`${flag} must be a date written YYYY-MM-DD`);
  }
  if (customer.since && customer.until && customer.until < customer.since)
    throw new UsageError('--customer-until must not be before --customer-since');
  const batchSize = values['batch-size'] ? Number(values['batch-size']) : undefined;
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize > 0 && batchSize <= 50_000)) {
    throw new UsageError('--batch-size must be a whole number from 1 to 50000');
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }

  const deps = await io.deps({ bulkWrites: true });
  const databaseUrl = io.config.databaseUrl ?? DEFAULT_DATABASE_URL;
  const rejectsPath = values.rejects ?? `${file}.rejects.csv`;
  const rejects = await openOutputFile(rejectsPath);
  await write(rejects, csvLine(['line', 'email', 'reason']));

  // Characters read so far, for the bar's percentage (exact for ASCII files).
  let read = 0;

  const progress = createProgress(io.stderr);
  const started = performance.now();
  try {
    // A worker thread reads, checks and hashes the rows; this thread writes them.
    const batches = prepareInWorker(file, {
      suppressionHashKey: await io.suppressionHashKey(),
      batchSize,
      customer,
      checkpointUrl: embeddedPath(databaseUrl) ? databaseUrl : undefined,
      onRead: (chars) => {
        read = chars;
      },
    });
    const summary = await importPrepared(
      { ...domainContext(deps), writer: createImportWriter(deps.db) },
      batches,
      {
        topic: values.topic,
        source: values.source,
        basis: basis as (typeof legalBases)[number] | undefined,
        label: basename(file),
        onProgress: (p) => progress.update(p, size ? Math.min(1, read / size) : undefined),
        onReject: (r) => write(rejects, csvLine([r.line, r.email, r.reason])),
      },
    );
    progress.finish(summary);
    const seconds = (performance.now() - started) / 1000;
    const reasons = Object.entries(summary.rejectedByReason)
      .map(([reason, n]) => `${reason} ${formatCount(n)}`)
      .join(', ');
    await write(
      io.stdout,
      [
        `Imported ${formatCount(summary.rows)} rows into '${values.topic}' in ${seconds.toFixed(1)} s (${formatCount(summary.rows / Math.max(seconds, 0.001))} rows/s).`,
        `  subscribed:         ${formatCount(summary.subscribed)}`,
        `  already subscribed: ${formatCount(summary.unchanged)}`,
        `  contacts created:   ${formatCount(summary.contactsCreated)}`,
        ...(summary.customerDates ? [`  customer dates:     ${formatCount(summary.customerDates)}`] : []),
        `  rejected:           ${formatCount(summary.rejected)}${reasons ? ` (${reasons})` : ''}`,
        `  rejected rows:      ${rejectsPath}`,
        `  import id:          ${summary.importId} (in the consent trail's note)`,
        '',
      ].join('\n'),
    );
  } finally {
    await new Promise<void>((resolve) => rejects.end(() => resolve()));
  }
}
