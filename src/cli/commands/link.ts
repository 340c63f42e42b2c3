// `mailprefs link <email> --topic <key> [--campaign <text>]`: the signed unsubscribe and
// preference URLs for one recipient, and the List-Unsubscribe headers (RFC 2369 and RFC 8058
// one-click) a mailing to them should carry. Handy for testing a mailing tool by hand. The links
// point at PUBLIC_URL (or localhost and PORT), else at the URL the server last started with.
import { parseArgs } from 'node:util';
import { type AppDeps, domainContext } from '../../deps';
import { requireContact } from '../../domain/contacts';
import { isValidEmail, normaliseEmail } from '../../domain/email';
import { recordedPublicUrl } from '../../domain/public-url';
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
  const ctx = domainContext(deps);
  const topic = await requireActiveTopic({ ctx, input: { key: values.topic } });
  const contact = await requireContact({ ctx, input: { email } });
  const publicUrl = await linkBase(io, deps);
  // The same builder as POST /v1/links and the sender helper, so the headers printed here are
  // exactly the ones a mailing gets.
  const links = await recipientLinks(deps.signer, publicUrl, {
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

/**
 * PUBLIC_URL or PORT when given; else the URL the server last started with on this database;
 * else the default. Where it came from goes to stderr when the environment did not say.
 */
async function linkBase(io: CliIO, deps: AppDeps): Promise<string> {
  if (io.publicUrlConfigured) return deps.config.publicUrl;
  const recorded = await recordedPublicUrl({ ctx: domainContext(deps) });
  await write(
    io.stderr,
    recorded
      ? `Links use ${recorded}, the URL the server last started with on this database (set PUBLIC_URL to choose).\n`
      : `Links use ${deps.config.publicUrl}, the default: set PUBLIC_URL (or PORT) to the address the server answers on.\n`,
  );
  return recorded ?? deps.config.publicUrl;
}
