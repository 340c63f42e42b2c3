// `mailprefs link <email> --topic <key> [--campaign <text>]`: the signed unsubscribe and
// preference URLs for one recipient, and the List-Unsubscribe headers (RFC 2369 and RFC 8058
// one-click) a mailing to them should carry. Handy for testing a mailing tool by hand.
import { parseArgs } from 'node:util';
import { requireContactByEmail } from '../../domain/contacts';
import { isValidEmail, normaliseEmail } from '../../domain/email';
import { requireActiveTopic } from '../../domain/topics';
import { recipientLinks } from '../../links/urls';
import { type CliIO, UsageError, write } from '../io';

export const linkUsage = 'link <email> --topic <key> [--campaign <text>]';

export async function linkCommand(args: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { topic: { type: 'string' }, campaign: { type: 'string' } },
  });
  const [raw, ...extra] = positionals;
  if (!raw || extra.length) throw new UsageError('give exactly one email address');
  const email = normaliseEmail(raw);
  if (!isValidEmail(email)) throw new UsageError(`not a valid email address: ${raw}`);
  if (!values.topic) throw new UsageError('--topic is required');
  if (values.campaign !== undefined && !/^[\w.:-]{1,64}$/.test(values.campaign)) {
    throw new UsageError('--campaign may use letters, digits, . _ : - (at most 64)');
  }

  const deps = await io.deps();
  const topic = await requireActiveTopic(deps.db, values.topic);
  const contact = await requireContactByEmail(deps.db, email);
  // The same builder as POST /v1/links and the sender helper, so the headers printed here are
  // exactly the ones a mailing gets.
  const links = await recipientLinks(deps.signer, deps.config.publicUrl, {
    contactId: contact.id,
    topic: topic.key,
    campaign: values.campaign,
    mailto: deps.config.unsubscribeMailto,
  });
  await write(
    io.stdout,
    [
      `Unsubscribe URL: ${links.unsubscribeUrl}`,
      `Preferences URL: ${links.preferencesUrl}`,
      '',
      'Headers for a mailing to this recipient:',
      ...Object.entries(links.headers).map(([name, value]) => `${name}: ${value}`),
      '',
    ].join('\n'),
  );
}
