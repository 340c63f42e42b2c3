// How a delivery target (a webhook endpoint, a connector) is doing, as the admin pages list it:
// receiving or disabled with its reason, and since when it fails. One place for both kinds.
import { formatTime } from '../../../console/format';
import { type ConsoleLocale, fill } from '../../../console/i18n';

/** A time as the admin pages show it: to the minute, UTC, in the page's language. */
export const when = (d: Date | null | undefined, locale: ConsoleLocale) => (d ? formatTime(d, locale) : '');

interface StateTexts {
  enabled: string;
  disabled: string;
  failingSince: string;
}

export function TargetState(props: {
  t: StateTexts;
  locale: ConsoleLocale;
  target: { enabled: boolean; disabledReason: string | null; failingSince: Date | null };
}) {
  const { t, target } = props;
  return (
    <>
      {target.enabled ? t.enabled : fill(t.disabled, { reason: target.disabledReason ?? '' })}
      {target.failingSince ? (
        <>
          {' '}
          <strong class="overdue">
            {fill(t.failingSince, { since: when(target.failingSince, props.locale) })}
          </strong>
        </>
      ) : null}
    </>
  );
}
