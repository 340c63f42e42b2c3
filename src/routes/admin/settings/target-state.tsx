// How a delivery target (a webhook endpoint, a connector) is doing, as the admin pages list it:
// receiving or disabled with its reason, and since when it fails. One place for both kinds.
import { formatTime } from '../../../console/format';
import { type ConsoleLocale, fill } from '../../../console/i18n';
import { ScrollTable } from '../../../console/scroll-table';

/** A time as the admin pages show it: to the minute, UTC, in the page's language. */
export const when = (d: Date | null | undefined, locale: ConsoleLocale) => (d ? formatTime(d, locale) : '');

interface StateTexts {
  enabled: string;
  disabled: string;
  failingSince: string;
}

export function TargetState(props: { t: StateTexts; locale: ConsoleLocale; target: Target }) {
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

type Target = { enabled: boolean; disabledReason: string | null; failingSince: Date | null };

/** The list page of either kind: each target linked to its own page, with how it is doing. */
export function TargetList(props: {
  t: StateTexts & { none: string; state: string };
  locale: ConsoleLocale;
  nameHeading: string;
  targets: Array<{ href: string; label: string; target: Target }>;
}) {
  const { t } = props;
  if (props.targets.length === 0) return <p class="muted">{t.none}</p>;
  return (
    <ScrollTable head={[props.nameHeading, t.state]}>
      {props.targets.map(({ href, label, target }) => (
        <tr>
          <th scope="row">
            <a href={href}>{label}</a>
          </th>
          <td>
            <TargetState t={t} target={target} locale={props.locale} />
          </td>
        </tr>
      ))}
    </ScrollTable>
  );
}
