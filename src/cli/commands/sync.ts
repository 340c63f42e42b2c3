// `mailprefs sync <connector-id> [--apply]`: compares a mailing tool's members with mailprefs
// and prints the differences; with --apply it records the tool's opt-outs here and pushes ours
// there (opt-outs only, never a subscription). Progress goes to stderr (a redrawn bar on a
// terminal, a line per page otherwise); the table is the command's output, on stdout.
import { parseArgs } from 'node:util';
import { type SyncReport, syncConnector } from '../../connectors/sync';
import { connectorContext } from '../../deps';
import { type CliIO, formatCount, UsageError, write } from '../io';

export const syncUsage = 'sync <connector-id> [--apply]';

const labels = {
  opt_out_here: 'opt out here',
  opt_out_there: 'opt out there',
  unknown_here: 'unknown here',
} as const;

export function syncTable(report: SyncReport): string {
  const lines = [
    `${report.applied ? 'Applied' : 'Dry run (nothing changed; add --apply)'}: ${formatCount(report.members)} members read from ${report.connector_id}.`,
  ];
  if (report.resumed_from) lines.push(`Resumed from ${report.resumed_from}.`);
  if (report.differences.length === 0) {
    lines.push('No differences.');
  } else {
    const width = Math.max(5, ...report.differences.map((d) => d.email.length));
    lines.push(`${'action'.padEnd(14)}${'email'.padEnd(width + 2)}topics${report.applied ? '  done' : ''}`);
    for (const d of report.differences) {
      const topics = d.topics.length ? d.topics.join(',') : d.kind === 'unknown_here' ? '-' : '(everything)';
      lines.push(
        `${labels[d.kind].padEnd(14)}${d.email.padEnd(width + 2)}${topics}${report.applied ? `  ${d.applied ? 'yes' : 'no'}` : ''}`,
      );
    }
  }
  lines.push(
    `Totals: ${report.counts.opt_out_here} opt out here, ${report.counts.opt_out_there} opt out there, ${report.counts.unknown_here} unknown here.`,
    '',
  );
  return lines.join('\n');
}

export async function syncCommand(args: string[], io: CliIO): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { apply: { type: 'boolean' } },
  });
  if (positionals.length !== 1) throw new UsageError('give one connector id: sync <connector-id> [--apply]');
  const deps = await io.deps();
  const tty = io.stderr.isTTY;
  const report = await syncConnector(connectorContext(deps), positionals[0], {
    apply: values.apply === true,
    onPage({ members, total }) {
      const fraction = total ? Math.min(1, members / total) : undefined;
      const bar =
        fraction === undefined
          ? ''
          : `[${'#'.repeat(Math.round(fraction * 24)).padEnd(24, '-')}] ${String(Math.floor(fraction * 100)).padStart(3)}% `;
      const text = `${bar}${formatCount(members)}${total ? ` / ${formatCount(total)}` : ''} members`;
      io.stderr.write(tty ? `\r\x1b[K${text}` : `sync: ${text}\n`);
    },
  });
  if (tty) io.stderr.write('\n');
  await write(io.stdout, syncTable(report));
}
