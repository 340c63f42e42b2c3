// How a delivery target (a webhook endpoint, a connector) is doing, as the admin pages list it:
// receiving or disabled with its reason, and since when it fails. One place for both kinds.
import { fill } from '../../../console/i18n';

/** A time as the admin pages show it: minutes, UTC. */
export const when = (d: Date | null | undefined) =>
  d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';

interface StateTexts {
  enabled: string;
  disabled: string;
  failingSince: string;
}

export function TargetState(props: {
  t: StateTexts;
  target: { enabled: boolean; disabledReason: string | null; failingSince: Date | null };
}) {
  const { t, target } = props;
  return (
    <>
      {target.enabled ? t.enabled : fill(t.disabled, { reason: target.disabledReason ?? '' })}
      {target.failingSince ? (
        <>
          {' '}
          <strong class="overdue">{fill(t.failingSince, { since: when(target.failingSince) })}</strong>
        </>
      ) : null}
    </>
  );
}
