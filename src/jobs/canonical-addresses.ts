// What the one-time rewrite of stored addresses (domain/canonical-addresses.ts) did, as log
// lines: counts and contact ids, never an address.
import type { CanonicalAddressesResult } from '../domain/canonical-addresses';
import type { Logger } from '../logger';

export function reportCanonicalAddresses(logger: Logger, result: CanonicalAddressesResult): void {
  if (!result.ran) return;
  logger.info('stored addresses put in canonical form', {
    rewritten: result.rewritten,
    duplicates: result.duplicates.length,
    invalid: result.invalid.length,
  });
  for (const { kept, left } of result.duplicates) {
    logger.warn(
      'two contacts are one address in canonical form: the first keeps it and took over the opt-outs of the second, which is left as it was (see the README)',
      { kept, left },
    );
  }
  for (const id of result.invalid) {
    logger.warn('a contact address has no canonical form (invalid international domain); left as it was', {
      contact: id,
    });
  }
}
