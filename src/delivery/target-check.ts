// The check a target URL passes when it is registered or changed: its form (address-rules.ts),
// then every address its name resolves to. The same rules are applied again at delivery, by
// the sender, because a name can resolve elsewhere later.
import { AppError } from '../domain/errors';
import {
  checkResolvedAddresses,
  checkTargetUrl,
  ipLiteral,
  TargetRefused,
  type TargetRules,
} from '../net/address-rules';

/** Resolves a host name to its addresses (v4 and v6); throws when it does not resolve. */
export type HostResolver = (hostname: string) => Promise<string[]>;

export function createTargetUrlCheck(
  rules: TargetRules,
  resolve: HostResolver,
  field = 'url',
): (url: string) => Promise<void> {
  const refuse = (reason: string) =>
    new AppError('validation_failed', `${field}: ${reason}`, [{ field, message: reason }]);
  return async (raw) => {
    let url: URL;
    try {
      url = checkTargetUrl(raw, rules);
    } catch (err) {
      if (err instanceof TargetRefused) throw refuse(err.message);
      throw err;
    }
    if (rules.allowPrivate || ipLiteral(url.hostname)) return;
    let addresses: string[];
    try {
      addresses = await resolve(url.hostname);
    } catch {
      throw refuse('its host name does not resolve');
    }
    try {
      checkResolvedAddresses(addresses, rules);
    } catch (err) {
      if (err instanceof TargetRefused) throw refuse(err.message);
      throw err;
    }
  };
}
