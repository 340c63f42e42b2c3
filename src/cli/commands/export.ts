// `mailprefs export [--format csv|json] [--out FILE] [--email ADDRESS]`: every contact with
// their subscriptions (stdout by default), read page by page so the file can be any size; or,
// with --email, one person's full data document (the same as the API's export). With --out the
// file gets the data and stdout says what was written where.
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { domainContext } from '../../deps';
import { requireContact } from '../../domain/contacts';
import { csvLine } from '../../domain/csv';
import { normaliseEmail } from '../../domain/email';
import { allContacts, exportOf } from '../../domain/export';
import { listTopics } from '../../domain/topics';
import { type CliIO, formatCount, openOutputFile, UsageError, write } from '../io';

export const exportUsage = 'export [--format csv|json] [--out FILE] [--email ADDRESS]';

export async function exportCommand(args: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, email: { type: 'string' } },
  });
  if (positionals.length) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  const format = values.format ?? 'json';
  if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
  if (values.email && format !== 'json') throw new UsageError('--email exports one JSON document');

  const ctx = domainContext(await io.deps());
  const out: Writable = values.out ? await openOutputFile(values.out) : io.stdout;
  let contacts = 0;
  try {
    if (values.email) {
      const contact = await requireContact({ ctx, input: { email: normaliseEmail(values.email) } });
      const doc = await exportOf({ ctx, input: { contact } });
      await write(out, `${JSON.stringify(doc, null, 2)}\n`);
      contacts = 1;
    } else if (format === 'csv') {
      const topics = (await listTopics({ ctx, input: { includeArchived: true } })).map((t) => t.key);
      await write(
        out,
        csvLine([
          'email',
          'locale',
          'created_at',
          'last_activity_at',
          'unsubscribed_all',
          // Named as the import reads them, so an export can be imported elsewhere.
          'customer_since',
          'customer_until',
          ...topics,
        ]),
      );
      for await (const { contact, subscriptions } of allContacts({ ctx })) {
        const status = new Map(subscriptions.map((s) => [s.topicKey, s.status]));
        await write(
          out,
          csvLine([
            contact.email,
            contact.locale,
            contact.createdAt.toISOString(),
            contact.lastActivityAt.toISOString(),
            contact.unsubscribedAllAt ? 'true' : 'false',
            contact.customerSince,
            contact.customerUntil,
            ...topics.map((t) => status.get(t) ?? ''),
          ]),
        );
        contacts++;
      }
    } else {
      await write(
        out,
        `{"schema":"mailprefs/contacts-export","schema_version":1,"exported_at":${JSON.stringify(ctx.clock.now().toISOString())},"contacts":[`,
      );
      let first = true;
      for await (const { contact, subscriptions } of allContacts({ ctx })) {
        const row = {
          email: contact.email,
          locale: contact.locale,
          created_at: contact.createdAt.toISOString(),
          last_activity_at: contact.lastActivityAt.toISOString(),
          unsubscribed_all: contact.unsubscribedAllAt !== null,
          customer_since: contact.customerSince,
          customer_until: contact.customerUntil,
          subscriptions: Object.fromEntries(subscriptions.map((s) => [s.topicKey, s.status])),
        };
        await write(out, `${first ? '\n' : ',\n'}${JSON.stringify(row)}`);
        first = false;
        contacts++;
      }
      await write(out, '\n]}\n');
    }
  } finally {
    if (out !== io.stdout) await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  if (values.out) {
    const what = values.email
      ? "1 contact's data document (JSON)"
      : `${formatCount(contacts)} ${contacts === 1 ? 'contact' : 'contacts'} (${format.toUpperCase()})`;
    await write(io.stdout, `Wrote ${what} to ${values.out}\n`);
  }
}
